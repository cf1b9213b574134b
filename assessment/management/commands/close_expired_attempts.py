from django.core.management.base import BaseCommand

from assessment.services import quiz_attempts_close_expired


class Command(BaseCommand):
    help = (
        "Close and grade quiz attempts whose time limit has passed (run every few minutes, e.g. from cron)."
    )

    def handle(self, *args, **options):
        closed = quiz_attempts_close_expired()
        self.stdout.write(f"Closed {closed} expired attempt(s).")
