"""Registers a class's attendance rule with ``courses``' completion (courses/completion.py)."""

from courses.completion import completion_requirement_register

from .selectors import attendance_unmet

completion_requirement_register(name="classes.attendance", requirement=attendance_unmet)
