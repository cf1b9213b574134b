from django.core.management.base import BaseCommand

from certificates import tasks as certificate_tasks
from classes import tasks as class_tasks
from courses import tasks as course_tasks
from evaluations import tasks as evaluation_tasks


class Command(BaseCommand):
    help = (
        "Queue the due-date, overdue, certificate-expiry, class-session (day before) and evaluation reminders "
        "(daily, e.g. from cron), and open the evaluations of ended classes; the workers send them. Re-running "
        "sends nothing new."
    )

    def handle(self, *args, **options):
        due = course_tasks.send_due_reminders.enqueue()
        expiring = certificate_tasks.send_expiry_reminders.enqueue()
        sessions = class_tasks.send_session_reminders.enqueue()
        opened = evaluation_tasks.open_evaluations.enqueue()
        evaluations = evaluation_tasks.send_evaluation_reminders.enqueue()
        self.stdout.write(
            f"Queued the due-date reminders (task {due.id}), the certificate-expiry reminders "
            f"(task {expiring.id}), the class-session reminders (task {sessions.id}), the opening of ended "
            f"classes' evaluations (task {opened.id}) and the evaluation reminders (task {evaluations.id})."
        )
