"""Writes about people. Each public function is atomic and validates before it writes."""

import csv
import datetime
import io
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from . import selectors
from .identity import normalise_personal_id
from .models import (
    Audience,
    ConsentRecord,
    DeletionRequest,
    OrganisationUnit,
    PersonalDataAccess,
    Profile,
    User,
)
from .signals import collect_personal_data, personal_data_erase
from .text import nfc
from .validators import normalise_phone, normalise_tax_code, validate_plain_text

AUDIENCE_FIELDS = {
    Audience.OFFICIAL: ("organisation_unit", "position", "staff_code", "personal_id", "rank", "job_position"),
    Audience.CITIZEN: ("commune_code",),
    Audience.BUSINESS: ("enterprise_name", "tax_code"),
}
ALL_AUDIENCE_FIELDS = {name for names in AUDIENCE_FIELDS.values() for name in names}
# Official fields HR keeps (by import): the person's own profile form does not carry them, so saving it keeps
# them; the personal identification number is corrected through a personal-data request.
HR_MANAGED_FIELDS = ("staff_code", "personal_id")


def _clean_profile_values(*, audience: str, values: dict) -> dict:
    """Keep only the fields of ``audience`` (others are cleared), normalised."""
    kept = set(AUDIENCE_FIELDS[audience])
    cleaned = {}
    for name in ALL_AUDIENCE_FIELDS:
        value = values.get(name) if name in kept else None
        if name == "organisation_unit":
            cleaned[name] = value or None
        elif name == "tax_code":
            cleaned[name] = normalise_tax_code(value or "")
        elif name == "personal_id":
            cleaned[name] = normalise_personal_id(value or "")
        else:
            cleaned[name] = nfc(value or "")
    cleaned["phone"] = normalise_phone(values.get("phone") or "") if values.get("phone") else ""
    return cleaned


@transaction.atomic
def profile_create(
    *, user: User, full_name: str, audience: str, values: dict, consent: bool, ip_address: str | None = None
) -> Profile:
    """Create the learner profile and the consent record at signup.

    ``values`` holds the audience fields already validated by the form. Consent is required: without it
    nothing is written and ValueError is raised (the form refuses first; this guards other callers).
    """
    if not consent:
        raise ValueError("Consent to personal-data processing is required.")
    user.full_name = nfc(full_name)
    user.save(update_fields=["full_name"])
    profile = Profile.objects.create(
        user=user, audience=audience, **_clean_profile_values(audience=audience, values=values)
    )
    ConsentRecord.objects.create(
        user=user, notice_version=settings.LMS_PRIVACY_NOTICE_VERSION, ip_address=ip_address
    )
    return profile


@transaction.atomic
def profile_update(*, profile: Profile, full_name: str, audience: str, values: dict) -> Profile:
    """Correct one's own data; fields of other audiences are cleared so no stale data lingers.

    The fields HR keeps (``HR_MANAGED_FIELDS``) stay as they are unless ``values`` names them.
    """
    values = {**{name: getattr(profile, name) for name in HR_MANAGED_FIELDS}, **values}
    profile.user.full_name = nfc(full_name)
    profile.user.save(update_fields=["full_name"])
    profile.audience = audience
    for name, value in _clean_profile_values(audience=audience, values=values).items():
        setattr(profile, name, value)
    profile.email_opt_out = bool(values.get("email_opt_out", profile.email_opt_out))
    profile.save()
    return profile


