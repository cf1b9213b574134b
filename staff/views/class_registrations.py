"""Class registrations awaiting approval ("Duyệt đăng ký lớp") in the staff area, beside the enrollment
requests: the registrations a user may decide, and the decision on one (approve, or reject with a reason).

Trainers see the registrations of the classes they teach, HR managers those of learners in their subtrees,
administrators all (``classes.selectors.pending_members_for``); a registration outside that list is a 404,
and ``class_member_decide`` checks the decision once more.
"""

from django.contrib import messages
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from classes import selectors, services

from ..permissions import enrollment_deciders_required
from .enrollment_requests import DecisionForm, back_to_list, pending_list_page


def _list_page(request, **kwargs):
    pending = selectors.pending_members_for(user=request.user)
    return pending_list_page(
        request,
        pending,
        template="staff/class_registrations.html",
        active_tab="class_registrations",
        **kwargs,
    )


@enrollment_deciders_required
def class_registrations(request):
    """The class registrations the user may decide, oldest first, a page at a time."""
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    return _list_page(request)


@enrollment_deciders_required
def class_registration_decide(request, pk: int):
    """Approve or reject one registration (POST only). Bad input re-shows the list with the error on that
    registration and changes nothing."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    member = get_object_or_404(selectors.pending_members_for(user=request.user), pk=pk)
    form = DecisionForm(request.POST)
    if not form.is_valid():
        return _list_page(request, failed=member.pk, form=form, status=400)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        member = services.class_member_decide(
            member=member, approve=approve, by=request.user, note=form.cleaned_data["note"]
        )
    except services.ClassError as error:
        form.add_error(None, error.message)
        return _list_page(request, failed=member.pk, form=form, status=400)
    names = {"name": member.user.full_name, "class": member.training_class.name}
    if not approve:
        messages.success(request, _("Rejected: the registration of %(name)s for “%(class)s”.") % names)
    elif member.status == member.Status.WAITLISTED:
        messages.success(
            request,
            _("Approved: %(name)s is on the waiting list of “%(class)s” (the class is full).") % names,
        )
    else:
        messages.success(request, _("Approved: %(name)s has a seat in “%(class)s”.") % names)
    return back_to_list(request, "class_registrations")
