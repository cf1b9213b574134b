"""The training-record export shape for the provincial e-dossier software (schema ``SCHEMA_VERSION``).

One person object per official, keyed by the personal identification number, holding every counted
training entry of the year (docs/training-record-export.md has the shape and the mapping to the
training-history group of Decree 27/2026/NĐ-CP). CSV and XLSX carry the same fields flattened: one row
per training entry, the person's fields repeated. Changing a field name or meaning raises the version.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import OrganisationUnit, Profile, User

from .selectors import RecordEntry, readable_profiles, record_entries_in_step, target_table

SCHEMA_VERSION = "1.0"
SCHEMA_NAME = "lms.training-record"


@dataclass(frozen=True)
class DossierPerson:
    user_id: int
    public_id: uuid.UUID
    personal_id: str
    staff_code: str
    full_name: str
    email: str
    unit_code: str
    unit_name: str
    position: str
    unit_path: str


def dossier_people(
    *, reader: User, unit: OrganisationUnit | None = None, learner: uuid.UUID | None = None
) -> QuerySet[Profile]:
    """The officials an export covers: ``reader``'s scope, narrowed to ``unit``'s subtree or one person."""
    profiles = readable_profiles(reader=reader)
    if unit is not None:
        profiles = profiles.filter(organisation_unit__path__startswith=unit.path)
    if learner is not None:
        profiles = profiles.filter(user__public_id=learner)
    return profiles


PERSON_FIELDS = (
    "user__public_id",
    "personal_id",
    "staff_code",
    "user__full_name",
    "user__email",
    "organisation_unit__code",
    "organisation_unit__name",
    "position",
    "organisation_unit__path",
)


def _person(user_id: int, values: tuple) -> DossierPerson:
    return DossierPerson(user_id, *[value if value is not None else "" for value in values])


def _entry_object(entry: RecordEntry) -> dict:
    return {
        "source": "platform" if entry.kind == "platform" else "external",
        "title": entry.title,
        "class_code": entry.class_code,
        "provider": entry.provider,
        "content_category_code": entry.category_code,
        "content_category": entry.category_name,
        "periods": entry.periods,
        "start_date": entry.starts_on.isoformat() if entry.starts_on else None,
        "end_date": entry.ends_on.isoformat() if entry.ends_on else None,
        "certificate_number": entry.certificate_number,
        "certificate_issuer": entry.certificate_issuer,
    }


def person_object(person: DossierPerson, entries: list[RecordEntry], target: int | None) -> dict:
    counted = [entry for entry in entries if entry.counts]
    return {
        "personal_id": person.personal_id,
        "staff_code": person.staff_code,
        "full_name": person.full_name,
        "email": person.email,
        "unit_code": person.unit_code,
        "unit_name": person.unit_name,
        "position": person.position,
        "total_periods": sum(entry.periods for entry in counted),
        "target_periods": target,
        "trainings": [_entry_object(entry) for entry in counted],
    }


def dossier_records(*, profiles: QuerySet[Profile], year: int) -> Iterator[dict]:
    """The person objects of ``year`` for ``profiles``, by name, one at a time.

    Constant memory and a constant number of queries (six, plus the reader's scope) whatever the number
    of people: people and entries are read side by side (``record_entries_in_step``).
    """
    table = target_table(year=year)
    for (user_id, *values), entries in record_entries_in_step(
        profiles=profiles, fields=("user_id", *PERSON_FIELDS), year=year
    ):
        person = _person(user_id, tuple(values))
        target = table.target(unit_path=person.unit_path or None, position=person.position)
        yield person_object(person, entries, target)


FLAT_FIELDS = [
    "personal_id",
    "staff_code",
    "full_name",
    "unit_code",
    "unit_name",
    "position",
    "year",
    "source",
    "title",
    "class_code",
    "provider",
    "content_category_code",
    "content_category",
    "periods",
    "start_date",
    "end_date",
    "certificate_number",
    "certificate_issuer",
]


def flat_rows(*, profiles: QuerySet[Profile], year: int) -> Iterator[tuple]:
    """The CSV/XLSX rows: one per counted training entry, in ``FLAT_FIELDS`` order (dates as dates).

    The same values as ``dossier_records`` gives the JSON, read straight from the entries: no person object,
    no target and no date turned to text and back per row.
    """
    for (user_id, *values), entries in record_entries_in_step(
        profiles=profiles, fields=("user_id", *PERSON_FIELDS), year=year
    ):
        person = _person(user_id, tuple(values))
        head = (
            person.personal_id,
            person.staff_code,
            person.full_name,
            person.unit_code,
            person.unit_name,
            person.position,
            year,
        )
        for entry in entries:
            if entry.counts:
                yield (
                    *head,
                    "platform" if entry.kind == "platform" else "external",
                    entry.title,
                    entry.class_code,
                    entry.provider,
                    entry.category_code,
                    entry.category_name,
                    entry.periods,
                    entry.starts_on,
                    entry.ends_on,
                    entry.certificate_number,
                    entry.certificate_issuer,
                )


def document_header(*, year: int, scope_codes: list[str]) -> dict:
    return {
        "schema": SCHEMA_NAME,
        "schema_version": SCHEMA_VERSION,
        "year": year,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "units": scope_codes,
    }
