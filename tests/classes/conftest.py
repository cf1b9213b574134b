import datetime

import pytest
from django.utils import timezone

from accounts.models import Audience
from classes.models import ClassSession, TrainingClass, Venue

from ..factories import ProfileFactory, UserFactory, make_course, make_lesson, make_official


def make_class(course, *, code=None, sessions=0, start=None, **fields) -> TrainingClass:
    """An open class of ``course`` with ``sessions`` two-hour sessions on consecutive days from ``start``
    (default: tomorrow 08:00 in Vietnam's time)."""
    today = timezone.localdate()
    values = {
        "name": f"Lớp {course.title}",
        "code": code or f"L{TrainingClass.objects.count() + 1:03d}",
        "starts_on": today,
        "ends_on": today + datetime.timedelta(days=30),
        "status": TrainingClass.Status.OPEN,
        "for_officials": True,
        "for_citizens": True,
        **fields,
    }
    training_class = TrainingClass.objects.create(course=course, **values)
    first = start or timezone.make_aware(
        datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time(8))
    )
    for index in range(sessions):
        starts = first + datetime.timedelta(days=index)
        ClassSession.objects.create(
            training_class=training_class, starts_at=starts, ends_at=starts + datetime.timedelta(hours=2)
        )
    return training_class


@pytest.fixture
def course(catalog):
    course = make_course(catalog, title="Quản lý đô thị thông minh", for_officials=True, for_citizens=True)
    course.lessons = [make_lesson(course, title="Bài 1")]
    return course


@pytest.fixture
def learner(db):
    return ProfileFactory(audience=Audience.CITIZEN).user


@pytest.fixture
def official(tree):
    return make_official(tree["ptdt"]).user


@pytest.fixture
def trainer(db):
    return UserFactory(full_name="Giảng viên Trần Thị B")


@pytest.fixture
def venue(db):
    return Venue.objects.create(name="Phòng 301", address="Trung tâm Hành chính công tỉnh")
