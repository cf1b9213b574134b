"""Writes of the training record: external training (submit, enter, approve, reject) and annual targets.

Every function checks who acts before it writes; a refused write changes nothing.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Audience, OrganisationUnit, User
from accounts.scoping import scope_roots, unit_in_subtrees
from accounts.text import nfc
from cms.models import ContentCategory

from .evidence import evidence_check
from .models import ExternalTraining, TrainingTarget
from .selectors import may_read_person, position_key


def _check_dates(starts_on: dt.date, ends_on: dt.date) -> None:
    if ends_on < starts_on:
        raise ValidationError(_("The end date is before the start date."), code="dates")
    if ends_on > timezone.localdate():
        raise ValidationError(_("Training that has not ended yet cannot be recorded."), code="future")


def _may_manage(*, actor: User, person: User) -> bool:
    """HR in scope of ``person`` (or an administrator); a person never manages their own record."""
    return actor.pk != person.pk and may_read_person(reader=actor, person=person)


def external_training_submit(
    *,
    user: User,
    title: str,
    provider: str,
    content_category: ContentCategory,
    periods: int,
    starts_on: dt.date,
    ends_on: dt.date,
    evidence,
    certificate_number: str = "",
    certificate_issuer: str = "",
) -> ExternalTraining:
    """An official records training done elsewhere with an evidence file; it waits for HR's approval.

    Only officials may submit; the evidence is checked by content (``records.evidence``) and stored
    privately under a random name.
    """
    profile = getattr(user, "profile", None)
    if profile is None or profile.audience != Audience.OFFICIAL:
        raise PermissionDenied
    _check_dates(starts_on, ends_on)
    checked = evidence_check(evidence)
    entry = ExternalTraining(
        user=user,
        title=nfc(title).strip(),
        provider=nfc(provider).strip(),
        content_category=content_category,
        periods=periods,
        starts_on=starts_on,
        ends_on=ends_on,
        certificate_number=nfc(certificate_number).strip(),
        certificate_issuer=nfc(certificate_issuer).strip(),
        evidence_name=checked.name,
        evidence_type=checked.content_type,
        source=ExternalTraining.Source.SELF,
        submitted_by=user,
    )
    entry.evidence.save(checked.name, evidence, save=False)
    entry.save()
    return entry


def external_training_enter(
    *,
    actor: User,
    person: User,
    title: str,
    provider: str,
    content_category: ContentCategory,
    periods: int,
    starts_on: dt.date,
    ends_on: dt.date,
    certificate_number: str = "",
    certificate_issuer: str = "",
    evidence=None,
) -> ExternalTraining:
    """HR in scope records external training for ``person``; it counts at once (approved by the actor)."""
    if not _may_manage(actor=actor, person=person):
        raise PermissionDenied
    _check_dates(starts_on, ends_on)
    checked = evidence_check(evidence) if evidence else None
    now = timezone.now()
    entry = ExternalTraining(
        user=person,
        title=nfc(title).strip(),
        provider=nfc(provider).strip(),
        content_category=content_category,
        periods=periods,
        starts_on=starts_on,
        ends_on=ends_on,
        certificate_number=nfc(certificate_number).strip(),
        certificate_issuer=nfc(certificate_issuer).strip(),
        status=ExternalTraining.Status.APPROVED,
        source=ExternalTraining.Source.HR,
        submitted_by=actor,
        decided_by=actor,
        decided_at=now,
    )
    if checked:
        entry.evidence_name = checked.name
        entry.evidence_type = checked.content_type
        entry.evidence.save(checked.name, evidence, save=False)
    entry.save()
    return entry


def external_training_decide(
    *, actor: User, entry: ExternalTraining, approve: bool, reason: str = ""
) -> ExternalTraining:
    """Approve, or reject with a reason, a pending entry of a person in ``actor``'s scope.

    Idempotent under races: only a row still pending is changed (a conditional UPDATE); an entry decided
    meanwhile raises ValidationError and keeps the first decision.
    """
    if not _may_manage(actor=actor, person=entry.user):
        raise PermissionDenied
    reason = nfc(reason).strip()
    if not approve and not reason:
        raise ValidationError(_("Give a reason for the rejection."), code="reason")
    status = ExternalTraining.Status.APPROVED if approve else ExternalTraining.Status.REJECTED
    now = timezone.now()
    with transaction.atomic():
        changed = ExternalTraining.objects.filter(pk=entry.pk, status=ExternalTraining.Status.PENDING).update(
            status=status, decided_by=actor, decided_at=now, rejection_reason="" if approve else reason
        )
    if not changed:
        raise ValidationError(_("This entry has already been decided."), code="decided")
    entry.refresh_from_db()
    return entry


def external_training_withdraw(*, user: User, entry: ExternalTraining) -> None:
    """The official withdraws their own entry while it still waits for approval (its file goes too)."""
    if entry.user_id != user.pk:
        raise PermissionDenied
    with transaction.atomic():
        deleted = ExternalTraining.objects.filter(
            pk=entry.pk, status=ExternalTraining.Status.PENDING
        ).delete()[0]
    if not deleted:
        raise ValidationError(_("This entry has already been decided."), code="decided")
    if entry.evidence:
        entry.evidence.delete(save=False)


def training_target_set(
    *, actor: User, year: int, periods: int, unit: OrganisationUnit | None = None, position: str = ""
) -> TrainingTarget:
    """Set (create or change) the target of ``year`` for a unit in ``actor``'s scope, or for a position.

    Position targets are province-wide, so only administrators set them.
    """
    position = " ".join(nfc(position).split())
    if (unit is None) == (not position):
        raise ValidationError(_("Choose either an organisation unit or a position."), code="target")
    if not 2000 <= year <= 2100:
        raise ValidationError(_("Enter a valid year."), code="year")
    if unit is not None:
        if not (actor.is_superuser or unit_in_subtrees(unit=unit, roots=scope_roots(user=actor))):
            raise PermissionDenied
        target, _created = TrainingTarget.objects.update_or_create(
            year=year, unit=unit, defaults={"periods": periods, "created_by": actor}
        )
        return target
    if not actor.is_superuser:
        raise PermissionDenied
    existing = [
        t
        for t in TrainingTarget.objects.filter(year=year, unit__isnull=True)
        if position_key(t.position) == position_key(position)
    ]
    if existing:
        target = existing[0]
        target.periods = periods
        target.created_by = actor
        target.save(update_fields=["periods", "created_by", "updated_at"])
        return target
    return TrainingTarget.objects.create(year=year, position=position, periods=periods, created_by=actor)


def training_target_delete(*, actor: User, target: TrainingTarget) -> None:
    if target.unit_id is None:
        allowed = actor.is_superuser
    else:
        allowed = actor.is_superuser or unit_in_subtrees(unit=target.unit, roots=scope_roots(user=actor))
    if not allowed:
        raise PermissionDenied
    target.delete()
