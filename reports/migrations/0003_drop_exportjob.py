"""The schema half of the move onto jobs.Job (data in 0002, ADR 0020): the log points at the job, the old
table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0002_export_jobs_to_jobs"),
    ]

    operations = [
        migrations.RemoveField(model_name="exportlog", name="job"),
        migrations.RenameField(model_name="exportlog", old_name="new_job", new_name="job"),
        migrations.DeleteModel(name="ExportJob"),
    ]
