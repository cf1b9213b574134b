"""Trainer screens for a class's attendance: the class page, a session's roster (bulk marking), the
check-in screen for the projector with its JSON feed, and the sign-in sheet PDF.

A trainer reaches the classes they teach, staff with ``classes.manage_all_classes`` and administrators
every class (``classes.selectors.classes_visible_to``); anyone else gets a 404 for any class or session.
"""

from functools import wraps

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from certificates.pdf import render_pdf
from classes import attendance, sheets
from classes.models import Attendance, ClassSession
from classes.selectors import classes_visible_to
from classes.services import ClassError


def _visible_session(request, session_id: int) -> ClassSession:
    visible = classes_visible_to(user=request.user).values("pk")
    return get_object_or_404(
        ClassSession.objects.select_related("training_class", "venue", "trainer"),
        pk=session_id,
        training_class__in=visible,
    )


def class_staff_required(view):
    """Signed in, then a 404 unless the user manages at least one class (a trainer, or staff)."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not classes_visible_to(user=request.user).exists():
            raise Http404
        return view(request, *args, **kwargs)

    return login_required(wrapped)


@class_staff_required
@require_GET
def class_list(request):
    """Lớp học: the classes the user teaches (all of them for staff who manage every class)."""
    classes = (
        classes_visible_to(user=request.user)
        .select_related("course")
        .prefetch_related("sessions")
        .order_by("-starts_on", "code")[:100]
    )
    return render(request, "staff/classes/class_list.html", {"classes": classes, "active_tab": "classes"})


@class_staff_required
@require_GET
def class_detail(request, class_id: int):
    """A class: its sessions (with their screens) and each member's attendance and outcome."""
    training_class = get_object_or_404(
        classes_visible_to(user=request.user).select_related("course"), pk=class_id
    )
    sessions = list(training_class.sessions.select_related("venue", "trainer").order_by("starts_at"))
    context = {
        "training_class": training_class,
        "sessions": sessions,
        "rows": attendance.class_attendance(training_class=training_class),
        "now": timezone.now(),
        "active_tab": "classes",
    }
    return render(request, "staff/classes/class_detail.html", context)


@class_staff_required
@require_http_methods(["GET", "POST"])
def session_roster(request, session_id: int):
    """Điểm danh: one form for the whole roster (present, late, absent, excused with a reason)."""
    session = _visible_session(request, session_id)
    error = ""
    if request.method == "POST":
        marks = []
        for key, value in request.POST.items():
            if not key.startswith("status-"):
                continue
            try:
                member_id = int(key.removeprefix("status-"))
            except ValueError:
                continue
            reason = request.POST.get(f"reason-{member_id}", "")[:500]
            marks.append(attendance.Mark(member_id=member_id, status=value, reason=reason))
        try:
            changed = attendance.attendance_bulk_record(session=session, marks=marks, by=request.user)
        except ClassError as exc:
            error = str(exc)
        else:
            messages.success(
                request,
                _("Attendance saved: %(count)s change(s).") % {"count": changed},
            )
            return redirect("class_staff:roster", session_id=session.pk)
    rows = attendance.session_roster(session=session)
    if request.method == "POST":
        # Show what was typed, not what is stored, next to the error.
        for row in rows:
            row.typed_status = request.POST.get(f"status-{row.member.pk}", row.status)
            row.typed_reason = request.POST.get(f"reason-{row.member.pk}", row.reason)
    else:
        for row in rows:
            row.typed_status, row.typed_reason = row.status, row.reason
    context = {
        "session": session,
        "training_class": session.training_class,
        "rows": rows,
        "statuses": Attendance.Status.choices,
        "changes": attendance.session_changes(session=session),
        "counts": attendance.checkin_counts(session=session),
        "error": error,
        "active_tab": "classes",
    }
    return render(request, "staff/classes/session_roster.html", context, status=400 if error else 200)


def _screen_state(request, session: ClassSession) -> dict:
    """What the check-in screen shows now: QR code (SVG data URI) of the check-in URL, the typed code,
    the counts and when the next code comes."""
    now = timezone.now()
    token = attendance.checkin_token(session=session, now=now)
    url = request.build_absolute_uri(
        reverse("checkin:scan", kwargs={"session_id": session.pk}) + "?" + f"ma={token}"
    )
    qr = segno.make_qr(url, error="m")
    counts = attendance.checkin_counts(session=session)
    return {
        "url": url,
        "qr": qr.svg_data_uri(scale=1, border=4, dark="#000", light="#fff"),
        "code": attendance.checkin_code(session=session, slot=attendance.checkin_slot(now=now)),
        "present": counts.present,
        "late": counts.late,
        "registered": counts.registered,
        "refresh_in": attendance.checkin_slot_ends_in(now=now),
    }


@never_cache
@class_staff_required
@require_GET
def checkin_screen(request, session_id: int):
    """The check-in screen for a projector: a big QR code that changes every slot, the code to type, the
    counts. static/js/checkin.js refreshes it from ``checkin_state`` without reloading; without script a
    meta refresh reloads the page when the code changes."""
    session = _visible_session(request, session_id)
    context = {
        "session": session,
        "training_class": session.training_class,
        "state": _screen_state(request, session),
        "code_url": request.build_absolute_uri(reverse("checkin:code")),
        "rotate_seconds": settings.LMS_CHECKIN_ROTATE_SECONDS,
    }
    return render(request, "staff/classes/checkin_screen.html", context)


@never_cache
@class_staff_required
@require_GET
def checkin_state(request, session_id: int):
    """The check-in screen's current state as JSON (what checkin.js polls)."""
    session = _visible_session(request, session_id)
    return JsonResponse(_screen_state(request, session))


@class_staff_required
@require_GET
def sign_in_sheet(request, session_id: int):
    """Danh sách học viên ký tên: the session's sign-in sheet as a PDF (certificates.pdf renders it)."""
    session = _visible_session(request, session_id)
    pdf = render_pdf(html=sheets.sign_in_sheet_html(session=session))
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = sheets.sign_in_sheet_filename(session=session)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response
