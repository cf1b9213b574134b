"""The certificate's HTML: one template renders the PDF and the public verification page."""

import base64
import logging
import mimetypes
import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, linebreaks
from django.utils.safestring import SafeString, mark_safe

from .models import Certificate, CertificateTemplate
from .pdf import certificate_stylesheet, render_pdf

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
logger = logging.getLogger(__name__)


def verification_base() -> str:
    """The public address printed before the code: always the configured ``LMS_PUBLIC_BASE_URL``, never
    the Host of whichever request caused the issue (a forged Host must not reach a PDF)."""
    return f"{settings.LMS_PUBLIC_BASE_URL.rstrip('/')}/tra-cuu-chung-nhan/"


def verification_url(certificate: Certificate) -> str:
    return f"{verification_base()}{certificate.verification_code}/"


def signing_snapshot(template: CertificateTemplate) -> dict:
    """The template's heading and signing block, as stored on a certificate when it is issued."""
    return {
        "issuer_parent": template.issuer_parent,
        "issuer_name": template.issuer_name,
        "place": template.place,
        "authority": [line.strip() for line in template.signing_authority.splitlines() if line.strip()],
        "signer_title": template.signer_title,
        "signer_name": template.signer_name,
    }


def _size(text: str, long: int, very_long: int) -> str:
    """A CSS modifier that shrinks text at the form maximums, so it never pushes the footer off the page."""
    length = len(text or "")
    return "xlong" if length > very_long else "long" if length > long else "normal"


def vietnamese_number(value) -> str:
    """3.0 -> "3", 2.5 -> "2,5", 85.50 -> "85,5" (decimal comma, no trailing zeros)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def issued_prose(certificate: Certificate) -> str:
    """ "ngày 25 tháng 11 năm 2026", in the province's time zone."""
    issued = timezone.localtime(certificate.issued_at)
    return f"ngày {issued.day:02d} tháng {issued.month:02d} năm {issued.year}"


def body_html(*, template: CertificateTemplate, certificate: Certificate) -> SafeString:
    """The template's body with its placeholders filled; every value and the text around them are escaped."""
    values = {
        "learner_name": certificate.learner_name,
        "course_title": certificate.course_title,
        "hours": vietnamese_number(certificate.hours),
        "completion_date": date_format(certificate.completed_on, "d/m/Y"),
        "unit": certificate.unit_name or "—",
        "serial": certificate.serial,
        "score": f"{vietnamese_number(certificate.score)}%" if certificate.score is not None else "—",
    }
    escaped = escape(template.body)
    filled = _PLACEHOLDER.sub(
        lambda m: escape(values[m.group(1)]) if m.group(1) in values else m.group(0), escaped
    )
    return mark_safe(linebreaks(filled))  # every part was escaped above


def certificate_context(
    *, certificate: Certificate, template: CertificateTemplate, qr_uri: str | None
) -> dict:
    signing = certificate.signing or signing_snapshot(template)
    body = body_html(template=template, certificate=certificate)
    return {
        "certificate": certificate,
        "template": template,
        "signing": signing,
        "body": body,
        "verify_base": verification_base(),
        "verify_url": verification_url(certificate),
        "qr_uri": qr_uri,
        "issued_prose": issued_prose(certificate),
        "sizes": {
            "name": _size(certificate.learner_name, 36, 70),
            "body": _size(str(body), 260, 420),
            "issuer": _size(signing.get("issuer_parent", "") + signing.get("issuer_name", ""), 60, 110),
        },
    }


def certificate_document(
    *, certificate: Certificate, template: CertificateTemplate, qr_uri: str, revoked: bool = False
) -> str:
    """The full HTML document WeasyPrint turns into the PDF.

    The template's logo, signature and seal are inlined as ``data:`` URIs read through their storage, so the
    PDF renders the same from local media and from object storage, where they have no local path. With
    ``revoked``, the page carries the "ĐÃ THU HỒI" stamp with the date and reason of the revocation.
    """
    context = certificate_context(certificate=certificate, template=template, qr_uri=qr_uri)
    context["revoked"] = revoked
    for key, image, spec in (
        ("logo_src", template.logo, "max-400x400"),
        ("signature_src", template.signature_image, "max-800x320"),
        ("seal_src", template.seal_image, "max-400x400"),
    ):
        if image is None:
            continue
        try:
            context[key] = image_data_uri(image, spec)
        except Exception:
            # Issuing must not produce a certificate without its signature or seal: it fails and is retried.
            # A revoked copy is only evidence of the revocation, so it is stamped even if an image is gone.
            if not revoked:
                raise
            logger.warning("Image %s of certificate template %s is missing", image.pk, template.pk)
    return render_to_string("certificates/certificate_document.html", context)


def certificate_pdf(*, html: str) -> bytes:
    """The PDF of a document made by :func:`certificate_document`, with the certificate stylesheet (parsed
    once per process, not linked by the document)."""
    return render_pdf(html=html, stylesheets=(certificate_stylesheet(),))


def image_data_uri(image, spec: str) -> str:
    """A rendition of a Wagtail image (made once, then reused) as a ``data:`` URI; raises if the image's own
    file is gone (a rendition whose file is gone is made again)."""
    rendition = image.get_rendition(spec)
    try:
        with rendition.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        # The rendition is known (a database row, or Wagtail's rendition cache in a shared Redis) but its
        # file is not: media restored without renditions, or a cache filled by another installation. Make
        # it again rather than fail every certificate that uses the image.
        rendition.purge_from_cache()
        image.renditions.filter(filter_spec=rendition.filter_spec).delete()
        rendition = image.get_rendition(spec)
        with rendition.file.open("rb") as handle:
            data = handle.read()
    content_type = mimetypes.guess_type(rendition.file.name)[0] or "application/octet-stream"
    return f"data:{content_type};base64,{base64.b64encode(data).decode('ascii')}"
