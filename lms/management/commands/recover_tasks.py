from django.conf import settings
from django.core.management.base import BaseCommand

from lms.tasks import recover_stuck_tasks


class Command(BaseCommand):
    help = (
        "Mark database tasks RUNNING longer than LMS_TASK_STUCK_MINUTES as failed (their worker died) and "
        "queue the idempotent ones again. Run every few minutes from cron, then reconcile_certificates."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=settings.LMS_TASK_STUCK_MINUTES)

    def handle(self, *args, **options):
        result = recover_stuck_tasks(minutes=options["minutes"])
        self.stdout.write(
            f"Marked {result['failed']} stuck task(s) failed; queued {result['requeued']} again."
        )
