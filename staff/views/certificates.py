"""Certificate management for administrators and HR managers (within their units), under the HR area."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scoping import units_readable_by
from accounts.text import nfc
from certificates import selectors, services
from certificates.models import CertificateArchive
from certificates.tasks import build_certificate_archive
from cms.models import CoursePage

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
            "archives": CertificateArchive.objects.filter(user=request.user)[:5],
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
    """Queue a ZIP of the certificates of one course and/or unit (within scope)."""
    course = CoursePage.objects.filter(pk=request.POST.get("course") or 0).first()
    unit = units_readable_by(user=request.user).filter(pk=request.POST.get("unit") or 0).first()
    if request.POST.get("unit") and unit is None:
        raise Http404
    archive = CertificateArchive.objects.create(user=request.user, course=course, unit=unit)
    build_certificate_archive.enqueue(archive.pk)
    return redirect("certificate_staff:archive", pk=archive.pk)


@hr_area_required
def archive_detail(request, pk: int):
    # Own archives only, and only while the reader still manages certificates: the ZIP holds other people's
    # certificates, which a manager who lost the HR scope may no longer see.
    archive = get_object_or_404(CertificateArchive, pk=pk, user=request.user)
    return render(
        request, "staff/certificate_archive.html", {"archive": archive, "active_tab": "certificates"}
    )


@hr_area_required
def archive_download(request, pk: int):
    archive = get_object_or_404(
        CertificateArchive,
        pk=pk,
        user=request.user,
        status=CertificateArchive.Status.DONE,
        purged_at__isnull=True,
    )
    if not archive.file:
        raise Http404
    if not services.archive_in_scope(archive=archive, user=request.user):
        raise PermissionDenied(_("This archive holds certificates outside the units you manage now."))
    services.archive_download_log(archive=archive, user=request.user)
    response = FileResponse(
        archive.file.open("rb"), as_attachment=True, filename=f"giay-chung-nhan-{archive.pk}.zip"
    )
    response["Cache-Control"] = "private, no-store"
    return response
