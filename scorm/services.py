"""Writes: unpacking a checked package, saving a learner's cmi commit."""

import logging
import re
import zipfile
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from cms.models import LessonPage
from courses import selectors as course_selectors
from courses import services as course_services

from .models import ScormAttempt, ScormPackage, scorm_storage
from .package import member_path, package_inspect

logger = logging.getLogger(__name__)


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
    package.state = ScormPackage.State.READY
    package.refusal = ""
    package.save(
        update_fields=[
            "version",
            "launch_path",
            "launch_query",
            "files",
            "total_bytes",
            "unpacked_at",
            "state",
            "refusal",
        ]
    )
    return package


def scorm_package_queue(*, package: ScormPackage) -> None:
    """Mark the package as being checked and queue its check and unpacking once the upload is committed."""
    from .tasks import unpack_scorm_package

    ScormPackage.objects.filter(pk=package.pk).update(
        state=ScormPackage.State.PENDING, refusal="", unpacked_at=None
    )
    package_id = package.pk
    transaction.on_commit(lambda: unpack_scorm_package.enqueue(package_id))


def scorm_package_process(*, package_id: int) -> str:
    """The background task's work: check the uploaded zip and unpack it (state ``ready``), or refuse it
    (state ``refused``, the translated reason kept for the trainer, the zip and anything extracted deleted).
    Returns the new state; a package already handled (or gone) is left as it is."""
    package = ScormPackage.objects.filter(pk=package_id).first()
    if package is None or package.state != ScormPackage.State.PENDING:
        return package.state if package else "missing"
    try:
        with translation.override(settings.LANGUAGE_CODE):
            scorm_package_unpack(package=package)
    except ValidationError as error:
        with translation.override(settings.LANGUAGE_CODE):
            reason = " ".join(str(message) for message in error.messages)
        _delete_files(package)
        ScormPackage.objects.filter(pk=package.pk).update(
            state=ScormPackage.State.REFUSED, refusal=reason[:2000], unpacked_at=None, files=[]
        )
        logger.info("SCORM package %s refused: %s", package.pk, reason)
        return ScormPackage.State.REFUSED
    ScormPackage.objects.filter(pk=package.pk).update(state=ScormPackage.State.READY, refusal="")
    return ScormPackage.State.READY


def _delete_files(package: ScormPackage) -> None:
    storage = scorm_storage()
    root = f"{package.key}/content"
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            folders, files = storage.listdir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        pending.extend(f"{folder}/{name}" for name in folders)
        for name in files:
            storage.delete(f"{folder}/{name}")
    if package.file and storage.exists(package.file.name):
        storage.delete(package.file.name)


# --- The learner's cmi data ------------------------------------------------------------------------

TIMESPAN = re.compile(r"^\d{2,4}:\d{2}:\d{2}(\.\d{1,2})?$")
# SCORM 2004 timeinterval (second): an ISO 8601 duration such as PT1H2M3.5S or P1DT2H.
DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d{1,2})?S)?)?$")
EXITS = {"", "time-out", "suspend", "logout"}
EXITS_2004 = {"", "time-out", "suspend", "logout", "normal"}
DONE = {ScormAttempt.Status.COMPLETED, ScormAttempt.Status.PASSED}
SUSPEND_DATA_MAX = 4096  # SCORM 1.2: CMIString4096
SUSPEND_DATA_MAX_2004 = 64000  # SCORM 2004 4th edition: characterstring (SPM 64000)
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
FIELDS_2004 = {
    "cmi.completion_status": "completion_status",
    "cmi.success_status": "success_status",
    "cmi.score.scaled": "score_scaled",
    "cmi.score.raw": "score_raw",
    "cmi.score.min": "score_min",
    "cmi.score.max": "score_max",
    "cmi.location": "lesson_location",
    "cmi.suspend_data": "suspend_data",
    "cmi.exit": "exit",
    "cmi.session_time": "session_time",
    "cmi.total_time": "total_time",
}
COMPLETION_2004 = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_2004 = {"passed", "failed", "unknown"}
# What is kept of each interaction and objective (both versions' names); anything else is dropped.
INTERACTION_KEYS = {
    "id",
    "type",
    "timestamp",
    "time",
    "weighting",
    "student_response",
    "learner_response",
    "result",
    "latency",
    "description",
}
OBJECTIVE_KEYS = {
    "id",
    "status",
    "success_status",
    "completion_status",
    "score.raw",
    "score.min",
    "score.max",
    "score.scaled",
    "progress_measure",
    "description",
}
LIST_KEY = re.compile(r"^cmi\.(interactions|objectives)\.(\d{1,6})\.(.+)$")


