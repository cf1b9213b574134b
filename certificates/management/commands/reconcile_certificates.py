from django.core.management.base import BaseCommand

from certificates.services import certificates_reconcile


class Command(BaseCommand):
    help = (
        "Issue the certificates of completed enrolments that have none and never had one revoked (e.g. after "
        "a worker died while issuing). Safe to run again; run after recover_tasks."
    )

    def handle(self, *args, **options):
        issued = certificates_reconcile()
        self.stdout.write(f"Issued {issued} missing certificate(s).")
