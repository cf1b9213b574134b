"""The package's files (under a signed launch token, sandboxed) and the cmi commit endpoint (JSON)."""

import json
import mimetypes
import re

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from cms.models import LessonPage
from courses.models import LessonProgress

from . import selectors, services
from .models import ScormAttempt, ScormPackage, scorm_storage

HTML_TYPES = {"text/html", "application/xhtml+xml"}
HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)


def _bridge(request, launch: selectors.Launch) -> bytes:
    """The scripts put at the top of every HTML file of the package: scorm-again's cross-frame client as the
    page's ``window.API``, pre-filled with the learner's saved cmi data (so the first LMSGetValue answers)."""
    cmi = selectors.launch_cmi(user=launch.user, lesson=launch.lesson, package=launch.package)
    origin = f"{request.scheme}://{request.get_host()}"
    return format_html(
        '<script src="{}"></script><script src="{}" data-lms-origin="{}" data-version="{}" data-cmi="{}">'
        "</script>",
        staticfiles_storage.url("vendor/scorm-again/cross-frame-api.min.js"),
        staticfiles_storage.url("js/scorm-frame.js"),
        origin,
        launch.package.version,
        json.dumps(cmi, ensure_ascii=False),
    ).encode()


def _protect(response: HttpResponse) -> HttpResponse:
    response.headers["Content-Security-Policy"] = settings.LMS_SCORM_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@xframe_options_sameorigin
def package_file(request, token: str, path: str):
    """A file of the package, for the holder of a valid launch token (the lesson page's iframe); the launch
    file also needs the launch cookie (scoped to the token's path, renewed by the lesson page).

    404 for a bad or expired token, a launch file without a valid cookie, another signed-in user, a learner who may
    no longer see the lesson, and any path that is not a
    file recorded at upload (``..``, absolute paths, encoded traversal): nothing outside the package is read.
    """
    launch = selectors.launch_read(token=token)
    if launch is None:
        raise Http404
    if request.user.is_authenticated and request.user.pk != launch.user.pk:
        raise Http404  # someone else, signed in, opening a leaked URL
    name = selectors.package_member(package=launch.package, path=path)
    if name is None:
        raise Http404
    if path == launch.package.launch_path:
        # The launch URL is the one that leaks (it is what the frame opens). Its request is the frame's
        # navigation from the lesson page, which carries the launch cookie of this learner's session; the
        # package's own requests come from an opaque origin and carry no cookie (browsers treat them as
        # third-party, and CHIPS partitions them apart), so other files rely on the token alone.
        cookie = request.COOKIES.get(selectors.launch_cookie_name(launch.package))
        if not selectors.launch_cookie_valid(token=token, cookie=cookie):
            raise Http404
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    storage = scorm_storage()
    if content_type in HTML_TYPES:
        with storage.open(name, "rb") as handle:
            body = handle.read()
        bridge = _bridge(request, launch)
        match = HEAD.search(body)
        body = body[: match.end()] + bridge + body[match.end() :] if match else bridge + body
        response = HttpResponse(body, content_type=content_type)
        response.headers["Cache-Control"] = "private, no-store"
        return _protect(response)
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    response.headers["Cache-Control"] = "private, max-age=600"
    return _protect(response)


def _launch_refusal(package: ScormPackage) -> str | None:
    if package.state == ScormPackage.State.PENDING:
        return _("This interactive lesson is being checked and prepared. Please come back in a few minutes.")
    if package.state != ScormPackage.State.READY or package.unpacked_at is None:
        return _("This interactive lesson is not available yet.")
    return None


