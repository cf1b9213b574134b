"""Demo data for training records: periods and content categories on the demo courses and classes,
annual targets for Sở Xây dựng (and a position), external training (one entry awaiting approval) so the
target report shows officials both above and below target. Idempotent."""

import datetime

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import OrganisationUnit, User
from classes.models import TrainingClass
from cms.content_categories import content_categories_seed
from cms.models import ContentCategory, CoursePage
from records.models import ExternalTraining, TrainingTarget

# The content category of each track's courses (Decree 171/2025/NĐ-CP groups, migration cms 0010).
TRACK_CATEGORY = {
    "planning": "VTVL",
    "infrastructure": "VTVL",
    "construction": "PLQL",
    "utilities": "VTVL",
    "economy": "KNS",
    "community": "KNS",
}
# The introduction course is general knowledge of state management for every official.
COURSE_CATEGORY = {"gioi-thieu-do-thi-thong-minh": "QLNN"}

# A small but real PDF (what a scanned certificate would be), drawn once by the PDF module.
EVIDENCE_HTML = (
    "<html><body style='font-family: sans-serif'><h1>GIẤY CHỨNG NHẬN</h1>"
    "<p>Hoàn thành lớp bồi dưỡng kiến thức quốc phòng và an ninh (dữ liệu mẫu)</p></body></html>"
)


def _periods(course: CoursePage) -> int:
    # Estimated hours in 45-minute periods, at least 4.
    return max(4, round(float(course.estimated_hours) * 60 / 45))


def load_records_demo() -> dict:
    content_categories_seed()
    categories = {c.code: c for c in ContentCategory.objects.all()}
    with transaction.atomic():
        for course in CoursePage.objects.filter(periods=0):
            code = COURSE_CATEGORY.get(course.slug, TRACK_CATEGORY.get(course.track, "VTVL"))
            CoursePage.objects.filter(pk=course.pk).update(
                periods=_periods(course), content_category=categories[code]
            )
        TrainingClass.objects.filter(content_category__isnull=True).update(
            content_category=categories["VTVL"]
        )
        year = timezone.localdate().year
        sxd = OrganisationUnit.objects.filter(code="TN-SXD").first()
        if sxd is not None:
            TrainingTarget.objects.get_or_create(year=year, unit=sxd, defaults={"periods": 24})
        TrainingTarget.objects.get_or_create(
            year=year, unit=None, position="Phó Trưởng phòng", defaults={"periods": 40}
        )
    return {"external": _external_entries(categories, year)}


def _external_entries(categories, year: int) -> int:
    if ExternalTraining.objects.exists():
        return 0
    today = timezone.localdate()
    hr = User.objects.filter(email="nhansu.sxd@dothithongminh.test").first()
    entries = [
        # (email, title, provider, category, periods, days ago ended, status)
        (
            "sxd.canbo01@dothithongminh.test",
            "Bồi dưỡng kiến thức quản lý nhà nước chương trình chuyên viên",
            "Trường Chính trị tỉnh Tây Ninh",
            "QLNN",
            24,
            60,
            ExternalTraining.Status.APPROVED,
        ),
        (
            "sxd.canbo02@dothithongminh.test",
            "Bồi dưỡng kỹ năng số cho cán bộ, công chức",
            "Sở Khoa học và Công nghệ",
            "KNS",
            32,
            45,
            ExternalTraining.Status.APPROVED,
        ),
        (
            "sxd.canbo03@dothithongminh.test",
            "Tập huấn Luật Quy hoạch đô thị và nông thôn",
            "Bộ Xây dựng",
            "PLQL",
            16,
            30,
            ExternalTraining.Status.APPROVED,
        ),
        (
            "canbo@dothithongminh.test",
            "Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 4",
            "Bộ Chỉ huy Quân sự tỉnh Tây Ninh",
            "QPAN",
            24,
            14,
            ExternalTraining.Status.PENDING,
        ),
    ]
    evidence = _evidence_pdf()
    created = 0
    for email, title, provider, code, periods, days, status in entries:
        user = User.objects.filter(email=email).first()
        if user is None:
            continue
        ends_on = today - datetime.timedelta(days=days)
        if ends_on.year != year:
            ends_on = datetime.date(year, 1, 15)
        entry = ExternalTraining(
            user=user,
            title=title,
            provider=provider,
            content_category=categories[code],
            periods=periods,
            starts_on=ends_on - datetime.timedelta(days=4),
            ends_on=ends_on,
            certificate_number=f"{code}-{year}-{created + 1:03d}",
            certificate_issuer=provider,
            status=status,
            source=ExternalTraining.Source.SELF,
            submitted_by=user,
            evidence_name="giay-chung-nhan.pdf",
            evidence_type="application/pdf",
        )
        if status == ExternalTraining.Status.APPROVED:
            entry.decided_by, entry.decided_at = hr, timezone.now()
        entry.evidence.save("giay-chung-nhan.pdf", ContentFile(evidence), save=False)
        entry.save()
        created += 1
    return created


def _evidence_pdf() -> bytes:
    from certificates.pdf import render_pdf

    return render_pdf(html=EVIDENCE_HTML)
