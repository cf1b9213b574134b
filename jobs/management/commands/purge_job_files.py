from django.core.management.base import BaseCommand

from jobs.services import job_files_purge


class Command(BaseCommand):
    help = (
        "Delete the files of background jobs (HR exports, certificate ZIPs) past their retention "
        "(LMS_EXPORT_RETENTION_DAYS, LMS_CERTIFICATE_ARCHIVE_RETENTION_DAYS); daily, e.g. from cron. "
        "The job rows and the audit logs stay."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Instead: delete files of jobs finished more than DAYS ago.",
        )

    def handle(self, *args, **options):
        purged = job_files_purge(days=options["days"])
        self.stdout.write(f"Deleted {purged} job file(s) past their retention.")
