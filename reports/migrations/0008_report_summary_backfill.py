"""Build the report summary once from the enrollments already there (later rebuilds: the task worker)."""

from django.db import migrations
from django.utils import timezone


def backfill(apps, schema_editor):
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


def empty(apps, schema_editor):
    for name in ("UnitCourseSummary", "UnitMonthSummary", "UnitLearnerSummary", "SummaryState"):
        apps.get_model("reports", name).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("reports", "0007_report_summary"),
        ("courses", "0006_enrollment_spelling_labels"),
    ]

    operations = [migrations.RunPython(backfill, empty)]