def _invalid(key: str) -> ScormError:
    return ScormError(_("The lesson sent an invalid value for %(key)s; nothing was saved.") % {"key": key})


def _decimal(key: str, value: str, low: Decimal, high: Decimal, places: str = "0.01") -> Decimal | None:
    if value == "":
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        raise _invalid(key) from None
    if not number.is_finite() or not low <= number <= high:
        raise _invalid(key)
    return number.quantize(Decimal(places))


def _clean_value(key: str, field: str, value: str, version: str):
    if field == "lesson_status":
        if value not in ScormAttempt.Status.values:
            raise _invalid(key)
        return value
    if field == "completion_status":
        if value not in COMPLETION_2004:
            raise _invalid(key)
        return value
    if field == "success_status":
        if value not in SUCCESS_2004:
            raise _invalid(key)
        return value
    if field == "score_scaled":
        return _decimal(key, value, Decimal(-1), Decimal(1), "0.0000001")
    if field.startswith("score_"):
        # SCORM 1.2 scores are 0..100; SCORM 2004's raw/min/max are any real (bounded by the column).
        if version == "2004":
            return _decimal(key, value, Decimal("-99999.99"), Decimal("99999.99"))
        return _decimal(key, value, Decimal(0), Decimal(100))
    limits = {
        "lesson_location": 1000 if version == "2004" else 255,
        "suspend_data": SUSPEND_DATA_MAX_2004 if version == "2004" else SUSPEND_DATA_MAX,
    }
    if field in limits and len(value) > limits[field]:
        raise _invalid(key)
    if field == "exit" and value not in (EXITS_2004 if version == "2004" else EXITS):
        raise _invalid(key)
    if field in ("session_time", "total_time") and value:
        pattern = DURATION if version == "2004" else TIMESPAN
        if not pattern.match(value) or len(value) > 64:
            raise _invalid(key)
    return value


def _summary_status(completion: str, success: str) -> str:
    """SCORM 2004's two statuses as the platform's one lesson status (as in SCORM 1.2)."""
    if success in ("passed", "failed"):
        return success
    if completion in ("completed", "incomplete", "not attempted"):
        return completion
    return ""


def _records(data: dict, kind: str, keys: set[str], *, limit: int, value_max: int) -> list[dict]:
    """The flattened ``cmi.<kind>.N.*`` values as a list of dicts (kept keys only, each value at most
    ``value_max`` characters, at most ``limit`` records, correct responses as a list); what exceeds a bound
    is dropped with a warning in the log, never refused."""
    by_index: dict[int, dict] = {}
    dropped = 0
    for key, value in data.items():
        match = LIST_KEY.match(key) if isinstance(key, str) else None
        if match is None or match.group(1) != kind:
            continue
        index, name = int(match.group(2)), match.group(3)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            dropped += 1
            continue
        value = str(value).replace("\x00", "")
        if len(value) > value_max:
            value = value[:value_max]
            dropped += 1
        if index >= limit:
            dropped += 1
            continue
        record = by_index.setdefault(index, {})
        correct = re.match(r"^correct_responses\.(\d{1,3})\.pattern$", name)
        if correct and kind == "interactions":
            patterns = record.setdefault("correct_responses", [])
            if len(patterns) < 10:
                patterns.append(value)
            else:
                dropped += 1
        elif name in keys:
            record[name.replace(".", "_")] = value  # score.raw -> score_raw (readable in templates)
    if dropped:
        logger.warning("SCORM commit: %s %s values over the platform's bounds were dropped", dropped, kind)
    return [by_index[index] for index in sorted(by_index) if by_index[index].get("id")]


