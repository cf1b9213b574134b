"""Writes: unpacking a checked package, saving a learner's cmi commit."""

import re
import zipfile
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cms.models import LessonPage
from courses import selectors as course_selectors
from courses import services as course_services

from .models import ScormAttempt, ScormPackage, scorm_storage
from .package import member_path, package_inspect


class ScormError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def scorm_package_unpack(*, package: ScormPackage) -> ScormPackage:
    """Check the package's zip again and extract it under ``<key>/content/``; idempotent per key.

    Raises ``ValidationError`` (nothing extracted) when the zip fails a check of ``package_inspect``.
    Each member is copied at most its declared size, so a lying header cannot write more than was checked.
    """
    if package.unpacked_at is not None:
        return package
    storage = scorm_storage()
    with package.file.open("rb") as handle:
        info = package_inspect(handle)
        handle.seek(0)
        with zipfile.ZipFile(handle) as archive:
            for member in archive.infolist():
                if member.is_dir():
                    continue
                name = f"{package.key}/content/{member_path(member.filename)}"
                with archive.open(member) as source:
                    storage.save(name, source)
    package.version = info.version
    package.launch_path = info.launch_path
    package.launch_query = info.launch_query
    package.files = info.files
    package.total_bytes = info.total_bytes
    package.unpacked_at = timezone.now()
    package.save(
        update_fields=["version", "launch_path", "launch_query", "files", "total_bytes", "unpacked_at"]
    )
    return package


# --- The learner's cmi data ------------------------------------------------------------------------

TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
EXITS = {"", "time-out", "suspend", "logout"}
DONE = {ScormAttempt.Status.COMPLETED, ScormAttempt.Status.PASSED}
SUSPEND_DATA_MAX = 4096  # SCORM 1.2: CMIString4096
FIELDS = {
    "cmi.core.lesson_status": "lesson_status",
    "cmi.core.score.raw": "score_raw",
    "cmi.core.score.min": "score_min",
    "cmi.core.score.max": "score_max",
    "cmi.core.lesson_location": "lesson_location",
    "cmi.suspend_data": "suspend_data",
    "cmi.core.exit": "exit",
    "cmi.core.session_time": "session_time",
    "cmi.core.total_time": "total_time",
}


def _invalid(key: str) -> ScormError:
    return ScormError(_("The lesson sent an invalid value for %(key)s; nothing was saved.") % {"key": key})


def _clean(data: dict) -> dict:
    """The known cmi values of a flattened commit, checked against SCORM 1.2's vocabularies and sizes."""
    if not isinstance(data, dict):
        raise ScormError(_("The lesson sent data the platform cannot read; nothing was saved."))
    cleaned = {}
    for key, field in FIELDS.items():
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _invalid(key)
        value = str(value)
        if "\x00" in value:
            raise _invalid(key)
        if field == "lesson_status":
            if value not in ScormAttempt.Status.values:
                raise _invalid(key)
        elif field.startswith("score_"):
            if value == "":
                value = None
            else:
                try:
                    value = Decimal(value)
                except InvalidOperation:
                    raise _invalid(key) from None
                if not value.is_finite() or not 0 <= value <= 100:
                    raise _invalid(key)
                value = value.quantize(Decimal("0.01"))
        elif (
            (field == "lesson_location" and len(value) > 255)
            or (field == "suspend_data" and len(value) > SUSPEND_DATA_MAX)
            or (field == "exit" and value not in EXITS)
            or (field in ("session_time", "total_time") and value and not TIMESPAN.match(value))
        ):
            raise _invalid(key)
        cleaned[field] = value
    if not cleaned.get("total_time", "x"):
        cleaned.pop("total_time")
    return cleaned


def scorm_cmi_save(*, user: User, lesson: LessonPage, package: ScormPackage, data: dict) -> ScormAttempt:
    """Store a commit of the package's cmi data for ``user`` in ``lesson``; complete the lesson when done.

    ``data`` is scorm-again's flattened commit (``{"cmi.core.lesson_status": ..., ...}``); unknown keys are
    ignored, known ones validated (``ScormError``, nothing saved). A status of "completed" or "passed"
    records the lesson through ``courses.services.lesson_mark_complete`` (idempotent) when the learner is
    enrolled; "failed" does not. The row is locked for the update, so two commits do not interleave.
    """
    cleaned = _clean(data)
    course = lesson.course
    enrollment = course_selectors.enrollment_for(user=user, course=course) if course else None
    with transaction.atomic():
        attempt, _created = ScormAttempt.objects.get_or_create(user=user, lesson=lesson, package=package)
        attempt = ScormAttempt.objects.select_for_update().get(pk=attempt.pk)
        for field, value in cleaned.items():
            setattr(attempt, field, value)
        attempt.commits += 1
        attempt.save()
        if attempt.lesson_status in DONE and enrollment is not None and enrollment.is_studying:
            course_services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    return attempt
