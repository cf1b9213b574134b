"""The package's files (under a signed launch token, sandboxed) and the cmi commit endpoint (JSON)."""

import json
import mimetypes
import re

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from cms.models import LessonPage

from . import selectors, services
from .models import ScormPackage, scorm_storage

HTML_TYPES = {"text/html", "application/xhtml+xml"}
HEAD = re.compile(rb"<head\b[^>]*>", re.IGNORECASE)


def _bridge(request, launch: selectors.Launch) -> bytes:
    """The scripts put at the top of every HTML file of the package: scorm-again's cross-frame client as the
    page's ``window.API``, pre-filled with the learner's saved cmi data (so the first LMSGetValue answers)."""
    cmi = selectors.launch_cmi(user=launch.user, lesson=launch.lesson, package=launch.package)
    origin = f"{request.scheme}://{request.get_host()}"
    return format_html(
        '<script src="{}"></script><script src="{}" data-lms-origin="{}" data-cmi="{}"></script>',
        staticfiles_storage.url("vendor/scorm-again/cross-frame-api.min.js"),
        staticfiles_storage.url("js/scorm-frame.js"),
        origin,
        json.dumps(cmi, ensure_ascii=False),
    ).encode()


def _protect(response: HttpResponse) -> HttpResponse:
    response.headers["Content-Security-Policy"] = settings.LMS_SCORM_CSP
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


@require_GET
@xframe_options_sameorigin
def package_file(request, token: str, path: str):
    """A file of the package, for the holder of a valid launch token (the lesson page's iframe).

    404 for a bad or expired token, a learner who may no longer see the lesson, and any path that is not a
    file recorded at upload (``..``, absolute paths, encoded traversal): nothing outside the package is read.
    """
    launch = selectors.launch_read(token=token)
    if launch is None:
        raise Http404
    name = selectors.package_member(package=launch.package, path=path)
    if name is None:
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
