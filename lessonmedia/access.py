"""Who may fetch a lesson's files: exactly those the lesson page itself is served to.

``lessonmedia`` sits below ``cms`` and ``courses``, so it cannot ask them directly. Wagtail's own view
restrictions are checked here; the learning rules (enrolled learners, free previews, staff) come from the
apps above through the ``lms_page_access`` hook: ``fn(page=..., request=...)`` returns False to refuse.
"""

from wagtail import hooks
from wagtail.models import Page

from accounts.selectors import user_roles

# StreamField block types (of the lesson body) whose value names a media item or a document.
MEDIA_BLOCK_TYPES = {"media": "media"}
DOCUMENT_BLOCK_TYPES = {"document": "document", "video": "file"}


def page_viewable(*, page: Page, request) -> bool:
    """Whether ``request`` may see ``page``: live (drafts: staff who may edit it), its view restrictions pass,
    and no ``lms_page_access`` hook refuses. No side effect (unlike ``before_serve_page`` hooks)."""
    if not page.live:
        return request.user.is_authenticated and page.permissions_for_user(request.user).can_edit()
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            return False
    return all(fn(page=page, request=request) is not False for fn in hooks.get_hooks("lms_page_access"))


def _block_ids(page: Page, kinds: dict[str, str]) -> set[int]:
    body = getattr(page, "body", None)
    ids = set()
    for child in getattr(body, "raw_data", None) or []:
        key = kinds.get(child.get("type"))
        value = child.get("value")
        if key and isinstance(value, dict) and isinstance(value.get(key), int):
            ids.add(value[key])
    return ids


def lesson_media_ids(page: Page) -> set[int]:
    """Ids of the videos and audio the live body of ``page`` plays."""
    return _block_ids(page, MEDIA_BLOCK_TYPES)


def lesson_document_ids(page: Page) -> set[int]:
    """Ids of the documents the live body of ``page`` attaches (document blocks, video files)."""
    return _block_ids(page, DOCUMENT_BLOCK_TYPES)


def document_downloadable(*, document, request) -> bool:
    """Staff download any document; others only one that a page they may see refers to (a lesson they are
    enrolled in, a public course page). Documents nothing refers to are private."""
    if user_roles(user=request.user).can_use_admin:
        return True
    from wagtail.models import ReferenceIndex

    page_ids = (
        ReferenceIndex.get_references_to(document)
        .filter(base_content_type__model="page", base_content_type__app_label="wagtailcore")
        .values_list("object_id", flat=True)[:50]
    )
    pages = Page.objects.filter(pk__in=[int(pk) for pk in page_ids if str(pk).isdigit()]).specific()
    return any(page_viewable(page=page, request=request) for page in pages)
