"""Learning panels for the course and lesson pages (the cms templates load these; cms never imports courses)."""

from urllib.parse import urlencode

from django import template
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from assessment import selectors as assessment_selectors
from cms.caching import content_cached
from cms.models import CoursePage, LessonPage

from .. import records, selectors
from ..models import Enrollment

register = template.Library()

CARD_TEMPLATE = "includes/course_card.html"


def _progress(request, enrollment: Enrollment, after: LessonPage | None = None) -> dict:
    """``enrollment_progress`` once per request; the outline reads its ``done_ids`` (``lessons_done``)."""
    cached = request.__dict__.setdefault("_lms_progress", {})
    key = (enrollment.pk, after.pk if after else None)
    if key not in cached:
        cached[key] = selectors.enrollment_progress(enrollment=enrollment, after=after, request=request)
        request.__dict__.setdefault("_lms_done_ids", {})[enrollment.course_id] = cached[key]["done_ids"]
    return cached[key]


def next_step(*, enrollment: Enrollment, progress: dict, course: CoursePage) -> dict:
    """The one primary button: its label, address and kind (``records.NextKind`` or "certificate")."""
    step = progress["next"]
    if step.kind == records.NextKind.LESSON:
        label = _("Start learning") if not progress["started"] else _("Next lesson: %(title)s")
        return {"kind": step.kind, "url": step.lesson.url, "label": label % {"title": step.lesson.title}}
    if step.kind == records.NextKind.QUIZ:
        return {
            "kind": step.kind,
            "url": reverse("courses:quiz", args=[step.quiz.pk]),
            "label": _("Take the final quiz"),
        }
    if enrollment.status == Enrollment.Status.COMPLETED and selectors.has_certificate(enrollment=enrollment):
        return {
            "kind": "certificate",
            "url": reverse("certificates:mine"),
            "label": _("View your certificate"),
        }
    return {"kind": step.kind, "url": f"{course.url}#enrollment", "label": _("See your result")}


def _settled(enrollment: Enrollment | None) -> bool:
    """Studying, done or waiting for approval: nothing left to enroll in."""
    return bool(enrollment and (enrollment.is_studying or enrollment.status == Enrollment.Status.PENDING))


def _enrollment_state(request, course: CoursePage) -> tuple[Enrollment | None, str | None]:
    """The viewer's enrollment in ``course`` and why they may not enroll now, read once per request.

    The reason is None for a visitor, for a learner already studying or waiting for approval, and for one who may
    enroll; the course summary and the learning panel both read it.
    """
    cached = request.__dict__.setdefault("_lms_enrollment_state", {})
    if course.pk not in cached:
        user = request.user
        enrollment = selectors.enrollment_for(user=user, course=course)
        reason = None
        if user.is_authenticated and not _settled(enrollment):
            reason = selectors.enrollment_block_reason(user=user, course=course)
        cached[course.pk] = (enrollment, reason)
    return cached[course.pk]


@register.simple_tag(takes_context=True)
def enrollment_mode_label(context, course: CoursePage) -> str:
    """The course's way of enrolling ("Tự do đăng ký học"), shown only to a viewer it is true for.

    A learner who may not enroll (another audience, closed, full) reads why in the learning panel instead, and a
    learner already enrolled needs no invitation; a visitor sees it beside who may enroll.
    """
    request = context.get("request")
    if request is None:
        return ""
    enrollment, reason = _enrollment_state(request, course)
    if reason or _settled(enrollment):
        return ""
    return course.get_enrollment_mode_display()


