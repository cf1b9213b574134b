"""Reads of the API: every list is narrowed to the client's organisation subtree through
``accounts.scoping.in_subtrees``, the one subtree filter; rows are plain dicts (``values()``) so a page of a
thousand rows costs one query and no model instances."""

import hmac

from django.db.models import F, QuerySet

from accounts.models import Audience, OrganisationUnit, Profile
from accounts.scoping import in_subtrees
from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from cms.models import CoursePage
from courses.models import Enrollment
from records import selectors as record_selectors

from .models import ApiClient
from .services import api_client_cache, api_client_cached, token_digest

UNIT_FIELDS = ("pk", "code", "name", "kind", "is_active", "depth", "path")
OFFICIAL_FIELDS = (
    "pk",
    "public_id",
    "full_name",
    "email",
    "staff_code",
    "position",
    "unit_code",
    "left_at",
)
COURSE_FIELDS = ("pk", "title", "slug", "track", "level", "estimated_hours", "enrollment_mode", "live")
CLASS_FIELDS = ("pk", "code", "name", "course_id", "status", "starts_on", "ends_on", "capacity")
ENROLLMENT_FIELDS = (
    "pk",
    "learner_id",
    "course_id",
    "unit_code",
    "status",
    "source",
    "enrolled_at",
    "due_at",
    "completed_at",
    "final_score",
)
CERTIFICATE_FIELDS = (
    "pk",
    "serial",
    "learner_id",
    "course_id",
    "course_title",
    "issued_at",
    "completed_on",
    "expires_on",
    "revoked_at",
)
ATTENDANCE_FIELDS = (
    "pk",
    "class_id",
    "session_id",
    "session_starts_at",
    "learner_id",
    "status",
    "method",
    "checked_in_at",
)


def api_client_for_token(*, token: str) -> ApiClient | None:
    """The usable client (not revoked, not expired) whose token this is, with its unit; None otherwise.

    From the cache when it holds the token's digest (``services.api_client_cached``: no query), else one
    query, whose client is then cached for the next requests.
    """
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != "lms":
        return None
    digest = token_digest(token)
    client = api_client_cached(token_hash=digest)
    if client is None:
        client = ApiClient.objects.select_related("unit").filter(token_prefix=parts[1]).first()
        if client is None or not _same(client.token_hash, digest):
            return None
        api_client_cache(client=client)
    return client if client.is_usable else None


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


def units_for(*, client: ApiClient) -> QuerySet:
    return OrganisationUnit.objects.filter(in_subtrees(roots=[client.unit]))


def officials_for(*, client: ApiClient, include_left: bool = False) -> QuerySet:
    """Officials of the client's subtree (erased accounts never). Those who left (``Profile.left_at``, set by
    an officials import that no longer lists them; their account is deactivated) only with ``include_left``:
    an HR system asking for officials means the current ones."""
    queryset = Profile.objects.filter(
        in_subtrees(roots=[client.unit], unit_field="organisation_unit"),
        audience=Audience.OFFICIAL,
        user__erased_at__isnull=True,
    )
    if not include_left:
        queryset = queryset.filter(left_at__isnull=True)
    return queryset.annotate(
        public_id=F("user__public_id"),
        full_name=F("user__full_name"),
        email=F("user__email"),
        unit_code=F("organisation_unit__code"),
    )


def courses_for(*, client: ApiClient) -> QuerySet:
    """The catalogue's courses (published or not: HR software plans ahead). Not personal data."""
    return CoursePage.objects.all()


def classes_for(*, client: ApiClient) -> QuerySet:
    return TrainingClass.objects.all()


def enrollments_for(*, client: ApiClient, completed_only: bool = False) -> QuerySet:
    queryset = Enrollment.objects.filter(in_subtrees(roots=[client.unit], unit_field="unit")).annotate(
        learner_id=F("user__public_id"), unit_code=F("unit__code")
    )
    if completed_only:
        queryset = queryset.filter(status=Enrollment.Status.COMPLETED)
    return queryset


def certificates_for(*, client: ApiClient) -> QuerySet:
    return Certificate.objects.filter(
        in_subtrees(roots=[client.unit], unit_field="enrollment__unit")
    ).annotate(learner_id=F("user__public_id"))


def attendance_for(*, client: ApiClient) -> QuerySet:
    return Attendance.objects.filter(
        in_subtrees(roots=[client.unit], unit_field="member__user__profile__organisation_unit")
    ).annotate(
        class_id=F("member__training_class_id"),
        session_starts_at=F("session__starts_at"),
        learner_id=F("member__user__public_id"),
    )


def certificate_public(*, code: str) -> Certificate | None:
    """The certificate a verification code names (what the public verification page reads)."""
    return Certificate.objects.select_related("replaced_by").filter(verification_code=code).first()


# --- Training records (records app): one item per official and year ---------------------------------

RECORD_FIELDS = ("pk", "user_id", "public_id", "unit_code", "organisation_unit__path", "position")


def training_records(*, rows: list[tuple], year: int) -> list[dict]:
    """The records of ``year`` of the officials in ``rows`` (tuples of RECORD_FIELDS), in their order.

    Built by ``records.selectors`` (entries, counted periods, targets) so the API and the staff screens
    agree: three queries for the entries and one for the targets, whatever the number of officials.
    Pending and rejected external entries are listed with their status; only approved ones count.
    """
    entries = record_selectors.record_entries(
        user_ids=[row[1] for row in rows], year=year, include_unapproved=True
    )
    targets = record_selectors.target_table(year=year)
    items = []
    for _pk, user_id, public_id, unit_code, unit_path, position in rows:
        record = record_selectors.YearRecord(
            year=year,
            entries=entries.get(user_id, []),
            target=targets.target(unit_path=unit_path, position=position or ""),
        )
        items.append(
            {
                "official_id": public_id,
                "unit_code": unit_code,
                "year": year,
                "periods": record.periods,
                "target": record.target,
                "below_target": record.below_target,
                "entries": [_record_entry(entry) for entry in record.entries],
            }
        )
    return items


def _record_entry(entry: record_selectors.RecordEntry) -> dict:
    return {
        "kind": entry.kind,
        "external_id": entry.external.public_id if entry.external else None,
        "title": entry.title,
        "provider": entry.provider,
        "content_category": entry.category_code,
        "content_category_name": entry.category_name,
        "periods": entry.periods,
        "starts_on": entry.starts_on,
        "ends_on": entry.ends_on,
        "certificate_number": entry.certificate_number,
        "certificate_issuer": entry.certificate_issuer,
        "class_code": entry.class_code,
        "status": entry.status,
        "counts": entry.counts,
    }
