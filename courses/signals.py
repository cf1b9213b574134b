from django.dispatch import Signal

# Sent once per enrollment, after the transaction that recorded the completion commits.
# Arguments: enrollment.
course_completed = Signal()
