"""Reusable test data builders."""

import io
import zipfile

import factory
from allauth.account.models import EmailAddress

from accounts.models import Audience, HRScope, OrganisationUnit, Profile, User


def make_unit(
    code: str, name: str | None = None, parent: OrganisationUnit | None = None, kind: str = "office"
):
    values = {"code": code, "name": name or code, "kind": kind}
    if parent is None:
        return OrganisationUnit.add_root(**values)
    parent.refresh_from_db()
    return parent.add_child(**values)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"hocvien{n}@example.test")
    full_name = factory.Sequence(lambda n: f"Nguyễn Văn {n}")
    password = factory.PostGenerationMethodCall("set_password", "Mat-khau-an-toan-2026")

    @factory.post_generation
    def verified(obj, create, extracted, **kwargs):
        obj.save()
        if create and extracted is not False:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class ProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Profile

    user = factory.SubFactory(UserFactory)
    audience = Audience.CITIZEN


def make_official(unit: OrganisationUnit, **kwargs) -> Profile:
    return ProfileFactory(
        audience=Audience.OFFICIAL, organisation_unit=unit, position="Chuyên viên", **kwargs
    )


def make_hr_manager(*units: OrganisationUnit) -> User:
    user = UserFactory()
    for unit in units:
        HRScope.objects.create(user=user, unit=unit)
    return user


def make_course(catalog, *, title="Khóa học", slug=None, publish=True, **fields):
    """A published course page under ``catalog`` (pass publish=False for a draft)."""
    from django.utils.text import slugify

    from cms.checklist import publishing_unchecked
    from cms.models import CoursePage

    values = {"summary": f"Tóm tắt {title}", "track": "planning", "for_citizens": True, **fields}
    course = CoursePage(
        title=title, slug=slug or _next_slug(slugify(title) or "khoa-hoc"), live=publish, **values
    )
    catalog.add_child(instance=course)
    revision = course.save_revision()
    if publish:
        # Live at once, before its lessons: the checklist itself is tested in tests/cms/test_checklist.py.
        with publishing_unchecked():
            revision.publish()
    return course


def make_lesson(parent, *, title="Bài học", publish=True, body=None, **fields):
    from cms.models import LessonPage

    lesson = LessonPage(
        title=title,
        slug=_next_slug("bai-hoc"),
        body=body or [("paragraph", f"<p>Nội dung {title}</p>")],
        live=publish,
        **fields,
    )
    parent.refresh_from_db()
    parent.add_child(instance=lesson)
    revision = lesson.save_revision()
    if publish:
        revision.publish()
    return lesson


_slug_counter = iter(range(1, 10**9))


def _next_slug(prefix: str) -> str:
    return f"{prefix}-{next(_slug_counter)}"


def make_question(
    category=None, *, qtype="single", points=1, choices=None, pairs=None, partial=False, name=None
):
    """A question with options given as (text, fraction) pairs, or matching pairs as (prompt, answer)."""
    from decimal import Decimal

    from assessment.models import Choice, MatchPair, Question, QuestionCategory

    category = category or QuestionCategory.objects.get_or_create(name="Kiểm thử", parent=None)[0]
    question = Question.objects.create(
        category=category,
        type=qtype,
        name=name or _next_slug("cau-hoi"),
        text=f"Nội dung {qtype}?",
        points=Decimal(str(points)),
        partial_credit=partial,
    )
    defaults = {
        "single": [("Đúng", 1), ("Sai", 0), ("Sai nữa", 0)],
        "truefalse": [("Đúng", 1), ("Sai", 0)],
        "multiple": [("A", 0.5), ("B", 0.5), ("C", 0)],
        "short": [("Đô thị thông minh", 1), ("đô thị số", 0.5)],
    }
    for i, (text, fraction) in enumerate(choices or defaults.get(qtype, [])):
        Choice.objects.create(question=question, text=text, fraction=Decimal(str(fraction)), sort_order=i)
    for i, (prompt, answer) in enumerate(
        pairs or ([("Ếch", "lưỡng cư"), ("Mèo", "thú"), ("", "côn trùng")] if qtype == "matching" else [])
    ):
        MatchPair.objects.create(question=question, prompt=prompt, answer=answer, sort_order=i)
    return question


def make_quiz(course, questions, **settings):
    from assessment.models import Quiz, QuizQuestion

    quiz = Quiz.objects.create(
        title=settings.pop("title", "Bài kiểm tra cuối khóa"), course=course, **settings
    )
    for i, question in enumerate(questions):
        QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=i)
    return quiz


def with_damaged_sheet(workbook: bytes) -> bytes:
    """The XLSX ``workbook`` with its first sheet cut half-way: the zip stays sound, so only reading the sheet
    (which read-only openpyxl does lazily, row by row) meets the damage."""
    source = zipfile.ZipFile(io.BytesIO(workbook))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = content[: len(content) // 2]
            archive.writestr(item, content)
    return out.getvalue()


def make_completed_enrollment(user: User, course):
    """``user``'s enrollment in ``course``, completed now (as a certificate needs it)."""
    from django.utils import timezone

    from courses.models import Enrollment

    now = timezone.now()
    return Enrollment.objects.create(
        user=user, course=course, status="completed", enrolled_at=now, completed_at=now
    )
