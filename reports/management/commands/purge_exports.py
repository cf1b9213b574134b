from django.conf import settings
from django.core.management.base import BaseCommand

from reports.services import export_files_purge


class Command(BaseCommand):
    help = "Delete export files older than LMS_EXPORT_RETENTION_DAYS (daily, e.g. from cron); the audit log stays."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.LMS_EXPORT_RETENTION_DAYS)

    def handle(self, *args, **options):
        purged = export_files_purge(days=options["days"])
        self.stdout.write(f"Deleted {purged} export file(s) older than {options['days']} day(s).")
