from django.conf import settings
from django.core.management.base import BaseCommand

from certificates.services import certificate_archives_purge


class Command(BaseCommand):
    help = (
        "Delete certificate ZIP archives older than LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS (daily, e.g. from "
        "cron); the archive rows and the audit log stay."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=settings.LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS)

    def handle(self, *args, **options):
        purged = certificate_archives_purge(days=options["days"])
        self.stdout.write(
            f"Deleted {purged} certificate archive file(s) older than {options['days']} day(s)."
        )
