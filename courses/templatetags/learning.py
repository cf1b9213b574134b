"""Learning panels for the course and lesson pages (the cms templates load these; cms never imports courses)."""

from django import template

from assessment import selectors as assessment_selectors
from cms.models import CoursePage, LessonPage

from .. import selectors
from ..models import Enrollment

register = template.Library()


@register.inclusion_tag("courses/includes/course_panel.html", takes_context=True)
def course_panel(context, course: CoursePage):
    """Enroll / continue / request status for the course page."""
    user = context["request"].user
    enrollment = selectors.enrollment_for(user=user, course=course)
    data = {"request": context["request"], "course": course, "enrollment": enrollment, "user": user}
    if enrollment and enrollment.is_studying:
        data["progress"] = selectors.enrollment_progress(enrollment=enrollment)
    elif user.is_authenticated and not (enrollment and enrollment.status == Enrollment.Status.PENDING):
        data["block_reason"] = selectors.enrollment_block_reason(user=user, course=course)
    return data


@register.inclusion_tag("courses/includes/lesson_panel.html", takes_context=True)
def lesson_panel(context, lesson: LessonPage, course: CoursePage | None):
    """Mark-as-done button, or the done state, and the lesson's quiz if it has one."""
    request = context["request"]
    enrollment = (
        selectors.enrollment_for_request(request=request, course=course, lesson=lesson) if course else None
    )
    return {
        "request": request,
        "lesson": lesson,
        "enrollment": enrollment if enrollment and enrollment.is_studying else None,
        "done": bool(enrollment and enrollment.lesson_done),
        "quizzes": assessment_selectors.lesson_quizzes(lesson=lesson, request=request) if enrollment else [],
    }
