from django.dispatch import Signal

# Sent once per enrolment, after the transaction that recorded the completion commits.
# Arguments: enrollment.
course_completed = Signal()
