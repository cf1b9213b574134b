"""Demo certificates: the completions above get theirs; one is revoked to show the lifecycle. Idempotent."""

from accounts.models import User
from certificates import services
from certificates.models import Certificate
from certificates.rendering import verification_url
from courses.models import Enrollment

REVOKED_COURSE = "bao-ve-du-lieu-ca-nhan-trong-dich-vu-so"
REVOKED_REASON = "Thu hồi để minh họa: nội dung khóa học được cập nhật, học viên cần học lại phần mới."


def load_certificates() -> list[Certificate]:
    admin = User.objects.get(email="quantri@dothithongminh.test")
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
