"""Index the month summary by track, and rebuild the summary once so its all-tracks rows
(``UnitMonthSummary.ALL_TRACKS``, read by the month chart) exist before the worker's next refresh."""

from django.db import migrations, models
from django.utils import timezone


def rebuild(apps, schema_editor):
    from reports.services import summary_rebuild

    summary_rebuild(
        enrollment=apps.get_model("courses", "Enrollment"),
        profile=apps.get_model("accounts", "Profile"),
        course_summary=apps.get_model("reports", "UnitCourseSummary"),
        month_summary=apps.get_model("reports", "UnitMonthSummary"),
        learner_summary=apps.get_model("reports", "UnitLearnerSummary"),
        state=apps.get_model("reports", "SummaryState"),
        now=timezone.now(),
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0011_personal_data_requests"),
        ("reports", "0008_report_summary_backfill"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="unitmonthsummary",
            index=models.Index(fields=["track", "month"], name="reports_month_track_idx"),
        ),
        migrations.RunPython(rebuild, migrations.RunPython.noop),
    ]
