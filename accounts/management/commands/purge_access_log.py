"""Delete personal-data access-log entries older than LMS_ACCESS_LOG_RETENTION_MONTHS (run daily)."""

from django.core.management.base import BaseCommand

from accounts import services


class Command(BaseCommand):
    help = "Delete personal-data access-log entries older than the retention period."

    def add_arguments(self, parser):
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Retention in months (default: the LMS_ACCESS_LOG_RETENTION_MONTHS setting).",
        )

    def handle(self, *args, months=None, **options):
        if months is not None and months < 1:
            self.stderr.write("--months must be at least 1.")
            return
        deleted = services.personal_data_access_purge(months=months)
        self.stdout.write(f"Deleted {deleted} access-log entries.")
