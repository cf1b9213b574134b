"""Assigning courses (HR area): to a unit, or to learners listed by email or staff code, typed or uploaded."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from courses import services
from courses.models import Assignment

from ..forms import AssignmentForm
from ..permissions import hr_area_required


@hr_area_required
def assign(request):
    form = AssignmentForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        due_at = timezone.make_aware(datetime.datetime.combine(data["due_date"], datetime.time(23, 59)))
        try:
            _assignment, count = services.course_assign(
                course=data["course"],
                by=request.user,
                due_at=due_at,
                unit=None if data.get("learner_users") else data["unit"],
                include_descendants=data["include_descendants"],
                users=data.get("learner_users"),
                note=data["note"],
            )
        except services.LearningError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Course assigned: %(count)s learners enrolled or updated.") % {"count": count}
            )
            return redirect("course_assignments")
    recent = Assignment.objects.filter(assigned_by=request.user).select_related("course", "unit")[:20]
    return render(request, "staff/assign.html", {"form": form, "assignments": recent, "active_tab": "assign"})