@register.simple_tag(takes_context=True)
def course_cards(context, courses) -> str:
    """The catalogue cards of ``courses`` (``includes/course_card.html``), each rendered once per content
    generation, language and viewer's audience (the card says why that audience may not enroll).

    The learner's audience is read once per page (one query), however many cards it shows; a card is the same
    for every viewer of that audience, so a page of cards costs a cache read each, not a template render.
    """
    request = context.get("request")
    audience = _viewer_audience(request) if request is not None else None

    def card(course) -> str:
        refusal = selectors.enrollment_audience_refusal(audience=audience, course=course) or ""
        return render_to_string(CARD_TEMPLATE, {"course": course, "refusal": refusal, "request": request})

    if request is None or getattr(request, "is_preview", False):
        return mark_safe("".join(card(course) for course in courses))  # escaped by the card template
    language = translation.get_language()
    return mark_safe(  # rendered and escaped by the card template
        "".join(
            content_cached(
                f"course-card:{course.pk}:{language}:{audience or ''}",
                lambda course=course: str(card(course)),
                request=request,
            )
            for course in courses
        )
    )


def _viewer_audience(request) -> str | None:
    """The signed-in learner's audience, read once per request; None for a visitor or without a profile."""
    if not request.user.is_authenticated:
        return None
    if "_lms_audience" not in request.__dict__:
        request._lms_audience = selectors.learner_audience(user=request.user)
    return request._lms_audience


@register.inclusion_tag("courses/includes/course_panel.html", takes_context=True)
def course_panel(context, course: CoursePage):
    """Enroll / continue / request status for the course page; a visitor reads who may enroll and how to join."""
    request = context["request"]
    user = request.user
    enrollment, reason = _enrollment_state(request, course)
    data = {
        "request": request,
        "course": course,
        "enrollment": enrollment,
        "user": user,
        "block_reason": reason,
    }
    if enrollment and enrollment.is_studying:
        data["progress"] = _progress(request, enrollment)
        if enrollment.status == Enrollment.Status.COMPLETED:
            data["has_certificate"] = selectors.has_certificate(enrollment=enrollment)
    elif reason:
        # Refused for who they are: point to the courses that are for them, not to a dead end.
        audience = selectors.learner_audience(user=user)
        if selectors.enrollment_audience_refusal(audience=audience, course=course):
            data["courses_for_me"] = f"{course.get_parent().url}?{urlencode({'audience': audience})}"
    return data


@register.inclusion_tag("courses/includes/lesson_panel.html", takes_context=True)
def lesson_panel(context, lesson: LessonPage, course: CoursePage | None):
    """Mark-as-done button, or the done state and the next step; the lesson's own quizzes if it has any."""
    request = context["request"]
    enrollment = (
        selectors.enrollment_for_request(request=request, course=course, lesson=lesson) if course else None
    )
    studying = enrollment if enrollment and enrollment.is_studying else None
    done = bool(enrollment and enrollment.lesson_done)
    step = None
    if studying is not None and done:
        # Only a finished lesson shows the next step: an unfinished one costs no more than a plain page.
        step = next_step(
            enrollment=studying, progress=_progress(request, studying, after=lesson), course=course
        )
    return {
        "request": request,
        "lesson": lesson,
        "enrollment": studying,
        "done": done,
        "next_step": step,
        "quizzes": assessment_selectors.lesson_quizzes(lesson=lesson, request=request) if enrollment else [],
    }


@register.simple_tag(takes_context=True)
def lessons_done(context, course: CoursePage | None) -> set[int]:
    """The ids of the lessons the learner has done in ``course``, for the outline's ticks (no query).

    The course page's panel read them with the progress; a lesson page read them with the enrollment, in the
    one query its gate makes (``selectors.enrollment_for_request``), finished lesson or not.
    """
    if "outline_done_ids" in context:  # given by the cached outline (cms content_fragments.lesson_outline)
        return context["outline_done_ids"]
    request = context.get("request")
    if request is None or course is None:
        return set()
    done_ids = request.__dict__.get("_lms_done_ids", {}).get(course.pk)
    if done_ids is not None:
        return done_ids
    for (course_id, _lesson_id), enrollment in request.__dict__.get("_lms_enrollments", {}).items():
        if course_id == course.pk and enrollment is not None and enrollment.is_studying:
            return getattr(enrollment, "done_ids", set())
    return set()
