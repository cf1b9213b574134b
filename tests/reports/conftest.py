import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from courses.models import Enrollment

from ..auth import sign_in
from ..factories import make_course, make_hr_manager

NOW = timezone.make_aware(dt.datetime(2026, 6, 15, 10, 0))


def at(year: int, month: int, day: int = 10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, 9, 0))


def enroll(
    profile,
    course,
    status="active",
    *,
    source="self",
    enrolled_at=None,
    due_at=None,
    completed_at=None,
    score=None,
) -> Enrollment:
    """An enrollment row as the services would leave it, written directly (reports only read)."""
    if status == "completed" and completed_at is None:
        completed_at = (enrolled_at or at(2026, 3)) + dt.timedelta(days=20)
    return Enrollment.objects.create(
        user=profile.user,
        course=course,
        status=status,
        source=source,
        enrolled_at=enrolled_at or (None if status == "pending" else at(2026, 3)),
        due_at=due_at,
        completed_at=completed_at,
        final_score=None if score is None else Decimal(str(score)),
    )


@pytest.fixture
def courses(catalog):
    return {
        "planning": make_course(
            catalog,
            title="Quy hoạch đô thị thông minh",
            track="planning",
            for_officials=True,
            for_citizens=False,
        ),
        "economy": make_course(
            catalog,
            title="Kinh tế số và đổi mới sáng tạo",
            track="economy",
            for_officials=True,
            for_citizens=False,
        ),
    }


@pytest.fixture
def hr_login(client, with_totp):
    """Log ``client`` in as a new HR manager of ``units`` (with TOTP, as the middleware demands)."""

    def login(*units, user=None):
        user = user or with_totp(make_hr_manager(*units))
        sign_in(client, user)
        return user

    return login
