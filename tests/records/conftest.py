"""A small world for the training-record tests: categories (seeded by migration), courses with periods,
a class, officials in two subtrees, HR of each."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from classes.models import ClassMember, ClassSession, TrainingClass
from cms.content_categories import content_categories_seed
from cms.models import ContentCategory
from courses.models import Enrollment

from ..factories import make_course, make_hr_manager, make_official
from ..security_world import MINIMAL_PDF

YEAR = timezone.localdate().year


def local(year, month, day, hour=9):
    return timezone.make_aware(dt.datetime(year, month, day, hour, 0))


def pdf_upload(name="minh-chung.pdf", data=MINIMAL_PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, format="PNG")
    return buffer.getvalue()


def complete(user, course, when) -> Enrollment:
    return Enrollment.objects.create(
        user=user,
        course=course,
        status="completed",
        enrolled_at=when - dt.timedelta(days=3),
        completed_at=when,
    )


@pytest.fixture
def categories(db):
    # Seeded by a migration; a transactional (browser) test before this one flushed them, so seed again.
    content_categories_seed()
    return {c.code: c for c in ContentCategory.objects.all()}


@pytest.fixture
def rworld(catalog, tree, categories):
    """Course A (16 periods, QLNN), course B (8 periods, KNS), a class of course B with 2 sessions of 4 and 5
    periods (no figure of its own, category LLCT); officials in SXD-PTDT and KHCN-CDS; HR of SXD and KHCN."""
    course_a = make_course(
        catalog,
        title="Quản lý nhà nước về đô thị",
        for_officials=True,
        periods=16,
        content_category=categories["QLNN"],
    )
    course_b = make_course(
        catalog,
        title="Chuyển đổi số cơ bản",
        for_officials=True,
        periods=8,
        content_category=categories["KNS"],
    )
    training_class = TrainingClass.objects.create(
        course=course_b,
        name="Lớp chuyển đổi số khóa 1",
        code="CDS-01",
        starts_on=dt.date(YEAR, 1, 5),
        ends_on=dt.date(YEAR, 1, 6),
        content_category=categories["LLCT"],
    )
    for day, periods in ((5, 4), (6, 5)):
        ClassSession.objects.create(
            training_class=training_class,
            starts_at=local(YEAR, 1, day, 8),
            ends_at=local(YEAR, 1, day, 11),
            periods=periods,
        )
    an = make_official(tree["ptdt"], user__full_name="Nguyễn Văn An")
    binh = make_official(tree["ptdt"], user__full_name="Trần Thị Bình")
    cuong = make_official(tree["cds"], user__full_name="Lê Văn Cường")
    hr_sxd = make_hr_manager(tree["sxd"])
    hr_khcn = make_hr_manager(tree["khcn"])
    return {
        "course_a": course_a,
        "course_b": course_b,
        "class": training_class,
        "an": an.user,
        "binh": binh.user,
        "cuong": cuong.user,
        "hr_sxd": hr_sxd,
        "hr_khcn": hr_khcn,
        "tree": tree,
        "categories": categories,
    }


def class_completion(user, training_class, when) -> Enrollment:
    enrollment = complete(user, training_class.course, when)
    ClassMember.objects.create(
        training_class=training_class, user=user, status="registered", enrollment=enrollment
    )
    return enrollment
