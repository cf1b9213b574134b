"""Demo certificates: the completions above get theirs; one is revoked to show the lifecycle. Idempotent."""

import io
import math

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images.models import Image

from accounts.models import User
from certificates import services
from certificates.models import Certificate, CertificateTemplate
from certificates.rendering import verification_url
from cms.models import CoursePage
from courses.models import Enrollment

REVOKED_COURSE = "bao-ve-du-lieu-ca-nhan-trong-dich-vu-so"
REVOKED_REASON = "Thu hồi để minh họa: nội dung khóa học được cập nhật, học viên cần học lại phần mới."


# The province issues most certificates; the Department of Construction issues its own course's.
DEPARTMENT_COURSE = "quan-ly-cap-phep-xay-dung-truc-tuyen"


def _png(draw_on, size) -> io.BytesIO:
    canvas = PILImage.new("RGBA", size, (255, 255, 255, 0))
    draw_on(ImageDraw.Draw(canvas), size)
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    buffer.seek(0)
    return buffer


def _draw_seal(draw, size) -> None:
    """A round red seal: two rings, a ring of dots and a five-pointed star (drawn, no lettering)."""
    red = (200, 16, 46, 230)
    w, h = size
    cx, cy, r = w / 2, h / 2, min(w, h) / 2 - 4
    draw.ellipse((cx - r, cy - r, cx + r, cy + r), outline=red, width=10)
    inner = r * 0.68
    draw.ellipse((cx - inner, cy - inner, cx + inner, cy + inner), outline=red, width=5)
    for i in range(36):
        angle = 2 * math.pi * i / 36
        x, y = cx + r * 0.84 * math.cos(angle), cy + r * 0.84 * math.sin(angle)
        draw.ellipse((x - 5, y - 5, x + 5, y + 5), fill=red)
    star = []
    for i in range(10):
        radius = inner * (0.75 if i % 2 == 0 else 0.3)
        angle = -math.pi / 2 + math.pi * i / 5
        star.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    draw.polygon(star, fill=red)


def _draw_signature(draw, size) -> None:
    """A handwritten-looking stroke in blue-black ink."""
    w, h = size
    points = [
        (
            w * (0.08 + 0.84 * t / 200),
            h * (0.55 - 0.28 * math.sin(t / 9) * math.exp(-t / 260) + 0.1 * math.sin(t / 23)),
        )
        for t in range(200)
    ]
    draw.line(points, fill=(20, 30, 90, 255), width=6, joint="curve")
    draw.line([(w * 0.3, h * 0.78), (w * 0.86, h * 0.7)], fill=(20, 30, 90, 255), width=4)


def _image(title: str, drawing, size) -> Image:
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    name = f"{title.lower().replace(' ', '-')}.png"
    return Image.objects.create(title=title, file=ImageFile(_png(drawing, size), name=name))


def load_certificate_templates() -> None:
    """The default template (the province) and the Department of Construction's, with their signing blocks."""
    seal = _image("Con dau mau", _draw_seal, (400, 400))
    signature = _image("Chu ky mau", _draw_signature, (800, 320))
    province = CertificateTemplate.objects.filter(is_default=True).first() or CertificateTemplate(
        name="Mẫu mặc định", is_default=True
    )
    province.issuer_parent = ""
    province.issuer_name = "Ủy ban nhân dân tỉnh Tây Ninh"
    province.signing_authority = "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH"
    province.signer_title = "PHÓ CHỦ TỊCH"
    province.signer_name = "Nguyễn Văn Minh"
    province.signature_image, province.seal_image = signature, seal
    province.save()
    department, _ = CertificateTemplate.objects.get_or_create(
        name="Sở Xây dựng",
        defaults={
            "issuer_parent": "Ủy ban nhân dân tỉnh Tây Ninh",
            "issuer_name": "Sở Xây dựng",
            "signing_authority": "KT. GIÁM ĐỐC",
            "signer_title": "PHÓ GIÁM ĐỐC",
            "signer_name": "Trần Thị Thu Hà",
            "signature_image": signature,
            "seal_image": seal,
        },
    )
    department.courses.set(CoursePage.objects.filter(slug=DEPARTMENT_COURSE))


def load_certificates() -> list[Certificate]:
    admin = User.objects.get(email="quantri@dothithongminh.test")
    load_certificate_templates()
    for enrollment in Enrollment.objects.filter(status=Enrollment.Status.COMPLETED).select_related("course"):
        services.certificate_issue(enrollment=enrollment)
    to_revoke = Certificate.objects.filter(
        user__email="canbo@dothithongminh.test", course__slug=REVOKED_COURSE, revoked_at__isnull=True
    ).first()
    if to_revoke and not Certificate.objects.filter(revoked_at__isnull=False).exists():
        services.certificate_revoke(certificate=to_revoke, reason=REVOKED_REASON, by=admin)
    return list(Certificate.objects.order_by("serial"))


def describe(certificate: Certificate) -> str:
    status = certificate.get_status_display()
    return f"  {certificate.serial}  {status:<16} {certificate.learner_name}: {verification_url(certificate)}"
