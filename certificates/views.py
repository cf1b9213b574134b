"""Certificates for learners (download, list) and anyone (verification by code or serial)."""

import io

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.network import client_ip
from accounts.services import certificate_download_log
from accounts.text import nfc
from evaluations.selectors import open_evaluations_count

from . import selectors, services
from .models import Certificate
from .rendering import certificate_context

LOOKUP_LIMIT = 30  # per client address and minute


def _too_many_lookups(request) -> bool:
    """A simple fixed-window limit per client address on the public lookups."""
    key = f"cert-lookup:{client_ip(request)}"
    cache.add(key, 0, 60)
    try:
        return cache.incr(key) > LOOKUP_LIMIT
    except ValueError:
        return False


def _too_many_lookups_response(request, context: dict | None = None):
    return render(
        request,
        "certificates/lookup.html",
        {**(context or {}), "error": _("Too many lookups; try again in a minute.")},
        status=429,
    )


@login_required
@require_GET
def my_certificates(request):
    return render(
        request,
        "certificates/my_certificates.html",
        {
            "certificates": selectors.my_certificates(user=request.user),
            "evaluations_open": open_evaluations_count(user=request.user),
        },
    )


def _pdf_response(request, certificate: Certificate, *, as_attachment: bool = True) -> FileResponse:
    """The PDF of a certificate whose access was already checked; never cached by anyone.

    A valid or expired certificate is the stored file; a revoked one is rendered now with its stamp.
    """
    if certificate.revoked_at is not None:
        content = io.BytesIO(services.certificate_pdf_render(certificate=certificate))
    else:
        content = certificate.pdf.open("rb")
    response = FileResponse(
        content,
        as_attachment=as_attachment,
        filename=f"giay-chung-nhan-{certificate.serial}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    if certificate.revoked_at is None:
        response["Digest"] = f"sha-256={certificate.pdf_sha256}"
    return response


@login_required
@require_GET
def download(request, serial: str):
    certificate = Certificate.objects.filter(serial=serial).select_related("user").first()
    if (
        certificate is None
        or not certificate.pdf
        or not selectors.can_download(user=request.user, certificate=certificate)
    ):
        raise Http404
    certificate_download_log(actor=request.user, certificate=certificate)
    return _pdf_response(request, certificate)


@require_GET
def verify_pdf(request, code: str):
    """The PDF of a valid certificate, for whoever holds its secret verification code (the QR code)."""
    if _too_many_lookups(request):
        return _too_many_lookups_response(request)
    certificate = Certificate.objects.filter(verification_code=code).first()
    if certificate is None or not certificate.pdf or certificate.status != Certificate.Status.VALID:
        raise Http404
    return _pdf_response(request, certificate, as_attachment=False)


SERIAL_MAX_LENGTH = 40  # the lookup field's maxlength; serials are TN-<year>-<number>, codes shorter still


@require_GET
def lookup(request):
    """Type a serial (or paste a code) to reach the verification page."""
    query = nfc(request.GET.get("so", "")).upper().replace(" ", "")
    context = {"query": request.GET.get("so", "")[:SERIAL_MAX_LENGTH]}
    if len(query) > SERIAL_MAX_LENGTH:
        # No serial is this long: say so without echoing the text back, and without a lookup.
        context["error"] = _("A serial number has at most %(count)s characters.") % {
            "count": SERIAL_MAX_LENGTH
        }
        return render(request, "certificates/lookup.html", context, status=400)
    if query:
        if _too_many_lookups(request):
            return _too_many_lookups_response(request, context)
        certificate = Certificate.objects.filter(serial=query).only("verification_code").first()
        if certificate:
            return redirect("certificates:verify", code=certificate.verification_code)
        context["error"] = _("No certificate has the serial number %(serial)s.") % {"serial": query}
        return render(request, "certificates/lookup.html", context, status=404)
    return render(request, "certificates/lookup.html", context)


@require_GET
def verify(request, code: str):
    """The public verification page: what the certificate states and its status, and no other personal data."""
    if _too_many_lookups(request):
        return _too_many_lookups_response(request)
    certificate = (
        Certificate.objects.select_related("template", "replaced_by").filter(verification_code=code).first()
    )
    if certificate is None:
        return render(
            request,
            "certificates/lookup.html",
            {"error": _("This verification code matches no certificate.")},
            status=404,
        )
    context = certificate_context(certificate=certificate, template=certificate.template, qr_uri=None)
    context["province"] = settings.LMS_PROVINCE_NAME
    return render(request, "certificates/verify.html", context)
