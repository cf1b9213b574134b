"""Admin wiring for learning: the lesson gate (question bank: ``assessment``; enrollment requests: ``staff``)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from wagtail import hooks

from accounts.selectors import user_roles
from cms.models import LessonPage

from . import selectors, services


@hooks.register("before_serve_page")
def gate_lessons(page, request, serve_args, serve_kwargs):
    """Lessons are for enrolled learners (and staff); free-preview lessons and course pages are public."""
    if not isinstance(page, LessonPage):
        return None
    course = page.course
    user = request.user
    enrollment = (
        selectors.enrollment_for_request(request=request, course=course, lesson=page) if course else None
    )
    if enrollment and enrollment.is_studying:
        services.lesson_visit(enrollment=enrollment, lesson=page)
        return None
    if page.free_preview or user_roles(user=user).can_use_admin:
        return None
    if not user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    messages.info(request, _("Enroll in the course to read this lesson."))
    return redirect(course.url if course else "/")


@hooks.register("lms_page_access")
def lesson_files_access(page, request):
    """The files of a lesson (video, captions, attachments; ``lessonmedia``) follow ``gate_lessons``: enrolled
    and studying learners, free previews and staff. Unlike the gate, this records no visit."""
    if not isinstance(page, LessonPage):
        return None
    if page.free_preview or user_roles(user=request.user).can_use_admin:
        return True
    course = page.course
    enrollment = (
        selectors.enrollment_for_request(request=request, course=course, lesson=page) if course else None
    )
    return bool(enrollment and enrollment.is_studying)
