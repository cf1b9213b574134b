from django.dispatch import Signal

# Sent (synchronously, after the grading transaction) once per attempt when it is graded: on submit, or when
# it is closed at its deadline. Arguments: ``attempt``. ``courses`` records course completion from it.
attempt_graded = Signal()
