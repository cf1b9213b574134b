"""Pending enrollment requests, in the Wagtail admin: trainers of the course, HR of the unit, administrators."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from courses import selectors, services
from courses.models import Enrollment

from ..permissions import user_may_decide_enrollments


def enrollment_requests(request):
    """The requests the user may decide; ``enrollment_decide`` checks each decision again."""
    if not user_may_decide_enrollments(user=request.user):
        raise PermissionDenied
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
        "staff/enrollment_requests.html",
        {"requests": selectors.pending_requests_for(user=request.user)[:200]},
    )
