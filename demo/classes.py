"""Demo classes (#15): one finished class with its attendance (some late, one excused) whose learners
completed the course (their certificates follow in ``demo.certificates``), and one upcoming class with a
session tomorrow. Dates are counted from today in Vietnam's time zone. Idempotent."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessment import services as assessment_services
from assessment.models import Quiz
from classes.models import Attendance, ClassMember, ClassSession, TrainingClass, Venue
from classes.services import attendance_record
from cms.models import CoursePage
from courses import services as course_services
from courses.selectors import course_lessons

from .learning import correct_answers
from .video import demo_lesson_watched

FINISHED_CODE = "SXD-CPXD-2026-01"
UPCOMING_CODE = "SXD-CPXD-2026-02"
COURSE = "quan-ly-cap-phep-xay-dung-truc-tuyen"
FINISHED_LEARNERS = [f"sxd.canbo{i:02d}@dothithongminh.test" for i in range(1, 9)]
UPCOMING_LEARNERS = ["canbo@dothithongminh.test"] + [
    f"sxd.canbo{i:02d}@dothithongminh.test" for i in range(9, 15)
]
EXCUSED_REASON = "Đi công tác theo Quyết định số 45/QĐ-SXD"
TOPICS = [
    "Quy trình cấp phép xây dựng trực tuyến",
    "Hồ sơ điện tử và chữ ký số",
    "Tra cứu quy hoạch trên bản đồ số",
    "Thực hành trên Cổng dịch vụ công",
]


def _at(day: datetime.date, hour: int) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _member(training_class: TrainingClass, user: User, now) -> ClassMember:
    enrollment = course_services.enrollment_activate(user=user, course=training_class.course, now=now)
    member, _created = ClassMember.objects.get_or_create(
        training_class=training_class,
        user=user,
        defaults={
            "status": ClassMember.Status.REGISTERED,
            "enrollment": enrollment,
            "registered_at": now,
        },
    )
    return member


def _class(*, code, name, course, trainer, venue, starts_on, ends_on, status, sessions) -> TrainingClass:
    training_class = TrainingClass.objects.create(
        course=course,
        name=name,
        code=code,
        starts_on=starts_on,
        ends_on=ends_on,
        status=status,
        min_attendance_percent=75,
        capacity=30,
    )
    training_class.trainers.add(trainer)
    training_class.venues.add(venue)
    for index, (day, hour) in enumerate(sessions):
        ClassSession.objects.create(
            training_class=training_class,
            title=TOPICS[index % len(TOPICS)],
            starts_at=_at(day, hour),
            ends_at=_at(day, hour) + datetime.timedelta(hours=3, minutes=30),
            venue=venue,
            trainer=trainer,
        )
    return training_class


def load_classes() -> list[TrainingClass]:
    if TrainingClass.objects.filter(code__in=[FINISHED_CODE, UPCOMING_CODE]).exists():
        return list(TrainingClass.objects.filter(code__in=[FINISHED_CODE, UPCOMING_CODE]))
    course = CoursePage.objects.live().get(slug=COURSE)
    trainer = User.objects.get(email="giangvien@dothithongminh.test")
    venue, _ = Venue.objects.get_or_create(
        name="Hội trường Sở Xây dựng",
        defaults={"address": "Số 2 Trần Hưng Đạo, phường Tân Ninh, tỉnh Tây Ninh", "capacity": 80},
    )
    today = timezone.localdate()
    with transaction.atomic():
        finished = _class(
            code=FINISHED_CODE,
            name="Lớp bồi dưỡng cấp phép xây dựng trực tuyến, khóa 1",
            course=course,
            trainer=trainer,
            venue=venue,
            starts_on=today - datetime.timedelta(days=24),
            ends_on=today - datetime.timedelta(days=17),
            status=TrainingClass.Status.FINISHED,
            sessions=[(today - datetime.timedelta(days=d), 8) for d in (24, 22, 19, 17)],
        )
        upcoming = _class(
            code=UPCOMING_CODE,
            name="Lớp bồi dưỡng cấp phép xây dựng trực tuyến, khóa 2",
            course=course,
            trainer=trainer,
            venue=venue,
            starts_on=today + datetime.timedelta(days=1),
            ends_on=today + datetime.timedelta(days=8),
            status=TrainingClass.Status.OPEN,
            sessions=[(today + datetime.timedelta(days=d), 8) for d in (1, 3, 6, 8)],
        )
    _finished_learning(finished, trainer)
    for email in UPCOMING_LEARNERS:
        _member(upcoming, User.objects.get(email=email), timezone.now())
    return [finished, upcoming]


def _finished_learning(training_class: TrainingClass, trainer: User) -> None:
    """Everyone studied the lessons and passed the final quiz; attendance decides the rest: two learners
    came late to a session, one had an excused absence, one missed two sessions (below 75 %)."""
    course = training_class.course
    quiz = Quiz.objects.filter(course=course, is_final=True).first()
    lessons = list(course_lessons(course=course).defer("body"))
    sessions = list(training_class.sessions.order_by("starts_at"))
    registered_at = sessions[0].starts_at - datetime.timedelta(days=7)
    for index, email in enumerate(FINISHED_LEARNERS):
        member = _member(training_class, User.objects.get(email=email), registered_at)
        enrollment = member.enrollment
        for lesson in lessons:
            demo_lesson_watched(user=member.user, lesson=lesson)
            course_services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
        if quiz:
            attempt = course_services.quiz_attempt_start(quiz=quiz, user=member.user)
            assessment_services.quiz_attempt_submit(attempt=attempt, answers=correct_answers(attempt))
        for number, session in enumerate(sessions):
            status, reason, minutes = Attendance.Status.PRESENT, "", 5
            if (index, number) in ((1, 1), (4, 2)):
                status, minutes = Attendance.Status.LATE, 25
            elif (index, number) == (2, 2):
                status, reason = Attendance.Status.EXCUSED, EXCUSED_REASON
            elif index == 7 and number in (1, 3):
                status = Attendance.Status.ABSENT
            attendance_record(
                session=session,
                member=member,
                status=status,
                reason=reason,
                by=trainer,
                method=Attendance.Method.MANUAL
                if status != Attendance.Status.PRESENT
                else Attendance.Method.QR,
                now=session.starts_at + datetime.timedelta(minutes=minutes),
            )
