"""The reviewer's side of publishing a course: the messages that explain a refusal or confirm an approval.

Used by ``cms.wagtail_hooks`` (the editor's Publish button, bulk publishing) and ``cms.middleware`` (workflow
approval, which Wagtail runs without a hook that could answer the request).
"""

from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from wagtail.admin import messages
from wagtail.models import Page

from .checklist import CheckItem


def course_blocked_message(*, course, items: list[CheckItem]) -> str:
    """HTML: the course was not published, then each failed item with what to do."""
    lines = format_html_join(
        "",
        "<li>{}{}</li>",
        ((item.label, f" — {item.detail}" if item.detail else "") for item in items),
    )
    return format_html(
        "{} <ul>{}</ul>",
        gettext("The course “%(title)s” was not published; its checklist is not complete:")
        % {"title": course.title},
        lines,
    )


def report_course_blocked(request, *, course, items: list[CheckItem]) -> None:
    messages.error(request, course_blocked_message(course=course, items=items))


def report_approval(request, *, page) -> None:
    """Confirm a reviewer's approval; says whether the page went live (the last task of the workflow)."""
    page = Page.objects.get(pk=page.pk)
    if page.live and not page.workflow_in_progress:
        text = gettext("“%(title)s” has been approved and published.")
    else:
        text = gettext("“%(title)s” has been approved.")
    messages.success(request, text % {"title": page.get_admin_display_title()})
