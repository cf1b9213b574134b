"""The REST API, version 1 (``/api/v1/``), with its OpenAPI description (``/api/v1/openapi.json``) and docs
page (``/api/v1/docs``). Views parse input, check the client's scope, call one selector or service, and
answer JSON; every error is JSON too, its ``detail`` in the site's language (Vietnamese by default)."""

import uuid
from datetime import UTC, date, datetime
from typing import Annotated

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer

from accounts.models import User
from accounts.network import client_ip
from assessment.services import LearningError
from classes import services as class_services
from cms.models import ContentCategory, CoursePage
from courses import selectors as course_selectors
from courses import services as course_services
from records import selectors as record_selectors
from records import services as record_services
from records.forms import ExternalTrainingForm

from . import selectors
from .jsonrows import RowEncoder, database_columns
from .pagination import CursorError, keyset_page
from .ratelimit import rate_limit_count, rate_limit_hit

BIGINT = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=BIGINT)]
Limit = Annotated[int, Field(ge=1, le=1000)]


class RateLimited(Exception):
    def __init__(self, retry_after: int):
        self.retry_after = retry_after


class Forbidden(Exception):
    pass


class ClientToken(HttpBearer):
    """``Authorization: Bearer lms_<prefix>_<secret>``: a usable client, counted against its rate limit."""

    openapi_description = "Token of an API client (docs/api.md)."

    def authenticate(self, request, token):
        client = selectors.api_client_for_token(token=token)
        if client is None:
            return None
        request.api_client = client
        limit = client.rate_limit or settings.LMS_API_RATE_PER_MINUTE
        count, wait = rate_limit_count(key=f"client:{client.pk}", limit=limit)
        if wait:
            raise RateLimited(wait)
        # The first call of the client's minute moves its "last used" time (api.middleware).
        request.api_client_first_in_minute = count == 1
        return client


api = NinjaAPI(
    # The docs page is read by the province's developers: Vietnamese, like the rest of the interface.
    title="API Nền tảng bồi dưỡng đô thị thông minh",
    version="1",
    description="Đọc dữ liệu đào tạo, bồi dưỡng của một nhánh tổ chức; giao khóa học, lớp học; thêm khóa bồi "
    "dưỡng bên ngoài. Khóa truy cập, phạm vi, phân trang, giới hạn tần suất và webhook: xem docs/api.md.",
    urls_namespace="api-v1",
    auth=ClientToken(),
    docs_url="/docs",
)


# --- Errors ---------------------------------------------------------------------------------------


class Error(Schema):
    detail: str
    code: str
    errors: list[dict] | None = None


# Every 4xx the API answers, documented so that clients (and the fuzzer) know them all.
ERRORS = {frozenset({400, 401, 403, 404, 405, 422, 429}): Error}


def _error(request, status: int, code: str, detail: str, errors=None, headers=None):
    response = api.create_response(request, {"detail": detail, "code": code, "errors": errors}, status=status)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


@api.exception_handler(AuthenticationError)
def _unauthorised(request, exc):
    return _error(
        request,
        401,
        "unauthorised",
        _("A valid API token is required (Authorization: Bearer …)."),
        headers={"WWW-Authenticate": "Bearer"},
    )


@api.exception_handler(RateLimited)
def _rate_limited(request, exc):
    return _error(
        request,
        429,
        "rate_limited",
        _("Too many requests; try again in %(seconds)s seconds.") % {"seconds": exc.retry_after},
        headers={"Retry-After": str(exc.retry_after)},
    )


@api.exception_handler(Forbidden)
def _forbidden(request, exc):
    return _error(request, 403, "forbidden", _("This API client lacks the scope %(scope)s.") % {"scope": exc})


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, "not_found", _("Not found, or outside this client's organisation subtree."))


