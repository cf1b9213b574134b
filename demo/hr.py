"""Demo data for the HR area: officials of Sở Xây dựng, an assignment with some overdue, completions spread
over recent months, so every report and chart of the demo HR manager shows meaningful numbers. Idempotent."""

import datetime
import random

from allauth.account.models import EmailAddress
from django.db import transaction
from django.utils import timezone

from accounts.models import Audience, OrganisationUnit, Profile, User
from assessment import services as assessment_services
from assessment.models import Quiz
from cms.models import CoursePage
from courses import services
from courses.models import Assignment, Enrollment
from courses.selectors import course_lessons

from .learning import correct_answers
from .people import create_demo_user
from .video import demo_lesson_watched

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Phan", "Đặng", "Bùi", "Đỗ"]
MIDDLE = ["Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc", "Thu"]
GIVEN = [
    "An",
    "Bình",
    "Chi",
    "Dũng",
    "Giang",
    "Hải",
    "Hạnh",
    "Khánh",
    "Linh",
    "Nam",
    "Phúc",
    "Quyên",
    "Sơn",
    "Trang",
]
OFFICES = ["TN-SXD-VP", "TN-SXD-QHKT", "TN-SXD-PTDT"]
ASSIGNED_COURSE = "gioi-thieu-do-thi-thong-minh"
LEARNERS = 14


def load_hr_demo(*, seed: int) -> int:
    if Assignment.objects.exists():
        return 0
    rng = random.Random(seed)
    hr = User.objects.get(email="nhansu.sxd@dothithongminh.test")
    course = CoursePage.objects.live().get(slug=ASSIGNED_COURSE)
    learners = []
    with transaction.atomic():
        for i in range(1, LEARNERS + 1):
            email = f"sxd.canbo{i:02d}@dothithongminh.test"
            user = User.objects.filter(email=email).first()
            if user is None:
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                user = create_demo_user(email, full_name=name)
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                Profile.objects.create(
                    user=user,
                    audience=Audience.OFFICIAL,
                    organisation_unit=OrganisationUnit.objects.get(code=rng.choice(OFFICES)),
                    position="Chuyên viên",
                    staff_code=f"SXD-{100 + i}",
                )
            learners.append(user)
    unit = OrganisationUnit.objects.get(code="TN-SXD")
    services.course_assign(
        course=course,
        by=hr,
        due_at=timezone.now() + datetime.timedelta(days=21),
        unit=unit,
        note="Bồi dưỡng nhận thức chung về đô thị thông minh theo Công văn 171/UBND-KT",
    )
    quiz = Quiz.objects.filter(course=course, is_final=True).first()
    lessons = list(course_lessons(course=course).defer("body"))
    now = timezone.now()
    for i, user in enumerate(learners):
        enrollment = Enrollment.objects.get(user=user, course=course)
        stage = i % 4  # 0: completed, 1: half-way, 2: overdue (older assignment), 3: not started
        if stage in (0, 1):
            for lesson in lessons if stage == 0 else lessons[: len(lessons) // 2]:
                demo_lesson_watched(user=user, lesson=lesson)
                services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
        if stage == 0 and quiz:
            attempt = services.quiz_attempt_start(quiz=quiz, user=user)
            assessment_services.quiz_attempt_submit(attempt=attempt, answers=correct_answers(attempt))
        # Spread enrollments and completions over the last months so the charts have a history.
        months_ago = rng.randint(0, 4)
        started = now - datetime.timedelta(days=30 * months_ago + rng.randint(1, 25))
        updates = {"enrolled_at": started}
        if stage == 0:
            updates["completed_at"] = min(now, started + datetime.timedelta(days=rng.randint(3, 20)))
        if stage == 2:
            updates["due_at"] = now - datetime.timedelta(days=rng.randint(2, 30))
        Enrollment.objects.filter(pk=enrollment.pk).update(**updates)
    return len(learners)
