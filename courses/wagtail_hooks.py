"""Admin wiring for learning: enrolment requests and the lesson gate (the question bank is ``assessment``'s)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from accounts.selectors import user_roles
from cms.models import LessonPage

from . import selectors, services
from .models import Enrollment


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
    messages.info(request, _("Enrol in the course to read this lesson."))
    return redirect(course.url if course else "/")


def enrollment_requests(request):
    """Pending enrolment requests the user may decide (trainers of the course, HR of the unit, admins)."""
    if request.method == "POST":
        enrollment = get_object_or_404(
            Enrollment, pk=request.POST.get("enrollment"), status=Enrollment.Status.PENDING
        )
        try:
            services.enrollment_decide(
                enrollment=enrollment,
                approve=request.POST.get("decision") == "approve",
                by=request.user,
                note=request.POST.get("note", "")[:1000],
            )
            messages.success(request, _("The request has been decided."))
        except services.LearningError as error:
            messages.error(request, error.message)
        return redirect("enrollment_requests")
    return TemplateResponse(
        request,
        "courses/admin/enrollment_requests.html",
        {"requests": selectors.pending_requests_for(user=request.user)[:200]},
    )


@hooks.register("register_admin_urls")
def register_learning_admin_urls():
    return [
        path("yeu-cau-ghi-danh/", enrollment_requests, name="enrollment_requests"),
    ]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        roles = user_roles(user=request.user)
        return roles.is_hr or bool(roles.groups) or request.user.is_superuser


@hooks.register("register_admin_menu_item")
def register_enrollment_requests_menu_item():
    return StaffMenuItem(
        gettext_lazy("Enrolment requests"), reverse("enrollment_requests"), icon_name="user", order=220
    )