def _merge(saved: list, new: list, limit: int, kind: str) -> list:
    """Records of earlier sessions kept; a record with the same ``id`` replaced; at most ``limit``."""
    merged = {str(record.get("id")): record for record in saved if isinstance(record, dict)}
    for record in new:
        merged[record["id"]] = {**merged.get(record["id"], {}), **record}
    records = list(merged.values())
    if len(records) > limit:
        logger.warning(
            "SCORM attempt: %s %s over the limit of %s were not kept", len(records) - limit, kind, limit
        )
        records = records[:limit]
    return records


def _clean(data: dict, version: str = "1.2") -> dict:
    """The known cmi values of a flattened commit, checked against the version's vocabularies and sizes."""
    if not isinstance(data, dict):
        raise ScormError(_("The lesson sent data the platform cannot read; nothing was saved."))
    cleaned = {}
    for key, field in (FIELDS_2004 if version == "2004" else FIELDS).items():
        if key not in data:
            continue
        value = data[key]
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise _invalid(key)
        value = str(value)
        if "\x00" in value:
            raise _invalid(key)
        cleaned[field] = _clean_value(key, field, value, version)
    if not cleaned.get("total_time", "x"):
        cleaned.pop("total_time")
    value_max = settings.LMS_SCORM_MAX_RECORD_CHARS
    cleaned["interactions"] = _records(
        data, "interactions", INTERACTION_KEYS, limit=settings.LMS_SCORM_MAX_INTERACTIONS, value_max=value_max
    )
    cleaned["objectives"] = _records(
        data, "objectives", OBJECTIVE_KEYS, limit=settings.LMS_SCORM_MAX_OBJECTIVES, value_max=value_max
    )
    return cleaned


def scorm_cmi_save(*, user: User, lesson: LessonPage, package: ScormPackage, data: dict) -> ScormAttempt:
    """Store a commit of the package's cmi data for ``user`` in ``lesson``; complete the lesson when done.

    ``data`` is scorm-again's flattened commit (``{"cmi.core.lesson_status": ..., ...}`` for SCORM 1.2,
    ``{"cmi.completion_status": ..., "cmi.success_status": ...}`` for 2004); unknown keys are ignored, known
    ones validated (``ScormError``, nothing saved); interactions and objectives are kept within bounds.
    A status of "completed" or "passed" records the lesson through ``courses.services.lesson_mark_complete``
    (idempotent) when the learner is enrolled; "failed" does not. The row is locked for the update, so two
    commits do not interleave.
    """
    cleaned = _clean(data, package.version)
    interactions, objectives = cleaned.pop("interactions"), cleaned.pop("objectives")
    course = lesson.course
    enrollment = course_selectors.enrollment_for(user=user, course=course) if course else None
    with transaction.atomic():
        attempt, _created = ScormAttempt.objects.get_or_create(user=user, lesson=lesson, package=package)
        attempt = ScormAttempt.objects.select_for_update().get(pk=attempt.pk)
        for field, value in cleaned.items():
            setattr(attempt, field, value)
        if package.version == "2004":
            # The platform's one status from SCORM 2004's two (a commit may carry only one of them).
            attempt.lesson_status = (
                _summary_status(attempt.completion_status, attempt.success_status) or attempt.lesson_status
            )
        if interactions:
            attempt.interactions = _merge(
                attempt.interactions, interactions, settings.LMS_SCORM_MAX_INTERACTIONS, "interactions"
            )
        if objectives:
            attempt.objectives = _merge(
                attempt.objectives, objectives, settings.LMS_SCORM_MAX_OBJECTIVES, "objectives"
            )
        attempt.commits += 1
        attempt.save()
        if attempt.lesson_status in DONE and enrollment is not None and enrollment.is_studying:
            course_services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
    return attempt