@transaction.atomic
def profile_claims_apply(
    *,
    user: User,
    full_name: str | None = None,
    audience: str | None = None,
    unit: OrganisationUnit | None = None,
) -> list[str]:
    """Apply what an identity provider asserts at a sign-in (accounts/sso.py ``profile_refresh``).

    ``None`` means "not asserted": that field is left alone. A unit makes the person an official unless
    ``audience`` says otherwise; an audience other than official ignores the unit and clears the official
    fields (as ``profile_update`` does); "official" without a unit (given or already held) is not applied,
    since an official belongs to a unit. A user without a profile (staff made in the admin) gets only the name.
    Returns the names of the fields that changed; writes nothing when none did.
    """
    changed = []
    if full_name and user.full_name != nfc(full_name):
        user.full_name = nfc(full_name)
        user.save(update_fields=["full_name"])
        changed.append("full_name")
    profile = Profile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        return changed
    target = audience or (Audience.OFFICIAL if unit is not None else profile.audience)
    if target == Audience.OFFICIAL and unit is None and profile.organisation_unit_id is None:
        target = profile.audience
    kept = (*(ALL_AUDIENCE_FIELDS - {"organisation_unit"}), "phone")
    values = {name: getattr(profile, name) for name in kept}
    values["organisation_unit"] = profile.organisation_unit_id
    if target == Audience.OFFICIAL and unit is not None and unit.pk != profile.organisation_unit_id:
        values["organisation_unit"] = unit.pk
        changed.append("organisation_unit")
    if target != profile.audience:
        changed.append("audience")
    if not set(changed) - {"full_name"}:
        return changed
    profile.audience = target
    for name, value in _clean_profile_values(audience=target, values=values).items():
        setattr(profile, f"{name}_id" if name == "organisation_unit" else name, value)
    profile.save()
    return changed


def personal_data_export(*, user: User) -> dict:
    """All personal data the platform holds on ``user``; other apps add their sections by signal."""
    data = selectors.personal_data_of(user=user)
    for _receiver, response in collect_personal_data.send(sender=User, user=user):
        if response:
            section, payload = response
            data[section] = payload
    data["exported_at"] = timezone.now().isoformat()
    return data


def _add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """``start`` plus ``days`` working days (Saturdays and Sundays skipped; public holidays are not known)."""
    current = start
    while days > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def personal_data_request_create(*, user: User, kind: str, details: str = "") -> DeletionRequest:
    """Record a request of ``kind`` (DeletionRequest.Kind) with its legal deadlines; one pending per kind.

    ``due_at`` is the receipt plus ``LMS_PERSONAL_DATA_REQUEST_DAYS[kind]`` days, ``acknowledge_by`` plus
    ``LMS_PERSONAL_DATA_REQUEST_ACK_WORKING_DAYS`` working days (Decree 356/2025/NĐ-CP). A second request of
    the same kind while one is pending returns the pending one, unchanged.
    """
    kind = DeletionRequest.Kind(kind)
    with transaction.atomic():
        existing = (
            DeletionRequest.objects.select_for_update()
            .filter(user=user, kind=kind, status=DeletionRequest.Status.PENDING)
            .first()
        )
        if existing:
            return existing
        now = timezone.now()
        return DeletionRequest.objects.create(
            user=user,
            kind=kind,
            reason=nfc(details),
            due_at=now + datetime.timedelta(days=settings.LMS_PERSONAL_DATA_REQUEST_DAYS[kind]),
            acknowledge_by=_add_working_days(now, settings.LMS_PERSONAL_DATA_REQUEST_ACK_WORKING_DAYS),
        )


def deletion_request_create(*, user: User, reason: str = "") -> DeletionRequest:
    """Ask for account deletion; a second request while one is pending returns the pending one."""
    return personal_data_request_create(user=user, kind=DeletionRequest.Kind.DELETION, details=reason)


class RequestNotPending(Exception):
    """The request was already answered; it is never answered twice."""


def personal_data_request_answer(
    *, request: DeletionRequest, processed_by: User, response: str = ""
) -> DeletionRequest:
    """Carry out a pending access, correction or withdrawal request and close it (deletion: ``account_erase``).

    - access: the personal-data export (``personal_data_export``, the same the person downloads) is built and
      its sections counted into ``outcome``; the person is told it is ready on their personal-data page;
    - correction: ``response`` says what was corrected (required);
    - withdrawal: every consent of the person is marked withdrawn (rows kept as evidence) and reminder
      emails stop.
    The person receives one email with the answer. Raises RequestNotPending, or ValueError for a deletion
    request or a correction without an answer.
    """
    if request.kind == DeletionRequest.Kind.DELETION:
        raise ValueError("Deletion requests are answered by account_erase.")
    response = nfc(response).strip()
    if request.kind == DeletionRequest.Kind.CORRECTION and not response:
        raise ValueError("Say what was corrected.")
    now = timezone.now()
    with transaction.atomic():
        locked = DeletionRequest.objects.select_for_update().select_related("user").get(pk=request.pk)
        if locked.status != DeletionRequest.Status.PENDING:
            raise RequestNotPending
        outcome: dict = {}
        if locked.kind == DeletionRequest.Kind.ACCESS:
            data = personal_data_export(user=locked.user)
            outcome["export"] = {
                section: len(value) if isinstance(value, list | dict) else 1
                for section, value in data.items()
                if section != "exported_at"
            }
        elif locked.kind == DeletionRequest.Kind.WITHDRAWAL:
            outcome["accounts"] = {
                "consents_withdrawn": locked.user.consents.filter(withdrawn_at__isnull=True).update(
                    withdrawn_at=now
                ),
                "reminders_stopped": Profile.objects.filter(user=locked.user).update(email_opt_out=True),
            }
        locked.status = DeletionRequest.Status.DONE
        locked.handled_at, locked.handled_by = now, processed_by
        locked.response, locked.outcome = response, outcome
        locked.save(update_fields=["status", "handled_at", "handled_by", "response", "outcome"])
        transaction.on_commit(lambda: _tell_answer(locked))
    return locked


