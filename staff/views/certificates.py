"""Certificate management for administrators and HR managers (within their units), under the HR area."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import units_readable_by
from accounts.text import nfc
from certificates import selectors, services
from cms.models import CoursePage
from jobs.models import Job

from ..permissions import hr_area_required


@hr_area_required
def certificate_list(request):
    query = nfc(request.GET.get("q", ""))
    certificates = selectors.certificates_visible_to(user=request.user).order_by("-issued_at")
    if query:
        certificates = certificates.filter(Q(serial__icontains=query) | Q(learner_name__icontains=query))
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "staff/certificates.html",
        {
            "page": page,
            "query": query,
            "courses": CoursePage.objects.live().order_by("title").only("id", "title"),
            "units": units_readable_by(user=request.user).order_by("path"),
            "archives": Job.objects.filter(owner=request.user, kind=services.ARCHIVE_JOB)[:5],
            "reason_max_length": services.REASON_MAX_LENGTH,
            "active_tab": "certificates",
        },
    )


@hr_area_required
@require_POST
def revoke(request, pk: int):
    certificate = get_object_or_404(selectors.certificates_visible_to(user=request.user), pk=pk)
    try:
        services.certificate_revoke(
            certificate=certificate, reason=request.POST.get("reason", ""), by=request.user
        )
        messages.success(
            request, _("Certificate %(serial)s has been revoked.") % {"serial": certificate.serial}
        )
    except services.CertificateError as error:
        messages.error(request, error.message)
    return redirect("certificate_staff:list")


@hr_area_required
@require_POST
def reissue(request, pk: int):
    certificate = get_object_or_404(selectors.certificates_visible_to(user=request.user), pk=pk)
    try:
        new = services.certificate_reissue(
            certificate=certificate, reason=request.POST.get("reason", ""), by=request.user
        )
        messages.success(request, _("Certificate reissued as %(serial)s.") % {"serial": new.serial})
    except services.CertificateError as error:
        messages.error(request, error.message)
    return redirect("certificate_staff:list")


@hr_area_required
@require_POST
def archive_create(request):
    """Queue a ZIP of the certificates of one course and/or unit (within scope). A chosen course or unit
    that is not one of the form's options (not a number, unknown, outside scope) is a 404, never a ZIP of
    everything."""
    course_id, unit_id = _chosen_id(request.POST.get("course")), _chosen_id(request.POST.get("unit"))
    course = CoursePage.objects.filter(pk=course_id).first() if course_id else None
    unit = units_readable_by(user=request.user).filter(pk=unit_id).first() if unit_id else None
    if (course_id and course is None) or (unit_id and unit is None):
        raise Http404
    archive = services.certificate_archive_create(
        user=request.user, course_id=course.pk if course else None, unit=unit
    )
    return redirect("certificate_staff:archive", public_id=archive.public_id)


def _chosen_id(value: str | None) -> int | None:
    """The id a select of the form sent: None when nothing was chosen; Http404 when it is not an id."""
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise Http404 from None


@hr_area_required
def archive_detail(request, public_id):
    # Own archives only, and only while the reader still manages certificates: the ZIP holds other people's
    # certificates, which a manager who lost the HR scope may no longer see.
    archive = get_object_or_404(Job, public_id=public_id, owner=request.user, kind=services.ARCHIVE_JOB)
    return render(
        request, "staff/certificate_archive.html", {"archive": archive, "active_tab": "certificates"}
    )
