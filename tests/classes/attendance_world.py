"""Builders for the attendance tests: a class with a session now, a trainer and registered learners."""

import datetime

from django.contrib.auth.models import Group
from django.utils import timezone

from accounts import roles
from classes.models import ClassMember, ClassSession, TrainingClass, Venue
from courses import services as course_services

from ..factories import UserFactory, make_course, make_lesson, make_official


def make_attendance_class(catalog, unit, *, learners=3, code="LBD-01", starts_at=None, trainer=None):
    """A running class of a new course with one session that started five minutes ago (or at
    ``starts_at``), a trainer in the trainers' group, and ``learners`` registered officials of ``unit``."""
    course = make_course(catalog, title=f"Khóa học {code}", for_officials=True)
    make_lesson(course, title="Bài 1")
    today = timezone.localdate()
    training_class = TrainingClass.objects.create(
        course=course,
        name=f"Lớp bồi dưỡng {code}",
        code=code,
        starts_on=today - datetime.timedelta(days=1),
        ends_on=today + datetime.timedelta(days=5),
        status=TrainingClass.Status.RUNNING,
    )
    if trainer is None:
        trainer = UserFactory(full_name="Giảng viên Lê Thị Hoa")
        group, _ = Group.objects.get_or_create(name=roles.TRAINERS)
        trainer.groups.add(group)
    training_class.trainers.add(trainer)
    venue = Venue.objects.create(name=f"Phòng họp {code}", address="Số 1 Trần Hưng Đạo")
    start = starts_at or timezone.now() - datetime.timedelta(minutes=5)
    session = ClassSession.objects.create(
        training_class=training_class,
        title="Buổi 1: Tổng quan",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        venue=venue,
        trainer=trainer,
    )
    members = [register(training_class, make_official(unit).user) for _ in range(learners)]
    return training_class, session, trainer, members


def register(training_class, user) -> ClassMember:
    enrollment = course_services.enrollment_activate(user=user, course=training_class.course)
    return ClassMember.objects.create(
        training_class=training_class,
        user=user,
        status=ClassMember.Status.REGISTERED,
        enrollment=enrollment,
        registered_at=timezone.now(),
    )
