"""The schema half of the move onto jobs.Job (data in 0005, ADR 0020): the old table goes."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_archives_to_jobs"),
    ]

    operations = [
        migrations.DeleteModel(name="CertificateArchive"),
    ]
