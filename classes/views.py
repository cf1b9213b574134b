"""Learner-facing class pages: "My classes", the class page (register, withdraw), iCalendar feeds.
Each view parses input, calls one service or selector, and renders."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from accounts.http import post_or_back_to

from . import selectors, services
from .models import CalendarFeed, ClassMember, TrainingClass


@login_required
@require_GET
def my_classes(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("classes:learner_feed", kwargs={"token": feed.token}))
        if feed
        else ""
    )
    return render(
        request,
        "classes/my_classes.html",
        {"members": selectors.my_classes(user=request.user), "feed_url": feed_url},
    )


def _class_for(request, pk: int) -> TrainingClass:
    return get_object_or_404(
        selectors.class_visible_to_learner(user=request.user).select_related("course"), pk=pk
    )


@login_required
@require_GET
def detail(request, pk: int):
    training_class = _class_for(request, pk)
    context = selectors.class_detail_for(training_class=training_class, user=request.user)
    context["training_class"] = training_class
    return render(request, "classes/detail.html", context)


@login_required
@post_or_back_to(lambda request, pk: reverse("classes:detail", args=[_class_for(request, pk).pk]))
def register(request, pk: int):
    training_class = _class_for(request, pk)
    try:
        member = services.class_register(training_class=training_class, user=request.user)
    except services.ClassError as error:
        messages.error(request, error.message)
        return redirect("classes:detail", pk=pk)
    if member.status == ClassMember.Status.PENDING:
        messages.success(request, _("Your registration has been sent; it will be confirmed once approved."))
    elif member.status == ClassMember.Status.WAITLISTED:
        messages.info(
            request,
            _("The class is full: you are on the waiting list and will be e-mailed when a seat frees up."),
        )
    else:
        messages.success(request, _("You are registered in the class."))
    return redirect("classes:detail", pk=pk)


@login_required
@require_POST
def withdraw(request, pk: int):
    training_class = _class_for(request, pk)
    member = ClassMember.objects.filter(training_class=training_class, user=request.user).first()
    if member is None:
        raise Http404
    try:
        services.class_member_withdraw(member=member)
    except services.ClassError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("You have left the class."))
    return redirect("classes:detail", pk=pk)


@require_GET
def class_feed(request, pk: int):
    """The class's public calendar (no meeting links): any class past planning."""
    from . import calendar  # icalendar is loaded by the feeds only, not by every URLconf import

    training_class = get_object_or_404(
        TrainingClass.objects.exclude(status=TrainingClass.Status.PLANNED), pk=pk
    )
    body = calendar.sessions_calendar(
        name=f"{training_class.name} ({training_class.code})",
        sessions=selectors.public_calendar_sessions(training_class=training_class),
        with_links=False,
    )
    return _ics(body, filename=f"{training_class.code}.ics")


@never_cache
@require_GET
def learner_feed(request, token: str):
    """A learner's private calendar, found by its secret token alone (calendar apps do not sign in)."""
    from . import calendar

    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active:
        raise Http404
    body = calendar.sessions_calendar(
        name=_("My classes"),
        sessions=selectors.learner_calendar_sessions(user=feed.user),
        with_links=True,
    )
    return _ics(body, filename="lop-hoc.ics")


def _ics(body: bytes, *, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_POST
def feed_regenerate(request):
    services.calendar_feed_regenerate(user=request.user)
    messages.success(request, _("Your calendar address is ready; any previous address no longer works."))
    return redirect("classes:my_classes")


@login_required
@require_POST
def feed_revoke(request):
    if services.calendar_feed_revoke(user=request.user):
        messages.success(request, _("Your calendar address has been turned off."))
    return redirect("classes:my_classes")
