"""The staff-area tests share the report fixtures: courses on two tracks, an HR sign-in, enrolment rows."""

from ..reports.conftest import NOW, at, courses, enrol, hr_login  # noqa: F401
