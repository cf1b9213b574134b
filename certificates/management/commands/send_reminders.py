from django.core.management.base import BaseCommand

from certificates import tasks as certificate_tasks
from courses import tasks as course_tasks


class Command(BaseCommand):
    help = (
        "Queue the due-date, overdue and certificate-expiry reminders (daily, e.g. from cron); the workers "
        "send them. Re-running sends nothing new."
    )

    def handle(self, *args, **options):
        due = course_tasks.send_due_reminders.enqueue()
        expiring = certificate_tasks.send_expiry_reminders.enqueue()
        self.stdout.write(
            f"Queued the due-date reminders (task {due.id}) and the certificate-expiry reminders "
            f"(task {expiring.id})."
        )
