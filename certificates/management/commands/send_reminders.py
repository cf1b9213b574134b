from django.core.management.base import BaseCommand

from certificates.tasks import expiry_reminders_send
from courses.tasks import due_reminders_send


class Command(BaseCommand):
    help = (
        "Send due-date, overdue and certificate-expiry reminders (daily, e.g. from cron). "
        "Re-running sends nothing new."
    )

    def handle(self, *args, **options):
        due = due_reminders_send()
        expiring = expiry_reminders_send()
        self.stdout.write(f"Sent {due} due-date reminder(s) and {expiring} certificate-expiry reminder(s).")
