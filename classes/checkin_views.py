"""The learner's side of check-in: the page a scanned QR code opens, and "Nhập mã điểm danh".

Both need a signed-in learner (the QR link survives the sign-in through ``next``). A refused check-in
says why and records nothing (status 400); a recorded one says present or late.
"""

from allauth.core import ratelimit
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from .attendance import CheckinError, checkin_by_code, checkin_by_token
from .models import ClassSession


def _result(request, *, result=None, error: str = "", session=None):
    context = {"result": result, "error": error, "session": session or (result and result.attendance.session)}
    return render(request, "classes/attendance/checkin_result.html", context, status=400 if error else 200)


@never_cache
@login_required
@require_GET
def checkin_scan(request, session_id: int):
    """What the check-in QR code opens: records the learner at the session when the token is current.

    A GET that writes, on purpose: the phone camera opens the link and the learner should not need a second
    tap. It is idempotent (a second scan records nothing) and the token proves the learner sees the screen.
    """
    session = get_object_or_404(ClassSession.objects.select_related("training_class"), pk=session_id)
    token = request.GET.get("ma", "")
    if not token:
        return _result(
            request, error=_("The check-in link is incomplete. Scan the code again."), session=session
        )
    try:
        result = checkin_by_token(session=session, user=request.user, token=token)
    except CheckinError as exc:
        return _result(request, error=str(exc), session=session)
    return _result(request, result=result)


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def checkin_code(request):
    """Nhập mã điểm danh: the learner types the six digits shown on the screen."""
    error = ""
    code = ""
    if request.method == "POST":
        code = request.POST.get("ma", "")[:20]
        if not ratelimit.consume(request, action="lms_checkin_code"):
            error = _("Too many attempts. Wait a few minutes, then type the code shown on the screen.")
        else:
            try:
                result = checkin_by_code(user=request.user, code=code)
            except CheckinError as exc:
                error = str(exc)
            else:
                return _result(request, result=result)
    return render(
        request,
        "classes/attendance/checkin_code.html",
        {"error": error, "code": code},
        status=400 if error else 200,
    )
