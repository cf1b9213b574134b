from django.dispatch import Signal

# Sent after the transaction that recorded an answered evaluation commits. Arguments: user, course_id.
# It carries who answered which course, never what they answered: certificates listens to issue a certificate
# that waited for the evaluation.
evaluation_answered = Signal()
