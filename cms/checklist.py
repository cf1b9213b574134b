"""The checklist a course passes before it goes live (issue #14).

Every way to publish a page ends in ``Page.publish(revision)``: the editor's "Publish" button, a reviewer's
approval in the workflow, scheduled publishing and the bulk "Publish" action. ``CoursePage.publish`` runs
``course_publish_check`` there, so none of them can put a course without a live lesson online; the admin hooks
and ``cms.middleware`` only turn the refusal into a Vietnamese message.

Apps above ``cms`` add their own checks with the Wagtail hook ``course_checklist_items`` (``assessment`` checks
the final quiz): a function ``(course) -> list[CheckItem]``.
"""

import re
import unicodedata
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext
from wagtail import hooks

CHECKLIST_HOOK = "course_checklist_items"
_unchecked: ContextVar[bool] = ContextVar("course_publishing_unchecked", default=False)

# Text an author leaves while drafting. Warned about, never blocking: a lesson may quote "TODO" on purpose.
PLACEHOLDER_PATTERNS = [
    re.compile(r"lorem\s+ipsum", re.IGNORECASE),
    re.compile(r"\bTODO\b"),
    re.compile(r"\bTBD\b"),
    re.compile(r"\[\s*(?:\.\.\.|…)\s*\]"),
    re.compile(r"nội dung đang (?:được )?cập nhật", re.IGNORECASE),
]


@dataclass(frozen=True)
class CheckItem:
    """One line of the checklist; ``blocking`` items stop publication when they fail."""

    code: str
    label: str
    passed: bool
    blocking: bool = True
    detail: str = ""


class CourseNotReady(ValidationError):
    """Raised by ``CoursePage.publish`` when a blocking item fails; ``items`` are the failed ones."""

    def __init__(self, *, course, items: list[CheckItem]):
        self.course = course
        self.items = items
        super().__init__([item.label for item in items], code="course_not_ready")


def find_placeholders(text: str) -> list[str]:
    """The placeholder snippets found in ``text`` (HTML stripped, NFC), in order, without repeats."""
    plain = unicodedata.normalize("NFC", strip_tags(text or ""))
    found = []
    for pattern in PLACEHOLDER_PATTERNS:
        for match in pattern.finditer(plain):
            if match.group(0) not in found:
                found.append(match.group(0))
    return found


def _course_text(course) -> str:
    return " ".join(
        [course.title or "", course.summary or "", *(str(block.value) for block in course.objectives)]
    )


def _lesson_text(lesson) -> str:
    return " ".join(
        [lesson.title, *(str(text) for text in lesson.body.stream_block.get_searchable_content(lesson.body))]
    )


def course_checklist(*, course) -> list[CheckItem]:
    """Every item for ``course`` (the version about to be published), passed or not; reads only.

    Lessons are read from the database: "live" is what learners would see once the course is online.
    """
    from .models import LessonPage

    lessons = LessonPage.objects.descendant_of(course) if course.pk else LessonPage.objects.none()
    live_count = lessons.live().count()
    items = [
        CheckItem(
            code="live_lesson",
            label=gettext("The course has at least one published lesson"),
            passed=live_count > 0,
            detail=gettext("Publish (approve) at least one lesson of the course first.")
            if not live_count
            else "",
        )
    ]
    for hook in hooks.get_hooks(CHECKLIST_HOOK):
        items.extend(hook(course))

    where = []
    if find_placeholders(_course_text(course)):
        where.append(course.title)
    where.extend(
        lesson.title for lesson in lessons.order_by("path") if find_placeholders(_lesson_text(lesson))
    )
    items.append(
        CheckItem(
            code="placeholder_text",
            label=gettext("No placeholder text (Lorem ipsum, TODO, [...], “Nội dung đang cập nhật”)"),
            passed=not where,
            blocking=False,
            detail=gettext("Placeholder text in: %(pages)s") % {"pages": "; ".join(where)} if where else "",
        )
    )
    return items


def course_publish_blockers(*, course) -> list[CheckItem]:
    """The blocking items ``course`` fails; empty when it may go live."""
    return [item for item in course_checklist(course=course) if item.blocking and not item.passed]


@contextmanager
def publishing_unchecked():
    """Publish courses without their checklist inside the block.

    Only for loaders that build content top-down in code (the demo data, test factories, benchmarks): they
    publish a course before adding its lessons and quiz. No request path uses it.
    """
    token = _unchecked.set(True)
    try:
        yield
    finally:
        _unchecked.reset(token)


def course_publish_check(*, course) -> None:
    """Raise ``CourseNotReady`` when a blocking item fails (unless inside ``publishing_unchecked``)."""
    if _unchecked.get():
        return
    blockers = course_publish_blockers(course=course)
    if blockers:
        raise CourseNotReady(course=course, items=blockers)
