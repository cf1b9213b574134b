from django.conf import settings
from django.core.management.base import BaseCommand

from certificates.services import certificates_reconcile


class Command(BaseCommand):
    help = (
        "Issue the certificates of completed enrollments that have none and never had one revoked, and queue "
        "the PDF of certificates still without a file after --minutes (e.g. after a worker died between the "
        "two steps of issuing). Safe to run again; run after recover_tasks."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=settings.LMS_TASK_STUCK_MINUTES)

    def handle(self, *args, **options):
        result = certificates_reconcile(minutes=options["minutes"])
        self.stdout.write(
            f"Issued {result['issued']} missing certificate(s); queued the PDF of {result['rendered']} "
            "certificate(s) without a file."
        )
