"""Reads: who may open a package in a lesson, the signed launch token, the cmi data a launch resumes."""

import hashlib
from dataclasses import dataclass

from django.conf import settings
from django.core import signing

from accounts.models import User
from accounts.selectors import profiles_visible_to, user_roles
from cms.models import LessonPage
from courses import selectors as course_selectors
from courses.models import Enrollment

from .models import ScormAttempt, ScormPackage
from .package import member_path

TOKEN_SALT = "scorm.launch"  # noqa: S105  (a signing salt, not a secret)
COOKIE_SALT = "scorm.launch-cookie"


@dataclass(frozen=True)
class LessonAccess:
    """Whether ``user`` may open the lesson's package, and whether their data is saved (enrolled)."""

    allowed: bool
    enrollment: Enrollment | None = None

    @property
    def tracked(self) -> bool:
        return self.enrollment is not None


def lesson_access(*, user: User, lesson: LessonPage, request=None) -> LessonAccess:
    """The lesson gate's rule (``courses.wagtail_hooks.gate_lessons``) for a signed-in user: enrolled and
    studying, or a free-preview lesson, or staff who may use the admin (previews are not saved).

    With ``request`` (the lesson page), the enrollment the gate already read is reused.
    """
    if not user.is_authenticated or not lesson.live:
        return LessonAccess(allowed=False)
    course = lesson.course
    if course is None:
        enrollment = None
    elif request is not None:
        enrollment = course_selectors.enrollment_for_request(request=request, course=course, lesson=lesson)
    else:
        enrollment = course_selectors.enrollment_for(user=user, course=course)
    if enrollment is not None and enrollment.is_studying:
        return LessonAccess(allowed=True, enrollment=enrollment)
    return LessonAccess(allowed=lesson.free_preview or user_roles(user=user).can_use_admin)


def session_hash(session_key: str | None) -> str:
    """A short digest of the learner's session key: a launch is bound to the session that opened it."""
    return hashlib.sha256(f"scorm:{session_key or ''}".encode()).hexdigest()[:16]


def launch_token(
    *, user: User, lesson: LessonPage, package: ScormPackage, session_key: str | None = None
) -> str:
    """A signed path segment naming (user, lesson, package, package key, session).

    The package's files are served under it: relative links inside the package keep working. It is only
    half of the credential: every file also needs the launch cookie (``launch_cookie``), which the lesson
    page sets and renews for this learner's session. The key changes when the package is replaced, which
    ends older tokens; ``LMS_SCORM_SESSION_MAX_AGE`` caps how long renewals can keep one alive.
    """
    value = f"{user.pk}.{lesson.pk}.{package.pk}.{package.key.hex}.{session_hash(session_key)}"
    return signing.TimestampSigner(salt=TOKEN_SALT).sign(value).replace(":", "~")


def launch_cookie_name(package: ScormPackage) -> str:
    return f"scorm_launch_{package.pk}"


def launch_cookie(*, token: str) -> str:
    """The cookie value that opens ``token``'s files for ``LMS_SCORM_LAUNCH_MAX_AGE`` (signed, timestamped)."""
    digest = hashlib.sha256(token.encode()).hexdigest()[:32]
    return signing.TimestampSigner(salt=COOKIE_SALT).sign(digest)


