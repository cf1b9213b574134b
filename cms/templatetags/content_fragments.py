"""Fragments that are the same for every learner, rendered once per content generation (#20): the site header
and footer and, on lesson pages, the body and the course outline.

The lesson body and the course outline cost most of a lesson page's rendering and do not depend on who reads
them, except where a block shows the learner's own state: a lesson video's resume position and watched
share (``media``), a SCORM package's signed launch address (``scorm``). Only the block types listed in
:data:`SHARED_BLOCKS` are cached; every other block (those two, the embedded ``video`` and any block type
added later) is rendered for each request, in its place. The outline is cached in two versions of each
lesson's line, done and not done, and put together with the learner's own ticks on each view.

Entries live in ``cms.caching`` under the content generation, which any page, image, document or quiz change
renews, and their key names the language. Previews (``request.is_preview``) never read or fill them.
"""

from django import template
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe

from ..caching import content_cached

register = template.Library()

#: Block types whose HTML depends only on the published content (and the language), never on the viewer.
SHARED_BLOCKS = frozenset(
    {"heading", "paragraph", "callout", "image", "document", "table", "takeaways", "self_check"}
)
OUTLINE_TEMPLATE = "includes/course_outline.html"
FOOTER_TEMPLATE = "includes/footer.html"
HEADER_TEMPLATE = "includes/header.html"
#: The header's links that may be the current page; each is a placeholder in the cached copy.
HEADER_LINKS = ("home", "catalog", "my_courses", "my_classes", "evaluations", "certificates", "profile")
_CSRF_SLOT = "\x00csrf\x00"
_NEXT_SLOT = "\x00next\x00"
_CSRF_INPUT = '<input type="hidden" name="csrfmiddlewaretoken" value="{}">'
_CURRENT = ' aria-current="page"'


def _cacheable(context, page) -> bool:
    request = context.get("request")
    return bool(request is not None and page.pk and page.live and not getattr(request, "is_preview", False))


def _render_block(block, context) -> str:
    # As {% for block in page.body %}{% include_block block %} renders it: with the page's template context and
    # the stream child as ``block`` (block templates read ``block.id``).
    return conditional_escape(block.render_as_block(context={**context.flatten(), "block": block}))


@register.simple_tag(takes_context=True)
def lesson_body(context, page) -> str:
    """The lesson's body: shared blocks from the cache, the viewer's own blocks rendered now."""
    if not _cacheable(context, page):
        return mark_safe("".join(_render_block(block, context) for block in page.body))

    def build() -> list[str | int]:
        # A string is cached HTML; an int, the position of a block to render for each request.
        return [
            str(_render_block(block, context)) if block.block_type in SHARED_BLOCKS else index
            for index, block in enumerate(page.body)
        ]

    key = f"lesson-body:{page.pk}:{translation.get_language()}"
    parts = content_cached(key, build, request=context["request"])
    return mark_safe(  # rendered and escaped by the blocks' templates
        "".join(part if isinstance(part, str) else _render_block(page.body[part], context) for part in parts)
    )


@register.simple_tag(takes_context=True)
def lesson_outline(context, course, current, done_ids) -> str:
    """``includes/course_outline.html`` for ``current`` (a lesson, or the course on its own page), with the
    viewer's ticks (``done_ids``)."""
    outline = context.get("outline") or []
    base = {"outline": outline, "current": current, "course": course, "page": current}
    base["request"] = context.get("request")
    if course is None or not _cacheable(context, current):
        return render_to_string(OUTLINE_TEMPLATE, {**base, "outline_done_ids": done_ids})
    pks = [item.pk for section in outline for item in section["lessons"]]

    def build():
        # Rendered with no lesson done and with every lesson done: the lines differ only in their ticks.
        plain = render_to_string(OUTLINE_TEMPLATE, {**base, "outline_done_ids": set()}).split("<li>")
        done = render_to_string(OUTLINE_TEMPLATE, {**base, "outline_done_ids": set(pks)}).split("<li>")
        if len(plain) != len(pks) + 1 or len(done) != len(plain) or plain[0] != done[0]:
            return None  # not a template this splits: rendered each time
        return [plain[0], *zip(pks, plain[1:], done[1:], strict=True)]

    key = f"lesson-outline:{course.pk}:{current.pk}:{translation.get_language()}"
    parts = content_cached(key, build, request=context["request"])
    if parts is None:
        return render_to_string(OUTLINE_TEMPLATE, {**base, "outline_done_ids": done_ids})
    head, *lines = parts
    return mark_safe(  # rendered by the template
        head + "".join(f"<li>{finished if pk in done_ids else plain}" for pk, plain, finished in lines)
    )


