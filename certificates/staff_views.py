"""Certificate management for administrators and HR managers (within their units), under the HR area."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.selectors import units_in_scope, user_roles
from accounts.text import nfc
from cms.models import CoursePage
from jobs.models import Job

from . import selectors, services


def _require_manager(request):
    if not (request.user.is_superuser or user_roles(user=request.user).is_hr):
        raise PermissionDenied


@login_required
def certificate_list(request):
    _require_manager(request)
    query = nfc(request.GET.get("q", ""))
    certificates = selectors.certificates_visible_to(user=request.user).order_by("-issued_at")
    if query:
        certificates = certificates.filter(Q(serial__icontains=query) | Q(learner_name__icontains=query))
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/staff/list.html",
        {
            "page": page,
            "query": query,
            "courses": CoursePage.objects.live().order_by("title").only("id", "title"),
            "units": units_in_scope(user=request.user).order_by("path"),
            "archives": Job.objects.filter(owner=request.user, kind=services.ARCHIVE_JOB)[:5],
        },
    )


@login_required
@require_POST
def revoke(request, pk: int):
    _require_manager(request)
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


@login_required
@require_POST
def reissue(request, pk: int):
    _require_manager(request)
    certificate = get_object_or_404(selectors.certificates_visible_to(user=request.user), pk=pk)
    try:
        new = services.certificate_reissue(
            certificate=certificate, reason=request.POST.get("reason", ""), by=request.user
        )
        messages.success(request, _("Certificate reissued as %(serial)s.") % {"serial": new.serial})
    except services.CertificateError as error:
        messages.error(request, error.message)
    return redirect("certificate_staff:list")


@login_required
@require_POST
def archive_create(request):
    """Queue a ZIP of the certificates of one course and/or unit (within scope)."""
    _require_manager(request)
    course = CoursePage.objects.filter(pk=request.POST.get("course") or 0).first()
    unit = units_in_scope(user=request.user).filter(pk=request.POST.get("unit") or 0).first()
    if request.POST.get("unit") and unit is None:
        raise Http404
    archive = services.certificate_archive_create(
        user=request.user, course_id=course.pk if course else None, unit=unit
    )
    return redirect("certificate_staff:archive", public_id=archive.public_id)


@login_required
def archive_detail(request, public_id):
    # Own archives only, and only while the reader still manages certificates: the ZIP holds other people's
    # certificates, which a manager who lost the HR scope may no longer see.
    _require_manager(request)
    archive = get_object_or_404(Job, public_id=public_id, owner=request.user, kind=services.ARCHIVE_JOB)
    return render(request, "certificates/staff/archive.html", {"archive": archive})