def _tell_answer(request: DeletionRequest) -> None:
    from .notifications import notify

    notify(
        user=request.user,
        kind="personal_data_request_answered",
        key=f"pd-request:{request.pk}",
        context={"request": request},
    )


class AccountAlreadyErased(Exception):
    """The account has already been erased; there is nothing left to erase."""


def personal_data_access_log(*, actor: User, subject: User, action: str, detail: str = "") -> None:
    """Record that ``actor`` opened or exported ``subject``'s record; looking at one's own is not logged."""
    if actor.pk == subject.pk:
        return
    PersonalDataAccess.objects.create(
        actor=actor,
        actor_name=(actor.full_name or actor.email)[:150],
        subject=subject,
        action=action,
        detail=nfc(detail)[:255],
    )


def certificate_download_log(*, actor: User, certificate) -> None:
    """Log that someone other than the holder downloaded a certificate PDF (any object with ``user``
    and ``serial``; certificates is a higher app, so it is not imported here)."""
    personal_data_access_log(
        actor=actor,
        subject=certificate.user,
        action=PersonalDataAccess.Action.DOWNLOAD_CERTIFICATE,
        detail=certificate.serial,
    )


def personal_data_access_purge(*, months: int | None = None) -> int:
    """Delete access-log entries older than the retention period; returns how many were deleted."""
    months = settings.LMS_ACCESS_LOG_RETENTION_MONTHS if months is None else months
    cutoff = timezone.now() - datetime.timedelta(days=round(months * 30.44))
    deleted, _detail = PersonalDataAccess.objects.filter(at__lt=cutoff).delete()
    return deleted


def erased_pseudonym(*, user: User) -> str:
    """The name an erased account keeps: not the person's name, but stable so records stay readable."""
    return f"#{user.public_id.hex[:8].upper()}"