@require_GET
def launch(request, lesson_id: int, package_id: int):
    """This learner's launch of the package (JSON, never cached): the signed URL of the launch file, the
    cmi data it resumes, the commit URL and CSRF token; sets the launch cookie scoped to the URL's path.

    With ``?renew=<token>`` the cookie of a running launch is renewed (same user and session only). The
    lesson's markup holds none of this, so a cached lesson body serves every learner.
    """
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if package_id not in selectors.lesson_package_ids(lesson=lesson):
        raise Http404
    package = get_object_or_404(ScormPackage, pk=package_id)
    if refusal := _launch_refusal(package):
        return JsonResponse({"result": False, "message": refusal}, status=409)
    access = selectors.lesson_access(user=request.user, lesson=lesson)
    if not access.allowed:
        return JsonResponse(
            {
                "result": False,
                "message": _("Sign in and enroll in the course to open this interactive lesson."),
            },
            status=403,
        )
    if not request.session.session_key:
        request.session.save()
    renew = request.GET.get("renew")
    if renew:
        running = selectors.launch_read(token=renew)
        if (
            running is None
            or running.user.pk != request.user.pk
            or running.package.pk != package.pk
            or running.lesson.pk != lesson.pk
            or running.session != selectors.session_hash(request.session.session_key)
        ):
            return JsonResponse({"result": False, "message": _("Open the lesson again.")}, status=403)
        token = renew
        body = {"result": True}
    else:
        token = selectors.launch_token(
            user=request.user, lesson=lesson, package=package, session_key=request.session.session_key
        )
        launch_url = reverse("scorm:file", kwargs={"token": token, "path": package.launch_path})
        if package.launch_query:
            launch_url += "?" + package.launch_query
        enrollment = access.enrollment
        body = {
            "result": True,
            "version": package.version,
            "token": token,
            "launch_url": launch_url,
            "commit_url": reverse("scorm:commit", kwargs={"lesson_id": lesson.pk, "package_id": package.pk})
            if access.tracked
            else "",
            "csrf_token": get_token(request),
            "cmi": selectors.launch_cmi(user=request.user, lesson=lesson, package=package),
            "lesson_done": bool(
                enrollment is not None
                and LessonProgress.objects.filter(enrollment=enrollment, lesson=lesson).exists()
            ),
            "renew_after": max(settings.LMS_SCORM_LAUNCH_MAX_AGE // 3, 5),
        }
        if (
            not access.tracked
            and selectors.attempts_readable_by(user=request.user, lesson=lesson) is not None
        ):
            # Trainers of the course (and HR, administrators) previewing the lesson: where the results are.
            body["attempts_url"] = reverse("scorm:lesson_attempts", kwargs={"lesson_id": lesson.pk})
    response = JsonResponse(body)
    response.headers["Cache-Control"] = "private, no-store"
    response.set_cookie(
        selectors.launch_cookie_name(package),
        selectors.launch_cookie(token=token),
        max_age=settings.LMS_SCORM_LAUNCH_MAX_AGE,
        path=reverse("scorm:file", kwargs={"token": token, "path": "x"})[:-1],
        secure=True,  # required with SameSite=None; browsers also keep it on http://localhost
        httponly=True,
        samesite="None",  # sent on the frame's navigation to the launch file whatever the frame's origin
    )
    return response


def _error(message: str, status: int) -> JsonResponse:
    return JsonResponse({"result": False, "errorCode": 101, "message": message}, status=status)


@require_POST
def cmi_commit(request, lesson_id: int, package_id: int):
    """Save the learner's cmi commit (scorm-again, flattened JSON); CSRF-protected like every POST.

    Refusals are JSON with a translated message and change nothing: not signed in or not enrolled (403),
    a package that is not in the lesson (404), too large (413), not JSON or invalid values (400).
    """
    if not request.user.is_authenticated:
        return _error(_("Sign in again to save your progress."), 403)
    if int(request.headers.get("Content-Length") or 0) > settings.LMS_SCORM_MAX_COMMIT_BYTES:
        return _error(_("The lesson sent too much data; nothing was saved."), 413)
    lesson = get_object_or_404(LessonPage.objects.live(), pk=lesson_id)
    if package_id not in selectors.lesson_package_ids(lesson=lesson):
        raise Http404
    package = get_object_or_404(ScormPackage, pk=package_id, unpacked_at__isnull=False)
    access = selectors.lesson_access(user=request.user, lesson=lesson)
    if not access.tracked:
        return _error(_("Enroll in the course to save your progress."), 403)
    body = request.body
    if len(body) > settings.LMS_SCORM_MAX_COMMIT_BYTES:
        return _error(_("The lesson sent too much data; nothing was saved."), 413)
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return _error(_("The lesson sent data the platform cannot read; nothing was saved."), 400)
    try:
        attempt = services.scorm_cmi_save(user=request.user, lesson=lesson, package=package, data=data)
    except services.ScormError as error:
        return _error(error.message, 400)
    return JsonResponse({"result": True, "errorCode": 0, "lesson_status": attempt.lesson_status})


# --- The trainer's view of the learners' attempts ------------------------------------------------------


@login_required
@require_GET
def lesson_attempts(request, lesson_id: int):
    """Every attempt at the lesson's SCORM packages that the reader may read (trainers of the course, HR of
    the learners' subtrees, administrators); 404 for anyone else."""
    lesson = get_object_or_404(LessonPage.objects.all(), pk=lesson_id)
    attempts = selectors.attempts_readable_by(user=request.user, lesson=lesson)
    if attempts is None:
        raise Http404
    return render(request, "scorm/lesson_attempts.html", {"lesson": lesson, "attempts": attempts[:500]})


@login_required
@require_GET
def attempt_detail(request, attempt_id: int):
    """One learner's attempt: statuses, score, time, and the interactions and objectives the package sent."""
    attempt = get_object_or_404(ScormAttempt.objects.only("lesson_id"), pk=attempt_id)
    lesson = get_object_or_404(LessonPage.objects.all(), pk=attempt.lesson_id)
    attempts = selectors.attempts_readable_by(user=request.user, lesson=lesson)
    attempt = attempts.filter(pk=attempt_id).first() if attempts is not None else None
    if attempt is None:
        raise Http404
    return render(request, "scorm/attempt_detail.html", {"lesson": lesson, "attempt": attempt})