def launch_cookie_valid(*, token: str, cookie: str | None) -> bool:
    if not cookie:
        return False
    try:
        digest = signing.TimestampSigner(salt=COOKIE_SALT).unsign(
            cookie, max_age=settings.LMS_SCORM_LAUNCH_MAX_AGE
        )
    except signing.BadSignature:
        return False
    return digest == hashlib.sha256(token.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class Launch:
    user: User
    lesson: LessonPage
    package: ScormPackage
    session: str = ""


def launch_read(*, token: str) -> Launch | None:
    """The launch a token names, if its signature holds, it is not older than ``LMS_SCORM_SESSION_MAX_AGE``,
    the package is still the same upload and the user may still see the lesson; else None. The caller
    checks the launch cookie (``launch_cookie_valid``) or the session (``launch_renewable``)."""
    try:
        value = signing.TimestampSigner(salt=TOKEN_SALT).unsign(
            token.replace("~", ":"), max_age=settings.LMS_SCORM_SESSION_MAX_AGE
        )
        user_id, lesson_id, package_id, key, session = value.split(".")
    except (signing.BadSignature, ValueError):
        return None
    package = ScormPackage.objects.filter(pk=package_id, unpacked_at__isnull=False).first()
    lesson = LessonPage.objects.live().filter(pk=lesson_id).first()
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if package is None or lesson is None or user is None or package.key.hex != key:
        return None
    if not lesson_access(user=user, lesson=lesson).allowed:
        return None
    return Launch(user=user, lesson=lesson, package=package, session=session)


def package_member(*, package: ScormPackage, path: str) -> str | None:
    """The storage name of ``path`` in the package, or None when the package holds no such file.

    Only names recorded at upload are served: a ``..`` or an absolute path never reaches the storage.
    """
    try:
        normalized = member_path(path)
    except Exception:
        return None
    if normalized != path or normalized not in set(package.files):
        return None
    return f"{package.key}/content/{normalized}"


# The fields of each saved interaction and objective that a launch gives back, per version, in the names
# scorm-again takes (``scorm.services`` keeps "score.raw" as "score_raw"). Correct responses are a list.
RESUMED_FIELDS = {
    "1.2": {
        "interactions": ("id", "type", "time", "weighting", "student_response", "result", "latency"),
        "objectives": ("id", "status", "score.raw", "score.min", "score.max"),
    },
    "2004": {
        "interactions": (
            "id",
            "type",
            "timestamp",
            "weighting",
            "learner_response",
            "result",
            "latency",
            "description",
        ),
        "objectives": (
            "id",
            "success_status",
            "completion_status",
            "score.scaled",
            "score.raw",
            "score.min",
            "score.max",
            "progress_measure",
            "description",
        ),
    },
}


def _records_cmi(attempt: ScormAttempt | None, version: str) -> dict[str, str]:
    """The attempt's saved interactions and objectives as flattened cmi values (``cmi.interactions.0.id``),
    numbered in their saved order; a package that resumes sees what it recorded in earlier sessions."""
    if attempt is None:
        return {}
    cmi = {}
    for kind, fields in RESUMED_FIELDS[version].items():
        records = [r for r in getattr(attempt, kind) or [] if isinstance(r, dict) and r.get("id")]
        for index, record in enumerate(records):
            prefix = f"cmi.{kind}.{index}."
            for name in fields:
                value = record.get(name.replace(".", "_"))
                if value not in (None, ""):
                    cmi[prefix + name] = str(value)
            if kind == "interactions":
                for number, pattern in enumerate(record.get("correct_responses") or []):
                    cmi[f"{prefix}correct_responses.{number}.pattern"] = str(pattern)
    return cmi


def launch_cmi(*, user: User, lesson: LessonPage, package: ScormPackage) -> dict[str, str]:
    """The flattened cmi values (SCORM 1.2 or 2004) a launch starts from: the learner's saved data, resumed
    (status, score, location, suspend data, total time, and the saved interactions and objectives)."""
    attempt = ScormAttempt.objects.filter(user=user, lesson=lesson, package=package).first()
    if package.version == "2004":
        return {**_launch_cmi_2004(user, attempt), **_records_cmi(attempt, "2004")}
    cmi = {
        "cmi.core.student_id": str(user.public_id),
        "cmi.core.student_name": user.get_full_name() or user.email,
        "cmi.core.lesson_status": ScormAttempt.Status.NOT_ATTEMPTED,
        "cmi.core.entry": "ab-initio",
        "cmi.core.credit": "credit",
        "cmi.core.lesson_mode": "normal",
        "cmi.core.lesson_location": "",
        "cmi.core.score.raw": "",
        "cmi.core.total_time": "0000:00:00.00",
        "cmi.suspend_data": "",
    }
    if attempt is not None:
        cmi.update(
            {
                "cmi.core.lesson_status": attempt.lesson_status,
                "cmi.core.entry": "resume" if attempt.exit == "suspend" else "",
                "cmi.core.lesson_location": attempt.lesson_location,
                "cmi.core.score.raw": "" if attempt.score_raw is None else _number(attempt.score_raw),
                "cmi.core.total_time": attempt.total_time or "0000:00:00.00",
                "cmi.suspend_data": attempt.suspend_data,
            }
        )
        for name in ("min", "max"):
            value = getattr(attempt, f"score_{name}")
            if value is not None:
                cmi[f"cmi.core.score.{name}"] = _number(value)
    cmi.update(_records_cmi(attempt, "1.2"))
    return {key: str(value) for key, value in cmi.items()}


def _number(value) -> str:
    """A decimal as SCORM reads it: 100.00 -> "100" (``normalize()`` alone gives "1E+2", which scorm-again
    refuses as a CMIDecimal, so a learner who scored 100 could not reopen the package)."""
    return f"{value.normalize():f}"


def _launch_cmi_2004(user: User, attempt: ScormAttempt | None) -> dict[str, str]:
    cmi = {
        "cmi.learner_id": str(user.public_id),
        "cmi.learner_name": user.get_full_name() or user.email,
        "cmi.completion_status": "unknown",
        "cmi.success_status": "unknown",
        "cmi.entry": "ab-initio",
        "cmi.credit": "credit",
        "cmi.mode": "normal",
        "cmi.location": "",
        "cmi.suspend_data": "",
    }
    if attempt is not None:
        cmi.update(
            {
                "cmi.completion_status": attempt.completion_status or "unknown",
                "cmi.success_status": attempt.success_status or "unknown",
                "cmi.entry": "resume" if attempt.exit == "suspend" else "",
                "cmi.location": attempt.lesson_location,
                "cmi.suspend_data": attempt.suspend_data,
            }
        )
        if attempt.score_scaled is not None:
            cmi["cmi.score.scaled"] = _number(attempt.score_scaled)
        for name in ("raw", "min", "max"):
            value = getattr(attempt, f"score_{name}")
            if value is not None:
                cmi[f"cmi.score.{name}"] = _number(value)
    return {key: str(value) for key, value in cmi.items()}


def lesson_package_ids(*, lesson: LessonPage) -> set[int]:
    """The packages the lesson's SCORM blocks name (read from the stored stream, no query)."""
    ids = set()
    for block in lesson.body.raw_data:
        if block.get("type") == "scorm" and isinstance(block.get("value"), dict):
            package = block["value"].get("package")
            if isinstance(package, int):
                ids.add(package)
    return ids


def attempts_readable_by(*, user: User, lesson: LessonPage):
    """The SCORM attempts of ``lesson`` that ``user`` may read, or None when they may read none at all:
    trainers of the lesson's course and administrators read every learner's; HR managers those of the
    learners in their subtrees (``accounts.scoping``, through ``profiles_visible_to``)."""
    if not user.is_authenticated:
        return None
    attempts = (
        ScormAttempt.objects.filter(lesson=lesson)
        .select_related("user", "user__profile__organisation_unit", "package")
        .order_by("user__name_sort_key", "pk")
    )
    course = lesson.course
    if user.is_superuser or (course is not None and course.trainers.filter(pk=user.pk).exists()):
        return attempts
    if user_roles(user=user).is_hr:
        return attempts.filter(user__profile__in=profiles_visible_to(user=user).values("pk"))
    return None