@transaction.atomic
def account_erase(*, user: User, processed_by: User | None) -> dict:
    """Erase ``user``'s personal data on request; returns what was done per kind of record.

    Higher apps erase their own rows through ``personal_data_erase`` first (certificates are kept for
    verification under the legal basis in the privacy notice). Here: the profile, email addresses,
    notifications, access log, roles and sign-in methods are deleted; the account row stays (other
    records point at it) with a pseudonym, an unusable email and password, inactive. Consent records
    are kept as evidence of the lawful basis, without the IP address. The pending deletion request, if
    any, is marked done with the outcome.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.erased_at is not None:
        raise AccountAlreadyErased
    outcome: dict[str, dict] = {}
    for _receiver, response in personal_data_erase.send(sender=User, user=user):
        if response:
            section, counts = response
            outcome[section] = counts
    mine = {
        "profile": Profile.objects.filter(user=user).delete()[0],
        "email_addresses": user.emailaddress_set.all().delete()[0],
        "notifications": user.notifications.all().delete()[0],
        "access_log": user.data_accesses.all().delete()[0],
        "hr_scopes": user.hr_scopes.all().delete()[0],
        "authenticators": user.authenticator_set.all().delete()[0],
        "consents_kept": user.consents.update(ip_address=None),
    }
    social = getattr(user, "socialaccount_set", None)
    if social is not None:
        mine["social_accounts"] = social.all().delete()[0]
    user.groups.clear()
    user.user_permissions.clear()
    user.full_name = erased_pseudonym(user=user)
    user.email = f"erased-{user.public_id.hex}@erased.invalid"
    user.set_unusable_password()
    user.is_active = user.is_staff = user.is_superuser = False
    user.last_login = None
    user.erased_at = timezone.now()
    user.save()
    outcome["accounts"] = mine
    user.deletion_requests.exclude(status=DeletionRequest.Status.PENDING).update(reason="", response="")
    user.deletion_requests.filter(status=DeletionRequest.Status.PENDING).update(
        status=DeletionRequest.Status.DONE,
        handled_at=user.erased_at,
        handled_by=processed_by,
        reason="",
        outcome=outcome,
    )
    return outcome


def deletion_request_reject(
    *, request: DeletionRequest, processed_by: User, response: str = ""
) -> DeletionRequest:
    """Close a pending request of any kind without carrying it out (for example, the law requires keeping
    the data); ``response`` tells the person why."""
    updated = DeletionRequest.objects.filter(pk=request.pk, status=DeletionRequest.Status.PENDING).update(
        status=DeletionRequest.Status.REJECTED,
        handled_at=timezone.now(),
        handled_by=processed_by,
        response=nfc(response).strip(),
    )
    request.refresh_from_db()
    if not updated:
        raise ValueError("The request is no longer pending.")
    return request


# --- Organisation units -------------------------------------------------------------------------


@dataclass
class UnitImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)


class UnitImportError(Exception):
    def __init__(self, report: UnitImportReport):
        super().__init__("; ".join(f"line {line}: {message}" for line, message in report.errors))
        self.report = report


def units_import_csv(*, text: str) -> UnitImportReport:
    """Create or update units from CSV with columns ``code,name,parent_code[,kind]``.

    All rows are checked first; any bad row (reported by line number) aborts the whole import so the
    tree is never half-imported. Existing codes are renamed and moved in place.
    """
    report = UnitImportReport()
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    required = {"code", "name", "parent_code"}
    if not reader.fieldnames or not required <= {(f or "").strip() for f in reader.fieldnames}:
        report.errors.append(
            (1, _("The header must contain the columns code, name, parent_code (and optionally kind)."))
        )
        raise UnitImportError(report)

    kinds = set(OrganisationUnit.Kind.values)
    existing = {u.code: u for u in OrganisationUnit.objects.all()}
    rows: dict[str, dict] = {}
    for line, raw in enumerate(reader, start=2):
        if None in raw or any(not isinstance(v, str | None) for v in raw.values()):
            report.errors.append((line, _("This line has more columns than the header.")))
            continue
        raw_values = {k.strip(): v or "" for k, v in raw.items() if k}
        row = {k: nfc(v) for k, v in raw_values.items()}
        code, name, parent_code = row.get("code", ""), row.get("name", ""), row.get("parent_code", "")
        kind = row.get("kind") or OrganisationUnit.Kind.OFFICE
        text_errors = _unit_text_errors(raw_values)
        report.errors.extend((line, message) for message in text_errors)
        if not code:
            report.errors.append((line, _("The code is empty.")))
        elif code in rows:
            report.errors.append((line, _("The code %(code)s appears twice in the file.") % {"code": code}))
        if not name:
            report.errors.append((line, _("The name is empty.")))
        if kind not in kinds:
            report.errors.append((line, _("Unknown kind “%(kind)s”.") % {"kind": kind}))
        if parent_code and parent_code == code:
            report.errors.append((line, _("A unit cannot be its own parent.")))
        rows[code] = {"line": line, "name": name, "parent_code": parent_code, "kind": kind}
    for row in rows.values():
        parent_code = row["parent_code"]
        if parent_code and parent_code not in rows and parent_code not in existing:
            report.errors.append(
                (row["line"], _("The parent code %(code)s does not exist.") % {"code": parent_code})
            )
    if not report.errors:
        _check_no_cycles(rows, existing, report)
    if not report.errors:
        _check_depth(rows, existing, report)
    if report.errors:
        report.errors.sort()
        raise UnitImportError(report)

    with transaction.atomic():
        done: set[str] = set()

        def apply(code: str) -> OrganisationUnit:
            if code in done:
                return OrganisationUnit.objects.get(code=code)
            row = rows[code]
            parent = None
            if row["parent_code"]:
                parent = (
                    apply(row["parent_code"]) if row["parent_code"] in rows else existing[row["parent_code"]]
                )
                parent.refresh_from_db()
            unit = existing.get(code)
            if unit is None:
                values = {"code": code, "name": row["name"], "kind": row["kind"]}
                unit = parent.add_child(**values) if parent else OrganisationUnit.add_root(**values)
                report.created += 1
            else:
                unit.refresh_from_db()
                unit.name, unit.kind = row["name"], row["kind"]
                unit.save()
                current_parent = unit.get_parent(update=True)
                if (current_parent.pk if current_parent else None) != (parent.pk if parent else None):
                    if parent:
                        unit.move(parent, pos="sorted-child")
                    else:
                        unit.move(OrganisationUnit.get_first_root_node(), pos="sorted-sibling")
                report.updated += 1
            done.add(code)
            return unit

        for code in rows:
            apply(code)
    return report


# Longest unit code and name the tables hold, counted after NFC.
_UNIT_TEXT_LIMITS = {
    "code": OrganisationUnit._meta.get_field("code").max_length,
    "name": OrganisationUnit._meta.get_field("name").max_length,
    "parent_code": OrganisationUnit._meta.get_field("code").max_length,
}


def _unit_text_errors(raw_values: dict[str, str]) -> list[str]:
    """Messages for over-long values and hidden/control characters, per column (checked on the raw text)."""
    labels = {"code": _("code"), "name": _("name"), "parent_code": _("parent code")}
    messages = []
    for column, limit in _UNIT_TEXT_LIMITS.items():
        value = raw_values.get(column, "")
        if not value.strip():
            continue
        try:
            validate_plain_text(value, max_length=limit)
        except ValidationError as error:
            messages.extend(f"{labels[column]}: {message}" for message in error.messages)
    return messages


def unit_max_depth() -> int:
    """The deepest level a unit may sit at: the setting, never beyond what treebeard's path column can hold."""
    path_field = OrganisationUnit._meta.get_field("path")
    return max(1, min(settings.LMS_UNIT_MAX_DEPTH, path_field.max_length // OrganisationUnit.steplen))


def _check_depth(rows: dict, existing: dict, report: UnitImportReport) -> None:
    """Refuse an import that would put any unit (imported or already there) below ``unit_max_depth()``."""
    limit = unit_max_depth()
    steplen = OrganisationUnit.steplen
    code_at_path = {unit.path: code for code, unit in existing.items()}
    parents = {code: code_at_path.get(unit.path[:-steplen]) for code, unit in existing.items()}
    parents.update({code: row["parent_code"] or None for code, row in rows.items()})
    depths: dict[str, int] = {}

    def depth(code: str) -> int:
        chain = []
        while code is not None and code not in depths:
            chain.append(code)
            code = parents.get(code)
        level = depths.get(code, 0) if code is not None else 0
        for item in reversed(chain):
            level += 1
            depths[item] = level
        return level

    deepest: dict[str, int] = {}  # imported row to blame -> deepest level it leads to
    for code in parents:
        if depth(code) <= limit:
            continue
        culprit = code  # the first unit of this branch below the limit...
        while parents.get(culprit) is not None and depths[parents[culprit]] > limit:
            culprit = parents[culprit]
        while culprit not in rows and parents.get(culprit) is not None:  # ...or the imported row moving it
            culprit = parents[culprit]
        if culprit in rows:
            deepest[culprit] = max(deepest.get(culprit, 0), depths[code])
    for code, level in deepest.items():
        report.errors.append(
            (
                rows[code]["line"],
                _(
                    "Under the unit %(code)s the tree would be %(depth)s levels deep; "
                    "at most %(limit)s levels are allowed."
                )
                % {"code": code, "depth": level, "limit": limit},
            )
        )


def _check_no_cycles(rows: dict, existing: dict, report: UnitImportReport) -> None:
    def parent_of(code: str) -> str | None:
        if code in rows:
            return rows[code]["parent_code"] or None
        unit = existing.get(code)
        parent = unit.get_parent() if unit else None
        return parent.code if parent else None

    for code, row in rows.items():
        seen = {code}
        current = parent_of(code)
        while current:
            if current in seen:
                report.errors.append(
                    (row["line"], _("The parent chain of %(code)s loops back on itself.") % {"code": code})
                )
                break
            seen.add(current)
            current = parent_of(current)
