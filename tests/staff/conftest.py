"""The staff-area tests share the report fixtures: courses on two tracks, an HR sign-in, enrollment rows."""

from ..reports.conftest import NOW, at, courses, enroll, hr_login  # noqa: F401