@register.simple_tag(takes_context=True)
def catalog_filter_fields(context, form) -> str:
    """The catalogue's filter fields; the empty form (most views) is rendered once per language and generation.

    Rendering the five fields through Django's form templates was a third of the catalogue's CPU (#20).
    """

    def build() -> str:
        return str(
            format_html_join(
                "", '<div class="field">{}</div>', ((form[name].as_field_group(),) for name in form.fields)
            )
        )

    request = context.get("request")
    if form.is_bound or request is None:
        return mark_safe(build())  # rendered and escaped by the form's templates
    key = f"catalogue-filter-fields:{translation.get_language()}"
    return mark_safe(content_cached(key, build, request=request))  # as above


@register.simple_tag(takes_context=True)
def site_footer(context) -> str:
    """``includes/footer.html``, the same on every page for a language: rendered once per language and generation.

    It shows the issuer, the province, the contact point (content) and fixed links, nothing of the viewer or
    the page; rendering it was about a twentieth of a page view's CPU (#20).
    """
    request = context.get("request")

    def build() -> str:
        # Only what the footer shows (from the context processors), so that no page's own context leaks into
        # the copy every other page serves.
        names = ("ISSUER_NAME", "PROVINCE_NAME", "contact_point")
        return str(render_to_string(FOOTER_TEMPLATE, {name: context.get(name) for name in names}))

    if request is None or getattr(request, "is_preview", False):
        return mark_safe(build())  # rendered and escaped by the template
    key = f"site-footer:{translation.get_language()}"
    return mark_safe(content_cached(key, build, request=request))  # as above


def _current_links(request, catalog_url: str) -> set[str]:
    """The header's links that point at the page of ``request`` (marked ``aria-current``)."""
    match = getattr(request, "resolver_match", None)
    app, name = (match.app_name, match.url_name) if match is not None else ("", "")
    current = {
        "home": request.path == "/",
        "catalog": bool(catalog_url) and request.path == catalog_url,
        "my_courses": name == "my_courses",
        "my_classes": app == "classes" and name == "my_classes",
        "evaluations": app == "evaluations",
        "certificates": name == "mine",
        "profile": name == "profile",
    }
    return {link for link, on in current.items() if on}


@register.simple_tag(takes_context=True)
def site_header(context) -> str:
    """``includes/header.html``: rendered once per language, content generation and kind of visitor (#20).

    The cached copy depends only on the language, the content (the catalogue's URL), and whether the visitor is
    signed in, may use the HR area, may use the admin: nothing that names them. What depends on the request is
    a placeholder filled on each view: which link is the current page, the CSRF token of the sign-out and
    language forms, and the language form's return path.
    """
    request = context.get("request")
    user = context.get("user")
    roles = context.get("lms_roles")
    catalog_url = str(context.get("catalog_url") or "")
    signed_in = bool(user is not None and user.is_authenticated)
    may_use_hr_area = signed_in and bool(context.get("may_use_hr_area"))
    can_use_admin = signed_in and bool(roles is not None and roles.can_use_admin)

    def build() -> str:
        # Only these names, so that no page's own context leaks into the copy every other page serves.
        return str(
            render_to_string(
                HEADER_TEMPLATE,
                {
                    "ISSUER_NAME": context.get("ISSUER_NAME"),
                    "LANGUAGES_IN_OWN_NAMES": context.get("LANGUAGES_IN_OWN_NAMES"),
                    "catalog_url": catalog_url,
                    "signed_in": signed_in,
                    "may_use_hr_area": may_use_hr_area,
                    "can_use_admin": can_use_admin,
                    "current": {link: f"\x00{link}\x00" for link in HEADER_LINKS},
                    "csrf_token": _CSRF_SLOT,
                    "next_path": _NEXT_SLOT,
                },
            )
        )

    if request is None or getattr(request, "is_preview", False):
        html = build()
    else:
        variant = f"{int(signed_in)}{int(may_use_hr_area)}{int(can_use_admin)}"
        html = content_cached(f"site-header:{translation.get_language()}:{variant}", build, request=request)
    current = _current_links(request, catalog_url) if request is not None else set()
    for link in HEADER_LINKS:
        html = html.replace(f"\x00{link}\x00", _CURRENT if link in current else "")
    # The request's token as {% csrf_token %} reads it (the csrf context processor's lazy get_token).
    token = context.get("csrf_token")
    if token and token != "NOTPROVIDED":  # noqa: S105 (Django's marker for "no token", not a password)
        html = html.replace(_CSRF_SLOT, str(token))
    else:  # as {% csrf_token %} renders without a token: nothing
        html = html.replace(str(format_html(_CSRF_INPUT, _CSRF_SLOT)), "")
    next_path = request.get_full_path() if request is not None else ""
    return mark_safe(html.replace(_NEXT_SLOT, str(conditional_escape(next_path))))  # rendered by the template