@api.exception_handler(ValidationError)
def _invalid(request, exc):
    errors = [
        {"loc": [str(part) for part in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors
    ]
    return _error(request, 422, "invalid", _("The request is not valid."), errors=errors)


@api.exception_handler(CursorError)
def _bad_cursor(request, exc):
    return _error(request, 400, "invalid_cursor", _("This cursor is not valid; start again without one."))


@api.exception_handler(LearningError)
def _refused(request, exc):
    return _error(request, 422, "refused", str(exc))


@api.exception_handler(HttpError)
def _http_error(request, exc):
    return _error(request, exc.status_code, "error", str(exc))


def _need(request, scope: str):
    if not request.auth.has_scope(scope):
        raise Forbidden(scope)
    return request.auth


def _one(request, queryset, *, fields):
    """The one row of ``queryset`` in the same shape as a page's items, or 404."""
    row = queryset.values(*fields).first()
    if row is None:
        raise Http404
    request.api_rows = 1
    row["id"] = row.pop("pk")
    return row


class PageQuery(Schema):
    cursor: str | None = Field(None, max_length=200, description="next_cursor of the previous page")
    limit: Limit = 100


# --- Schemas --------------------------------------------------------------------------------------


class Unit(Schema):
    id: int
    code: str
    name: str
    kind: str
    is_active: bool
    depth: int
    path: str


class Official(Schema):
    id: int
    public_id: uuid.UUID
    full_name: str
    email: str
    staff_code: str
    position: str
    unit_code: str | None
    left_at: datetime | None = Field(
        description="when an officials import of their unit stopped listing them (account deactivated); "
        "null for a current official. Lists leave them out unless include_left=true."
    )


class Course(Schema):
    id: int
    title: str
    slug: str
    track: str
    level: str
    estimated_hours: float
    enrollment_mode: str
    live: bool


class TrainingClass(Schema):
    id: int
    code: str
    name: str
    course_id: int
    status: str
    starts_on: date
    ends_on: date
    capacity: int | None


class Enrollment(Schema):
    id: int
    learner_id: uuid.UUID
    course_id: int
    unit_code: str | None
    status: str
    source: str
    enrolled_at: datetime | None
    due_at: datetime | None
    completed_at: datetime | None
    final_score: float | None


class Certificate(Schema):
    id: int
    serial: str
    learner_id: uuid.UUID
    course_id: int
    course_title: str
    issued_at: datetime
    completed_on: date
    expires_on: date | None
    revoked_at: datetime | None


class AttendanceRow(Schema):
    id: int
    class_id: int
    session_id: int
    session_starts_at: datetime
    learner_id: uuid.UUID
    status: str
    method: str
    checked_in_at: datetime | None


PAGES: dict[type[Schema], type[Schema]] = {}
ROW_ENCODERS: dict[tuple[type[Schema], str], RowEncoder] = {}


def page_of(item: type[Schema]) -> type[Schema]:
    """The page schema of a list of ``item``: ``{"items": [item, ...], "next_cursor": str | null}``."""
    if item not in PAGES:
        PAGES[item] = type(
            f"{item.__name__}Page",
            (Schema,),
            {"__annotations__": {"items": list[item], "next_cursor": str | None}},
        )
    return PAGES[item]


def keyset_list(
    request, queryset, *, query: PageQuery, item: type[Schema], fields: tuple[str, ...], expand=None
):
    """Every list endpoint: one keyset page of ``queryset`` (tuples of ``fields``, "pk" first, in the
    order of ``item``'s fields) written as JSON of ``page_of(item)``.

    Rows go straight from the database to JSON (``api.jsonrows``), as pydantic's per-row validation cost more
    than the query. ``expand(rows) -> list[dict]`` builds items that are not one row each (training records:
    a row per official, entries read in a fixed number of queries); those are checked by the page schema.
    """
    if expand is None:
        vendor = connections[queryset.db].vendor
        fields = database_columns(item, fields, vendor=vendor)
    rows, next_cursor = keyset_page(queryset, cursor=query.cursor, limit=query.limit, fields=fields)
    request.api_rows = len(rows)
    if expand is None:
        if (item, vendor) not in ROW_ENCODERS:
            ROW_ENCODERS[item, vendor] = RowEncoder(item, text=vendor == "postgresql")
        body = ROW_ENCODERS[item, vendor].page(rows, next_cursor)
    else:
        body = page_of(item)(items=expand(rows), next_cursor=next_cursor).model_dump_json()
    return HttpResponse(body, content_type="application/json")


def _lists(path: str, item: type[Schema], *, tags: list[str]):
    """``@api.get(path)`` answering a page of ``item``, or one of the documented errors."""
    return api.get(path, response={200: page_of(item), **ERRORS}, tags=tags)


# --- Reads ----------------------------------------------------------------------------------------


@_lists("/units", Unit, tags=["units"])
def units(request, query: Query[PageQuery]):
    """Organisation units of the client's subtree, in a stable order (keyset pagination)."""
    client = _need(request, "units:read")
    return keyset_list(
        request, selectors.units_for(client=client), query=query, item=Unit, fields=selectors.UNIT_FIELDS
    )


@api.get("/units/{unit_id}", response={200: Unit, **ERRORS}, tags=["units"])
def unit(request, unit_id: Path[Id]):
    client = _need(request, "units:read")
    return _one(request, selectors.units_for(client=client).filter(pk=unit_id), fields=selectors.UNIT_FIELDS)


class OfficialQuery(PageQuery):
    include_left: bool = Field(False, description="also list officials who left (their left_at is set)")


@_lists("/officials", Official, tags=["officials"])
def officials(request, query: Query[OfficialQuery]):
    """Current officials whose unit lies in the client's subtree (erased accounts left out; those who left
    only with include_left=true)."""
    client = _need(request, "officials:read")
    return keyset_list(
        request,
        selectors.officials_for(client=client, include_left=query.include_left),
        query=query,
        item=Official,
        fields=selectors.OFFICIAL_FIELDS,
    )


@api.get("/officials/{public_id}", response={200: Official, **ERRORS}, tags=["officials"])
def official(request, public_id: Path[uuid.UUID]):
    client = _need(request, "officials:read")
    officials = selectors.officials_for(client=client, include_left=True).filter(user__public_id=public_id)
    return _one(request, officials, fields=selectors.OFFICIAL_FIELDS)


@_lists("/courses", Course, tags=["courses"])
def courses(request, query: Query[PageQuery]):
    client = _need(request, "courses:read")
    return keyset_list(
        request,
        selectors.courses_for(client=client),
        query=query,
        item=Course,
        fields=selectors.COURSE_FIELDS,
    )


@_lists("/classes", TrainingClass, tags=["courses"])
def classes(request, query: Query[PageQuery]):
    client = _need(request, "courses:read")
    return keyset_list(
        request,
        selectors.classes_for(client=client),
        query=query,
        item=TrainingClass,
        fields=selectors.CLASS_FIELDS,
    )


class EnrollmentQuery(PageQuery):
    course_id: Id | None = None
    status: str | None = Field(None, max_length=16)


@_lists("/enrollments", Enrollment, tags=["enrollments"])
def enrollments(request, query: Query[EnrollmentQuery]):
    """Enrollments of learners in the client's subtree, with their state."""
    client = _need(request, "enrollments:read")
    queryset = selectors.enrollments_for(client=client)
    if query.course_id:
        queryset = queryset.filter(course_id=query.course_id)
    if query.status:
        queryset = queryset.filter(status=query.status)
    return keyset_list(request, queryset, query=query, item=Enrollment, fields=selectors.ENROLLMENT_FIELDS)


class CompletionQuery(PageQuery):
    course_id: Id | None = None


@_lists("/completions", Enrollment, tags=["enrollments"])
def completions(request, query: Query[CompletionQuery]):
    """Completed enrollments only (the completion date is ``completed_at``)."""
    client = _need(request, "enrollments:read")
    queryset = selectors.enrollments_for(client=client, completed_only=True)
    if query.course_id:
        queryset = queryset.filter(course_id=query.course_id)
    return keyset_list(request, queryset, query=query, item=Enrollment, fields=selectors.ENROLLMENT_FIELDS)


@_lists("/certificates", Certificate, tags=["certificates"])
def certificates(request, query: Query[PageQuery]):
    client = _need(request, "certificates:read")
    return keyset_list(
        request,
        selectors.certificates_for(client=client),
        query=query,
        item=Certificate,
        fields=selectors.CERTIFICATE_FIELDS,
    )


class AttendanceQuery(PageQuery):
    class_id: Id | None = None


@_lists("/attendance", AttendanceRow, tags=["attendance"])
def attendance(request, query: Query[AttendanceQuery]):
    client = _need(request, "attendance:read")
    queryset = selectors.attendance_for(client=client)
    if query.class_id:
        queryset = queryset.filter(member__training_class_id=query.class_id)
    return keyset_list(request, queryset, query=query, item=AttendanceRow, fields=selectors.ATTENDANCE_FIELDS)


class RecordEntry(Schema):
    kind: str = Field(description='"platform" (completed here) or "external" (training done elsewhere)')
    external_id: uuid.UUID | None = Field(description="id of an external entry; null for platform entries")
    title: str
    provider: str
    content_category: str = Field(description="code of the content category (cms.ContentCategory)")
    content_category_name: str
    periods: int
    starts_on: date | None
    ends_on: date | None
    certificate_number: str
    certificate_issuer: str
    class_code: str
    status: str = Field(description="approved, pending or rejected (external entries); only approved counts")
    counts: bool


class TrainingRecord(Schema):
    official_id: uuid.UUID
    unit_code: str | None
    year: int
    periods: int = Field(
        description="periods counted in the year: platform entries and approved external ones"
    )
    target: int | None = Field(description="the official's annual target (position's, else nearest unit's)")
    below_target: bool
    entries: list[RecordEntry]


Year = Annotated[int, Field(ge=2000, le=2100)]


class RecordQuery(PageQuery):
    year: Year | None = Field(None, description="the calendar year; this year when left out")
    limit: Annotated[int, Field(ge=1, le=200)] = 50
    include_left: bool = Field(False, description="also list officials who left (see /officials)")


class YearQuery(Schema):
    year: Year | None = Field(None, description="the calendar year; this year when left out")


@_lists("/records", TrainingRecord, tags=["records"])
def records(request, query: Query[RecordQuery]):
    """Training records of one year (quá trình đào tạo, bồi dưỡng) of every official in the client's subtree,
    one item per official in a stable order, with their entries, counted periods and target."""
    client = _need(request, "records:read")
    year = query.year or record_selectors.current_year()
    return keyset_list(
        request,
        selectors.officials_for(client=client, include_left=query.include_left),
        query=query,
        item=TrainingRecord,
        fields=selectors.RECORD_FIELDS,
        expand=lambda rows: selectors.training_records(rows=rows, year=year),
    )


@api.get("/officials/{public_id}/records", response={200: TrainingRecord, **ERRORS}, tags=["records"])
def official_record(request, public_id: Path[uuid.UUID], query: Query[YearQuery]):
    """One official's training record of one year."""
    client = _need(request, "records:read")
    row = (
        selectors.officials_for(client=client, include_left=True)
        .filter(user__public_id=public_id)
        .values_list(*selectors.RECORD_FIELDS)
        .first()
    )
    if row is None:
        raise Http404
    request.api_rows = 1
    return selectors.training_records(rows=[row], year=query.year or record_selectors.current_year())[0]


# --- Writes ---------------------------------------------------------------------------------------


def _aware(value: datetime) -> datetime:
    try:
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        value.astimezone(UTC)  # a far-off date with an extreme offset overflows here, not in the service
        return value
    except (OverflowError, ValueError) as error:
        raise HttpError(422, _("The due date is not valid.")) from error


def _learners(client, ids: list[uuid.UUID]) -> list[User]:
    """The current officials named by ``ids``, all of them in the client's subtree; else a 422 naming the
    unknown ids (someone outside the subtree, or who left, is indistinguishable from no one)."""
    found = dict(
        selectors.officials_for(client=client)
        .filter(user__public_id__in=ids)
        .values_list("user__public_id", "user_id")
    )
    missing = [str(i) for i in ids if i not in found]
    if missing:
        raise HttpError(
            422,
            _("No official with these ids in this client's subtree: %(ids)s.")
            % {"ids": ", ".join(missing[:20])},
        )
    return list(User.objects.filter(pk__in=found.values()))


def _unit(client, unit_id: int | None):
    if unit_id is None:
        return None
    unit = selectors.units_for(client=client).filter(pk=unit_id).first()
    if unit is None:
        raise Http404
    return unit


class AssignmentIn(Schema):
    course_id: Id
    due_at: datetime
    unit_id: Id | None = None
    include_descendants: bool = True
    learner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=5000)
    note: str = Field("", max_length=500)


class AssignmentOut(Schema):
    assignment_id: int
    enrollments: int


@api.post("/assignments", response={201: AssignmentOut, **ERRORS}, tags=["assignments"])
def assignment_create(request, payload: AssignmentIn):
    """Assign a course, with a due date, to a unit (and its sub-units) or to listed officials, through the
    same service as the HR screen (``courses.services.course_assign``)."""
    client = _need(request, "assignments:write")
    course = CoursePage.objects.live().filter(pk=payload.course_id).first()
    if course is None:
        raise Http404
    learners = _learners(client, payload.learner_ids) if payload.learner_ids else []
    assignment, count = course_services.course_assign(
        course=course,
        by=client.acting_user,
        due_at=_aware(payload.due_at),
        unit=_unit(client, payload.unit_id),
        include_descendants=payload.include_descendants,
        users=learners,
        note="".join(ch for ch in payload.note if ch != "\x00" and not "\ud800" <= ch <= "\udfff"),
    )
    request.api_rows = count
    return Status(201, {"assignment_id": assignment.pk, "enrollments": count})


class NominationIn(Schema):
    unit_id: Id | None = None
    include_descendants: bool = True
    learner_ids: list[uuid.UUID] = Field(default_factory=list, max_length=5000)


class NominationOut(Schema):
    nominated: list[uuid.UUID]
    skipped: list[uuid.UUID]


@api.post("/classes/{class_id}/nominations", response={201: NominationOut, **ERRORS}, tags=["assignments"])
def class_nominations(request, class_id: Path[Id], payload: NominationIn):
    """Nominate listed officials, or the officials of a unit, to a class (``classes.services.class_nominate``;
    with a unit, those who do not fit the class are skipped and listed)."""
    client = _need(request, "assignments:write")
    training_class = selectors.classes_for(client=client).filter(pk=class_id).first()
    if training_class is None:
        raise Http404
    unit = _unit(client, payload.unit_id)
    if unit is None and not payload.learner_ids:
        raise HttpError(422, _("Choose a unit or at least one learner."))
    users = _learners(client, payload.learner_ids) if payload.learner_ids else []
    if unit is not None:
        users += list(
            course_selectors.unit_members(unit=unit, include_descendants=payload.include_descendants)
        )
    members, skipped = class_services.class_nominate(
        training_class=training_class, users=users, by=client.acting_user, skip_ineligible=unit is not None
    )
    request.api_rows = len(members)
    ids = dict(
        User.objects.filter(pk__in=[m.user_id for m in members] + [u.pk for u in skipped]).values_list(
            "pk", "public_id"
        )
    )
    return Status(
        201, {"nominated": [ids[m.user_id] for m in members], "skipped": [ids[u.pk] for u in skipped]}
    )


class ExternalTrainingIn(Schema):
    title: str = Field(min_length=1, max_length=765, description="at most 255 characters (NFC)")
    provider: str = Field(min_length=1, max_length=765, description="organised by; at most 255 characters")
    content_category: str = Field(max_length=16, description="code of an active content category")
    periods: int = Field(ge=1, le=2000)
    starts_on: date
    ends_on: date = Field(description="on or after starts_on, not in the future")
    certificate_number: str = Field("", max_length=192)
    certificate_issuer: str = Field("", max_length=765)


class ExternalTrainingOut(Schema):
    id: uuid.UUID
    official_id: uuid.UUID
    title: str
    provider: str
    content_category: str
    periods: int
    starts_on: date
    ends_on: date
    certificate_number: str
    certificate_issuer: str
    status: str
    source: str


def _form_errors(errors) -> list[dict]:
    return [
        {"loc": ["body", "payload", field], "msg": str(message)}
        for field, messages in errors.items()
        for message in messages
    ]


@api.post(
    "/officials/{public_id}/external-trainings",
    response={201: ExternalTrainingOut, **ERRORS},
    tags=["records"],
)
def external_training_create(request, public_id: Path[uuid.UUID], payload: ExternalTrainingIn):
    """Add training done elsewhere to an official's record, as HR does on the staff screen: the same form
    checks it (``records.forms.ExternalTrainingForm``) and the same service records it
    (``records.services.external_training_enter``), so it is entered by HR and counts at once. No evidence
    file through the API (HR entries need none; it can be attached on the staff screen)."""
    client = _need(request, "records:write")
    profile = (
        # Training done before leaving may still be recorded; courses are assigned to current officials only.
        selectors.officials_for(client=client, include_left=True)
        .select_related("user")
        .filter(user__public_id=public_id)
        .first()
    )
    if profile is None:
        raise Http404
    category = (
        ContentCategory.objects.filter(code=payload.content_category).values_list("pk", flat=True).first()
    )
    form = ExternalTrainingForm(
        data={**payload.model_dump(), "content_category": category or ""}, evidence_required=False
    )
    if not form.is_valid():
        errors = _form_errors(form.errors)
        return _error(request, 422, "invalid", _("The request is not valid."), errors=errors)
    try:
        entry = record_services.external_training_enter(
            actor=client.acting_user, person=profile.user, **form.cleaned_data
        )
    except DjangoValidationError as error:
        errors = [{"loc": ["body", "payload"], "msg": str(m)} for m in error.messages]
        return _error(request, 422, "invalid", " ".join(error.messages), errors=errors)
    except PermissionDenied:
        raise Http404 from None
    request.api_rows = 1
    return Status(
        201,
        {
            "id": entry.public_id,
            "official_id": public_id,
            "title": entry.title,
            "provider": entry.provider,
            "content_category": payload.content_category,
            "periods": entry.periods,
            "starts_on": entry.starts_on,
            "ends_on": entry.ends_on,
            "certificate_number": entry.certificate_number,
            "certificate_issuer": entry.certificate_issuer,
            "status": entry.status,
            "source": entry.source,
        },
    )


# --- Public verification --------------------------------------------------------------------------


class Verification(Schema):
    serial: str
    status: str
    status_label: str
    learner_name: str
    course_title: str
    class_statement: str
    completed_on: date
    issuer_name: str
    issued_at: datetime
    expires_on: date | None
    revoked_at: datetime | None
    revoked_reason: str | None
    replaced_by: str | None
    pdf_url: str | None


@api.get("/verify/{code}", auth=None, response={200: Verification, **ERRORS}, tags=["verification"])
def verify(
    request, code: Path[Annotated[str, Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]]
):
    """What the public verification page (/tra-cuu-chung-nhan/<code>/) shows, as JSON, and nothing more.
    No token; limited per address (LMS_API_VERIFY_RATE_PER_MINUTE)."""
    wait = rate_limit_hit(key=f"verify:{client_ip(request)}", limit=settings.LMS_API_VERIFY_RATE_PER_MINUTE)
    if wait:
        raise RateLimited(wait)
    certificate = selectors.certificate_public(code=code)
    if certificate is None:
        return _error(request, 404, "not_found", _("This verification code matches no certificate."))
    request.api_rows = 1
    status = certificate.status
    revoked = status == certificate.Status.REVOKED
    return {
        "serial": certificate.serial,
        "status": status,
        "status_label": str(certificate.get_status_display()),
        "learner_name": certificate.learner_name,
        "course_title": certificate.course_title,
        "class_statement": certificate.class_statement,
        "completed_on": certificate.completed_on,
        "issuer_name": certificate.issuer_name,
        "issued_at": certificate.issued_at,
        "expires_on": certificate.expires_on,
        "revoked_at": certificate.revoked_at,
        "revoked_reason": certificate.revoked_reason if revoked else None,
        "replaced_by": certificate.replaced_by.serial if revoked and certificate.replaced_by else None,
        "pdf_url": request.build_absolute_uri(
            reverse("certificates:verify_pdf", args=[certificate.verification_code])
        )
        if status == certificate.Status.VALID and certificate.pdf
        else None,
    }
