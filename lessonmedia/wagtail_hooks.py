"""Admin wiring for lesson media: caption tracks as snippets, and the access check on Wagtail's document URLs."""

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .access import document_downloadable
from .models import Caption


class CaptionViewSet(SnippetViewSet):
    model = Caption
    icon = "media"
    menu_label = _("Captions")
    menu_order = 310
    add_to_admin_menu = True
    list_display = ["media", "language"]
    list_filter = ["language"]


register_snippet(CaptionViewSet)


@hooks.register("before_serve_document")
def check_document_access(document, request):
    """Wagtail serves documents at /documents/<id>/<name>, public by default: here only to staff and to those
    who may see a page that refers to the document (lessons link theirs through lessonmedia's view)."""
    if not document_downloadable(document=document, request=request):
        raise Http404
