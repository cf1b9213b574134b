"""Importing officials from a file: plan (the dry run), then apply all of it or nothing (docs/decisions/0032).

``officials_import`` is the one entry point the staff screens, the background job, the management command,
the demo and the benchmark call. It reads the file, matches each line to a person (by identification number,
then by email), checks every line, and returns an ``ImportPlan``; with ``apply=True`` and no bad line it then
writes the plan in one transaction:
- new people: an account (no usable password, verified email), an official profile in the unit; each gets one
  invitation to set a password, sent after commit by a task and recorded as a ``Notification``, so a later
  import never sends it again;
- people found: their name, unit, position and the other columns updated (an empty optional cell keeps what
  is recorded); a person who had left is active again;
- with ``deactivate_missing``: the active officials of each unit named in the file whom the file no longer
  lists are deactivated and marked as having left (``Profile.left_at``); nothing of theirs is deleted.

Queries are per chunk of lines, never per line, so 10,000 lines import in seconds (bench/import_officials.py).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.identity import mask_personal_id, normalise_personal_id, validate_personal_id
from accounts.models import Audience, OrganisationUnit, Profile, User
from accounts.scoping import scope_roots, unit_in_subtrees
from accounts.signals import officials_placed
from accounts.text import name_sort_key, nfc
from accounts.validators import normalise_phone, validate_person_name, validate_phone, validate_plain_text

from .files import HEADERS, rows_read

CHUNK = 1000
# Fields compared and written for a person found; the order is the order of the "what changes" column.
PROFILE_FIELDS = ("personal_id", "staff_code", "position", "rank", "job_position", "phone")
Progress = Callable[[int, int | None], None]


@dataclass
class LineError:
    line: int
    column: str
    message: str

    def as_json(self) -> dict:
        return {"line": self.line, "column": self.column, "message": self.message}


@dataclass
class PlannedLine:
    line: int
    action: str  # "create", "update" or "unchanged"
    values: dict[str, str]
    unit: OrganisationUnit
    user: User | None = None
    profile: Profile | None = None
    changes: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "line": self.line,
            "full_name": self.values["full_name"],
            "email": self.values["email"],
            "personal_id": mask_personal_id(self.values.get("personal_id", "")),
            "unit": self.unit.name,
            "unit_code": self.unit.code,
            "changes": self.changes,
        }


@dataclass
class ImportPlan:
    lines: list[PlannedLine] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)
    leaving: list[Profile] = field(default_factory=list)
    file_error: str = ""
    rows: int = 0
    applied: bool = False

    @property
    def is_valid(self) -> bool:
        return not self.errors and not self.file_error and self.rows > 0

    def of(self, action: str) -> list[PlannedLine]:
        return [line for line in self.lines if line.action == action]

    def counts(self) -> dict[str, int]:
        return {
            "rows": self.rows,
            "create": len(self.of("create")),
            "update": len(self.of("update")),
            "unchanged": len(self.of("unchanged")),
            "deactivate": len(self.leaving),
            "errors": len(self.errors) + (1 if self.file_error else 0),
        }

    def as_json(self, *, limit: int = 500) -> dict:
        """What the dry-run page shows: counts, every bad line (up to 2,000), up to ``limit`` people per list."""
        return {
            "counts": self.counts(),
            "file_error": self.file_error,
            "errors": [e.as_json() for e in self.errors[:2000]],
            "create": [line.as_json() for line in self.of("create")[:limit]],
            "update": [line.as_json() for line in self.of("update")[:limit]],
            "deactivate": [
                {
                    "full_name": p.user.full_name,
                    "email": p.user.email,
                    "personal_id": mask_personal_id(p.personal_id),
                    "unit": p.organisation_unit.name,
                    "unit_code": p.organisation_unit.code,
                }
                for p in self.leaving[:limit]
            ],
        }


class ImportInvalid(Exception):
    """Raised inside the apply transaction when the file no longer checks out; nothing is written."""


def officials_import(
    *,
    data: bytes,
    filename: str,
    actor: User,
    deactivate_missing: bool = False,
    apply: bool = False,
    progress: Progress | None = None,
) -> ImportPlan:
    """Check ``data`` (CSV or XLSX) as ``actor`` and, with ``apply`` and no error, write it all.

    ``actor`` may only import into units of their HR scopes (administrators: every unit); a person who
    belongs to a unit outside them is refused too. Apply checks against the database inside its own
    transaction, so a dry run seen earlier never applies to data changed since. Returns the plan (``applied`` True
    when written). Side effects after commit: the invitation task is queued for the people created.
    """
    if not apply:
        return _plan(
            data=data,
            filename=filename,
            actor=actor,
            deactivate_missing=deactivate_missing,
            progress=progress,
        )
    try:
        with transaction.atomic():
            plan = _plan(
                data=data,
                filename=filename,
                actor=actor,
                deactivate_missing=deactivate_missing,
                progress=progress,
                steps=2,
            )
            if not plan.is_valid:
                raise ImportInvalid
            _apply(plan=plan, progress=progress)
    except ImportInvalid:
        return plan
    plan.applied = True
    return plan


def _plan(
    *,
    data: bytes,
    filename: str,
    actor: User,
    deactivate_missing: bool,
    progress: Progress | None = None,
    steps: int = 1,
) -> ImportPlan:
    """Read and check every line; ``steps`` is 2 when writing follows (the progress bar then ends at half)."""
    from .files import FileFormatError

    plan = ImportPlan()
    try:
        raw = list(rows_read(data=data, filename=filename, max_rows=settings.LMS_OFFICIALS_IMPORT_MAX_ROWS))
    except FileFormatError as error:
        plan.file_error = error.message
        return plan
    plan.rows = len(raw)
    if not raw:
        plan.file_error = _("The file has no line of officials under its header.")
        return plan
    if progress:
        progress(0, len(raw) * steps)

    cleaned: list[tuple[int, dict[str, str]]] = []
    for line, values in raw:
        row, errors = _clean_row(line, values)
        plan.errors.extend(errors)
        if row is not None:
            cleaned.append((line, row))

    _check_duplicates(cleaned, plan)
    units = {
        u.code: u for u in OrganisationUnit.objects.filter(code__in={r["unit_code"] for _l, r in cleaned})
    }
    roots = None if actor.is_superuser else scope_roots(user=actor)
    by_id = _profiles_by(
        "personal_id", [r["personal_id"] for _l, r in cleaned if r.get("personal_id")], lower=False
    )
    by_email = _users_by_email([r["email"] for _l, r in cleaned])
    by_staff_code = _profiles_by(
        "staff_code", [r["staff_code"] for _l, r in cleaned if r.get("staff_code")], lower=False
    )

    for done, (line, row) in enumerate(cleaned, start=1):
        planned = _plan_line(
            line=line, row=row, units=units, roots=roots, by_id=by_id, by_email=by_email,
            by_staff_code=by_staff_code, plan=plan,
        )  # fmt: skip
        if planned is not None:
            plan.lines.append(planned)
        if progress and done % CHUNK == 0:
            progress(done, None)
    plan.errors.sort(key=lambda e: (e.line, e.column))
    if deactivate_missing and not plan.errors:
        listed = {p.user.pk for p in plan.lines if p.user is not None}
        unit_ids = {p.unit.pk for p in plan.lines}
        plan.leaving = list(
            Profile.objects.select_related("user", "organisation_unit")
            .filter(
                organisation_unit_id__in=unit_ids,
                audience=Audience.OFFICIAL,
                user__is_active=True,
                user__is_superuser=False,
                user__erased_at__isnull=True,
            )
            .exclude(user_id__in=listed)
            .exclude(user_id=actor.pk)
            .order_by("organisation_unit__code", "user__name_sort_key")
        )
    if progress:
        progress(len(raw), None)
    return plan


def _clean_row(line: int, values: dict[str, str]) -> tuple[dict[str, str] | None, list[LineError]]:
    """NFC, trimmed, validated values of one line; (None, errors) when any cell is wrong."""
    errors: list[LineError] = []
    row = {key: nfc(" ".join(value.split())) for key, value in values.items()}

    def error(key: str, message: str) -> None:
        errors.append(LineError(line, HEADERS[key], message))

    for key in ("full_name", "email", "unit_code", "position"):
        if not row.get(key):
            error(key, _("This column is required."))
    if row.get("full_name"):
        try:
            validate_person_name(values["full_name"])
        except ValidationError as exc:
            error("full_name", exc.messages[0])
    if row.get("email"):
        row["email"] = row["email"].lower()
        try:
            validate_email(row["email"])
            if len(row["email"]) > 254:
                raise ValidationError("too long")
        except ValidationError:
            error("email", _("This is not a valid email address."))
    for key in ("position", "rank", "job_position", "staff_code", "unit_code"):
        if row.get(key):
            limit = 32 if key in ("staff_code", "unit_code") else 150
            try:
                validate_plain_text(values[key], max_length=limit)
            except ValidationError as exc:
                error(key, exc.messages[0])
    if row.get("personal_id"):
        row["personal_id"] = normalise_personal_id(row["personal_id"])
        try:
            validate_personal_id(row["personal_id"])
        except ValidationError as exc:
            error("personal_id", exc.messages[0])
    if row.get("phone"):
        try:
            validate_phone(row["phone"])
            row["phone"] = normalise_phone(row["phone"])
        except ValidationError as exc:
            error("phone", exc.messages[0])
    return (None if errors else row), errors


def _check_duplicates(cleaned: list[tuple[int, dict[str, str]]], plan: ImportPlan) -> None:
    """A person, an identification number or a staff code listed twice: the later line is refused."""
    for key in ("email", "personal_id", "staff_code"):
        first_line: dict[str, int] = {}
        for line, row in cleaned:
            value = row.get(key)
            if not value:
                continue
            if value in first_line:
                plan.errors.append(
                    LineError(
                        line,
                        HEADERS[key],
                        _("The same value is already on line %(line)s.") % {"line": first_line[value]},
                    )
                )
            else:
                first_line[value] = line
    bad = {e.line for e in plan.errors}
    cleaned[:] = [(line, row) for line, row in cleaned if line not in bad]


def _chunks(values: list[str]):
    values = sorted(set(values))
    for start in range(0, len(values), CHUNK):
        yield values[start : start + CHUNK]


def _profiles_by(field_name: str, values: list[str], *, lower: bool) -> dict[str, Profile]:
    found: dict[str, Profile] = {}
    for chunk in _chunks(values):
        for profile in Profile.objects.select_related("user", "organisation_unit").filter(
            **{f"{field_name}__in": chunk}
        ):
            found[getattr(profile, field_name)] = profile
    return found


def _users_by_email(emails: list[str]) -> dict[str, User]:
    found: dict[str, User] = {}
    for chunk in _chunks(emails):
        users = (
            User.objects.annotate(email_ci=Lower("email"))
            .filter(email_ci__in=chunk)
            .select_related("profile", "profile__organisation_unit")
        )
        for user in users:
            found[user.email.lower()] = user
    return found


def _plan_line(*, line, row, units, roots, by_id, by_email, by_staff_code, plan) -> PlannedLine | None:
    errors: list[LineError] = []

    def error(key: str, message: str) -> None:
        errors.append(LineError(line, HEADERS[key], message))

    unit = units.get(row["unit_code"])
    if unit is None or not unit.is_active:
        error("unit_code", _("There is no active unit with the code %(code)s.") % {"code": row["unit_code"]})
    elif roots is not None and not unit_in_subtrees(unit=unit, roots=roots):
        error(
            "unit_code", _("The unit %(code)s is outside the units you manage.") % {"code": row["unit_code"]}
        )

    user: User | None = None
    profile: Profile | None = None
    pid = row.get("personal_id", "")
    email_user = by_email.get(row["email"])
    if pid and pid in by_id:
        profile = by_id[pid]
        user = profile.user
        if user.email.lower() != row["email"]:
            error(
                "email",
                _(
                    "This identification number is recorded for an account with another email address; "
                    "correct the email or the number."
                ),
            )
    elif email_user is not None:
        user = email_user
        profile = getattr(user, "profile", None)
        if pid and profile is not None and profile.personal_id and profile.personal_id != pid:
            error(
                "personal_id",
                _("The account with this email has another identification number recorded."),
            )
    if user is not None and user.erased_at is not None:
        error("email", _("This account was erased at its owner's request and cannot be imported."))
    if (
        profile is not None
        and roots is not None
        and profile.audience == Audience.OFFICIAL
        and profile.organisation_unit is not None
        and not unit_in_subtrees(unit=profile.organisation_unit, roots=roots)
    ):
        error("email", _("This person belongs to a unit outside the units you manage."))
    code = row.get("staff_code")
    owner = by_staff_code.get(code) if code else None
    if owner is not None and (user is None or owner.user_id != user.pk):
        error("staff_code", _("This staff code is recorded for another person."))
    if errors:
        plan.errors.extend(errors)
        return None

    if user is None:
        return PlannedLine(line=line, action="create", values=row, unit=unit)
    changes = _changes(user=user, profile=profile, row=row, unit=unit)
    return PlannedLine(
        line=line,
        action="update" if changes else "unchanged",
        values=row,
        unit=unit,
        user=user,
        profile=profile,
        changes=changes,
    )


def _changes(
    *, user: User, profile: Profile | None, row: dict[str, str], unit: OrganisationUnit
) -> list[str]:
    """The headers of what applying would change for a person found (an empty optional cell keeps)."""
    changes = []
    if user.full_name != row["full_name"]:
        changes.append(HEADERS["full_name"])
    if profile is None or profile.audience != Audience.OFFICIAL or profile.organisation_unit_id != unit.pk:
        changes.append(HEADERS["unit_code"])
    for key in PROFILE_FIELDS:
        value = row.get(key, "")
        if value and (profile is None or getattr(profile, key) != value):
            changes.append(HEADERS[key])
    if not user.is_active:
        changes.append(_("active again"))
    return changes


def _apply(*, plan: ImportPlan, progress: Progress | None) -> None:
    now = timezone.now()
    total = plan.rows * 2
    placements: dict[int, list[int]] = defaultdict(list)
    unusable = make_password(None)

    created = plan.of("create")
    for start in range(0, len(created), CHUNK):
        chunk = created[start : start + CHUNK]
        users = User.objects.bulk_create(
            [
                User(
                    email=p.values["email"],
                    full_name=p.values["full_name"],
                    name_sort_key=name_sort_key(p.values["full_name"]),
                    password=unusable,
                    is_active=True,
                )
                for p in chunk
            ]
        )
        if any(u.pk is None for u in users):  # a backend that does not return keys from bulk inserts
            by_email = dict(
                User.objects.filter(email__in=[u.email for u in users]).values_list("email", "pk")
            )
            for u in users:
                u.pk = by_email[u.email]
        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in users]
        )
        Profile.objects.bulk_create(
            [
                Profile(user=u, audience=Audience.OFFICIAL, organisation_unit=p.unit, **_profile_values(p))
                for u, p in zip(users, chunk, strict=True)
            ]
        )
        for u, p in zip(users, chunk, strict=True):
            p.user = u
            placements[p.unit.pk].append(u.pk)
        if progress:
            progress(plan.rows + start + len(chunk), total)

    # bulk_update writes one CASE per field and row: group the rows by the fields that really change, so an
    # import that changes one column of 2,000 people writes one column.
    users_by_fields: dict[tuple[str, ...], list[User]] = defaultdict(list)
    profiles_by_fields: dict[tuple[str, ...], list[Profile]] = defaultdict(list)
    profiles_new = []
    for p in plan.of("update"):
        user, profile = p.user, p.profile
        user_fields = []
        if user.full_name != p.values["full_name"]:
            user.full_name = p.values["full_name"]
            user.name_sort_key = name_sort_key(user.full_name)
            user_fields += ["full_name", "name_sort_key"]
        if not user.is_active:
            user.is_active = True
            user_fields.append("is_active")
        if user_fields:
            users_by_fields[tuple(user_fields)].append(user)
        moved = (
            profile is None
            or profile.audience != Audience.OFFICIAL
            or profile.organisation_unit_id != p.unit.pk
        )
        if profile is None:
            profiles_new.append(
                Profile(user=user, audience=Audience.OFFICIAL, organisation_unit=p.unit, **_profile_values(p))
            )
        else:
            fields = []
            if profile.audience != Audience.OFFICIAL:
                # Fields of the other audience are cleared, as on the profile page.
                profile.commune_code = profile.enterprise_name = profile.tax_code = ""
                profile.audience = Audience.OFFICIAL
                fields += ["audience", "commune_code", "enterprise_name", "tax_code"]
            if profile.organisation_unit_id != p.unit.pk:
                profile.organisation_unit = p.unit
                fields.append("organisation_unit")
            for key, value in _profile_values(p).items():
                if value and getattr(profile, key) != value:
                    setattr(profile, key, value)
                    fields.append(key)
            if profile.left_at is not None:
                profile.left_at = None
                fields.append("left_at")
            if fields:
                profile.updated_at = now
                profiles_by_fields[(*fields, "updated_at")].append(profile)
        if moved:
            placements[p.unit.pk].append(user.pk)
    for fields, users in users_by_fields.items():
        User.objects.bulk_update(users, fields, batch_size=CHUNK)
    Profile.objects.bulk_create(profiles_new, batch_size=CHUNK)
    for fields, profiles in profiles_by_fields.items():
        Profile.objects.bulk_update(profiles, fields, batch_size=CHUNK)

    leaving_ids = [p.user_id for p in plan.leaving]
    for start in range(0, len(leaving_ids), CHUNK):
        chunk = leaving_ids[start : start + CHUNK]
        User.objects.filter(pk__in=chunk).update(is_active=False)
        Profile.objects.filter(user_id__in=chunk).update(left_at=now, updated_at=now)

    if placements:
        # Bulk writes send no post_save: tell the apps above (enrollment units, open assignments) at once.
        officials_placed.send(sender=Profile, placements=dict(placements))
    new_ids = [p.user.pk for p in created]
    if new_ids:
        from .tasks import send_official_invitations

        for start in range(0, len(new_ids), CHUNK):
            chunk = new_ids[start : start + CHUNK]
            transaction.on_commit(lambda chunk=chunk: send_official_invitations.enqueue(chunk))
    if progress:
        progress(total, total)


def _profile_values(planned: PlannedLine) -> dict[str, str]:
    return {key: planned.values.get(key, "") for key in PROFILE_FIELDS}


def official_invitation_send(*, user: User) -> bool:
    """Email ``user`` the invitation to set a password, once ever (the Notification row records it).

    The link is allauth's password-reset link (valid ``PASSWORD_RESET_TIMEOUT``); after it expires the
    person asks for a new one with "Forgot password". Returns True when an email went out.
    """
    from allauth.account.forms import default_token_generator
    from allauth.account.utils import user_pk_to_url_str
    from django.urls import reverse

    from accounts.notifications import notify

    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    profile = Profile.objects.select_related("organisation_unit").filter(user=user).first()
    return notify(
        user=user,
        kind="official_invitation",
        key="invite",
        context={"set_password_path": path, "unit": profile.organisation_unit if profile else None},
    )


# --- The import screens' record: check, then apply ----------------------------------------------------


def official_import_create(*, owner: User, upload, deactivate_missing: bool):
    """Keep ``upload`` privately and check it: in the request when small, else as a background job.

    Returns the ``OfficialImport``; its page shows the dry run (or the job's progress).
    """
    from .import_jobs import OFFICIAL_IMPORT_JOB
    from .models import OfficialImport

    record = OfficialImport(
        owner=owner, filename=(upload.name or "")[:255], deactivate_missing=bool(deactivate_missing)
    )
    record.file.save("upload", upload, save=False)
    record.save()
    if upload.size > settings.LMS_OFFICIALS_IMPORT_BACKGROUND_BYTES:
        _queue(record=record, kind=OFFICIAL_IMPORT_JOB, apply=False)
    else:
        official_import_check(record=record)
    record.refresh_from_db()
    return record


def _queue(*, record, kind: str, apply: bool) -> None:
    from jobs.services import job_create

    job = job_create(
        kind=kind,
        owner=record.owner,
        parameters={"import_id": record.pk, "apply": apply},
        progress_total=None,
    )
    type(record).objects.filter(pk=record.pk).update(job=job)


def _read(record) -> bytes:
    with record.file.open("rb") as handle:
        return handle.read()


def _forget_file(record) -> None:
    if record.file:
        record.file.delete(save=False)
        type(record).objects.filter(pk=record.pk).update(file="")


def official_import_check(*, record, progress: Progress | None = None) -> None:
    """The dry run of a stored file: keeps the plan; an invalid file is deleted at once (it is not applied)."""
    from .models import OfficialImport

    plan = officials_import(
        data=_read(record),
        filename=record.filename,
        actor=record.owner,
        deactivate_missing=record.deactivate_missing,
        progress=progress,
    )
    status = OfficialImport.Status.READY if plan.is_valid else OfficialImport.Status.INVALID
    OfficialImport.objects.filter(pk=record.pk).update(plan=plan.as_json(), status=status)
    if status == OfficialImport.Status.INVALID:
        _forget_file(record)


class ImportNotReady(Exception):
    """The import is not (or no longer) ready to apply: checked already, applied, or being applied."""


def official_import_apply(*, record) -> None:
    """Apply a checked import once: claims it (ready -> applying), then runs it here or as a job.

    Raises ImportNotReady when another request already claimed it or it was never valid.
    """
    from .import_jobs import OFFICIAL_IMPORT_JOB
    from .models import OfficialImport

    claimed = OfficialImport.objects.filter(pk=record.pk, status=OfficialImport.Status.READY).update(
        status=OfficialImport.Status.APPLYING
    )
    if not claimed:
        raise ImportNotReady
    if record.file.size > settings.LMS_OFFICIALS_IMPORT_BACKGROUND_BYTES:
        _queue(record=record, kind=OFFICIAL_IMPORT_JOB, apply=True)
    else:
        official_import_run_apply(record=record)


def official_import_run_apply(*, record, progress: Progress | None = None) -> None:
    """Write a claimed import; the new plan and the counts are kept, the file is deleted."""
    from .models import OfficialImport

    try:
        plan = officials_import(
            data=_read(record),
            filename=record.filename,
            actor=record.owner,
            deactivate_missing=record.deactivate_missing,
            apply=True,
            progress=progress,
        )
    except Exception:
        OfficialImport.objects.filter(pk=record.pk).update(status=OfficialImport.Status.FAILED)
        raise
    if plan.applied:
        OfficialImport.objects.filter(pk=record.pk).update(
            status=OfficialImport.Status.APPLIED,
            plan=plan.as_json(),
            result=plan.counts(),
            applied_at=timezone.now(),
        )
    else:
        # The data changed since the dry run and the file no longer checks out: show why, apply nothing.
        OfficialImport.objects.filter(pk=record.pk).update(
            status=OfficialImport.Status.INVALID, plan=plan.as_json()
        )
    _forget_file(record)
