"""Enrollment requests ("Yêu cầu đăng ký học") in the staff area: the pending requests a user may decide,
and the decision on one of them (approve, or reject with a reason).

HR managers see the requests of learners in their subtrees, trainers those of their courses, administrators
all (``courses.selectors.pending_requests_for``); a request outside that list is a 404, and
``enrollment_decide`` checks the decision once more.
"""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import PlainTextField
from courses import selectors, services

from ..permissions import enrollment_deciders_required

PER_PAGE = 25


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
    )
    note = PlainTextField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=1000,
        help_text=gettext_lazy("Required to reject; kept with the decision."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note"):
            self.add_error("note", _("Give the reason for rejecting the request."))
        return data


def pending_list_page(request, pending, *, template, active_tab, failed=None, form=None, status=200):
    """A page of pending items to decide; ``failed`` is the item whose decision ``form`` refused."""
    page = Paginator(pending, PER_PAGE).get_page(request.GET.get("page"))
    return TemplateResponse(
        request,
        template,
        {"page": page, "failed": failed, "failed_form": form, "active_tab": active_tab},
        status=status,
    )


def back_to_list(request, url_name: str):
    """After a decision: the list again, at the page the decision was made from."""
    page = request.GET.get("page")
    url = reverse(url_name)
    return redirect(f"{url}?page={page}" if page and page.isdigit() else url)


def _list_page(request, **kwargs):
    pending = selectors.pending_requests_for(user=request.user)
    return pending_list_page(
        request, pending, template="staff/enrollment_requests.html", active_tab="requests", **kwargs
    )


@enrollment_deciders_required
def enrollment_requests(request):
    """The requests the user may decide, oldest first, a page at a time."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _list_page(request)


@enrollment_deciders_required
def enrollment_request_decide(request, pk: int):
    """Approve or reject one request (POST only). Bad input re-shows the list with the error on that request
    and changes nothing."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    enrollment = get_object_or_404(selectors.pending_requests_for(user=request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _list_page(request, failed=enrollment.pk, form=form, status=400)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.enrollment_decide(
            enrollment=enrollment, approve=approve, by=request.user, note=form.cleaned_data["note"]
        )
    except services.LearningError as error:
        form.add_error(None, error.message)
        return _list_page(request, failed=enrollment.pk, form=form, status=400)
    name = enrollment.user.full_name
    if approve:
        messages.success(
            request,
            _("Approved: %(name)s may now study “%(course)s”.")
            % {"name": name, "course": enrollment.course.title},
        )
    else:
        messages.success(
            request,
            _("Rejected: the request of %(name)s for “%(course)s”.")
            % {"name": name, "course": enrollment.course.title},
        )
    return back_to_list(request, "enrollment_requests")
