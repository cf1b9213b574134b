"""Admin wiring: certificate templates (snippets) with a sample-PDF preview and bulk regeneration."""

import datetime
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.admin_columns import YesNoColumn
from accounts.admin_forms import NFCAdminModelForm

from .models import Certificate, CertificateTemplate
from .pdf import qr_data_uri
from .rendering import certificate_document, certificate_pdf, verification_url
from .tasks import regenerate_certificates


class LinkColumn(Column):
    cell_template_name = "certificates/admin/link_cell.html"

    def __init__(self, name, url_name, link_text, *, post=False, **kwargs):
        super().__init__(name, **kwargs)
        self.url_name, self.link_text, self.post = url_name, link_text, post

    def get_value(self, instance):
        return {"url": reverse(self.url_name, args=[instance.pk]), "text": self.link_text, "post": self.post}


class CertificateTemplateViewSet(SnippetViewSet):
    model = CertificateTemplate
    icon = "doc-full-inverse"
    menu_label = gettext_lazy("Certificate templates")
    menu_order = 230
    add_to_admin_menu = True
    list_display = [
        "name",
        YesNoColumn("is_default", label=gettext_lazy("default template")),
        LinkColumn(
            "preview",
            "certificate_template_preview",
            gettext_lazy("Sample PDF"),
            label=gettext_lazy("Preview"),
        ),
        LinkColumn(
            "regenerate",
            "certificate_template_regenerate",
            gettext_lazy("Regenerate PDFs"),
            post=True,
            label="",
        ),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("is_default"),
            FieldPanel("courses"),
            MultiFieldPanel(
                [
                    FieldPanel("issuer_parent"),
                    FieldPanel("issuer_name"),
                    FieldPanel("place"),
                    FieldPanel("title"),
                    FieldPanel("body"),
                ],
                heading=gettext_lazy("Heading and wording"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("signing_authority"),
                    FieldPanel("signer_title"),
                    FieldPanel("signer_name"),
                    FieldRowPanel([FieldPanel("signature_image"), FieldPanel("seal_image")]),
                ],
                heading=gettext_lazy("Signing block"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("logo"),
                    FieldRowPanel([FieldPanel("primary_color"), FieldPanel("accent_color")]),
                    FieldRowPanel([FieldPanel("page_size"), FieldPanel("orientation")]),
                ],
                heading=gettext_lazy("Appearance"),
            ),
        ],
        base_form_class=NFCAdminModelForm,
    )


register_snippet(CertificateTemplateViewSet)


def sample_certificate(template: CertificateTemplate) -> Certificate:
    """An unsaved certificate with sample data, to preview a template."""
    now = timezone.now()
    return Certificate(
        template=template,
        serial=f"TN-{now.year}-000000",
        verification_code="mau-xem-thu",
        learner_name="Nguyễn Thị Ánh Tuyết",
        unit_name="Sở Xây dựng",
        course_title="Quy hoạch và phát triển đô thị thông minh",
        hours=Decimal("8"),
        completed_on=now.date() - datetime.timedelta(days=1),
        score=Decimal("92.5"),
        issuer_name=template.issuer_name,
        issued_at=now,
    )


def template_preview(request, pk: int):
    if not request.user.has_perm("certificates.change_certificatetemplate"):
        raise PermissionDenied
    template = get_object_or_404(CertificateTemplate, pk=pk)
    certificate = sample_certificate(template)
    html = certificate_document(
        certificate=certificate, template=template, qr_uri=qr_data_uri(verification_url(certificate))
    )
    response = HttpResponse(certificate_pdf(html=html), content_type="application/pdf")
    response["Content-Disposition"] = 'inline; filename="mau-giay-chung-nhan.pdf"'
    return response


@require_POST
def template_regenerate(request, pk: int):
    """Queue re-rendering of every valid certificate of this template; serials and codes do not change."""
    if not request.user.has_perm("certificates.change_certificatetemplate"):
        raise PermissionDenied
    template = get_object_or_404(CertificateTemplate, pk=pk)
    regenerate_certificates.enqueue(template.pk, request.user.pk)
    messages.success(
        request, _("The certificates of “%(name)s” are being regenerated.") % {"name": template.name}
    )
    return redirect(reverse("wagtailsnippets_certificates_certificatetemplate:list"))


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path(
            "mau-giay-chung-nhan/<int:pk>/xem-thu.pdf", template_preview, name="certificate_template_preview"
        ),
        path(
            "mau-giay-chung-nhan/<int:pk>/tao-lai/",
            template_regenerate,
            name="certificate_template_regenerate",
        ),
    ]
