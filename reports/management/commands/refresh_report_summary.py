from django.core.management.base import BaseCommand

from reports.services import report_summary_refresh


class Command(BaseCommand):
    help = (
        "Rebuild the HR report summary from the enrollments (every minute, e.g. from cron; the report pages "
        "also queue a rebuild on the task worker when it is over a minute old)."
    )

    def handle(self, *args, **options):
        state = report_summary_refresh()
        self.stdout.write(
            f"report summary rebuilt as of {state.refreshed_at:%Y-%m-%d %H:%M:%S} in {state.seconds:.1f} s"
        )
