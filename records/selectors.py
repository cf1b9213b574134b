"""Reads of the training record: entries per official and year, totals, targets and the target report.

Invariants:
- An entry completed on the platform is a completed enrollment (``courses.Enrollment.completed_at`` in the
  year, Vietnam time). Its periods and content category are those of the class it was completed in, where
  the class states them (a class left empty counts the sum of its sessions' periods), else the course's.
  Its certificate is the latest one not revoked.
- An external entry counts in the year its training ended, and only once approved.
- Every list is read in a fixed number of queries, whatever its length (tests/records/test_selectors.py).
- Who may read whom is decided here: the person themself, or HR whose subtree holds the person's unit
  (``accounts.scoping``); administrators read everyone.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Substr
from django.db.models.lookups import In
from django.utils import timezone

from accounts.models import Audience, OrganisationUnit, Profile, User
from accounts.scoping import readable_by_user_filter, scope_roots, unit_in_subtrees
from accounts.text import nfc
from certificates.models import Certificate
from classes.models import ClassMember, ClassSession
from cms.models import ContentCategory
from courses.models import Enrollment

from .models import ExternalTraining, TrainingTarget


class OutOfScope(Exception):
    """The reader may not see this person or entry (views answer 404)."""


@dataclass(frozen=True)
class RecordEntry:
    """One line of a training record: a course or class completed on the platform, or external training."""

    kind: str  # "platform" | "external"
    title: str
    provider: str
    category_code: str
    category_name: str
    periods: int
    starts_on: dt.date | None
    ends_on: dt.date | None
    certificate_number: str
    certificate_issuer: str
    class_code: str = ""
    status: str = ExternalTraining.Status.APPROVED
    external: ExternalTraining | None = None

    @property
    def counts(self) -> bool:
        return self.status == ExternalTraining.Status.APPROVED


@dataclass
class YearRecord:
    year: int
    entries: list[RecordEntry] = field(default_factory=list)
    target: int | None = None

    @property
    def periods(self) -> int:
        return sum(entry.periods for entry in self.entries if entry.counts)

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.periods < self.target

    @property
    def percent(self) -> int | None:
        if not self.target:
            return None
        return min(100, 100 * self.periods // self.target)

    @property
    def by_category(self) -> list[tuple[str, int]]:
        totals: dict[str, int] = defaultdict(int)
        for entry in self.entries:
            if entry.counts:
                totals[entry.category_name] += entry.periods
        return sorted(totals.items())


def year_bounds(year: int) -> tuple[dt.datetime, dt.datetime]:
    """The first instants of ``year`` and of the next one, in the site's time zone."""
    tz = timezone.get_current_timezone()
    return (
        dt.datetime(year, 1, 1, tzinfo=tz),
        dt.datetime(year + 1, 1, 1, tzinfo=tz),
    )


def current_year() -> int:
    return timezone.localdate().year


# --- Who may read whom --------------------------------------------------------------------------------


def readable_profiles(*, reader: User) -> QuerySet[Profile]:
    """Officials' profiles ``reader`` may read as HR (their subtrees; everyone for administrators)."""
    return Profile.objects.filter(
        readable_by_user_filter(user=reader, unit_field="organisation_unit"), audience=Audience.OFFICIAL
    )


def record_person(*, reader: User, public_id: uuid.UUID) -> Profile:
    """The official ``public_id`` if ``reader`` may read their record as HR; OutOfScope otherwise. One query
    (two for HR: the scope roots)."""
    profile = (
        readable_profiles(reader=reader)
        .select_related("user", "organisation_unit")
        .filter(user__public_id=public_id)
        .first()
    )
    if profile is None:
        raise OutOfScope
    return profile


def may_read_person(*, reader: User, person: User) -> bool:
    """The person themself, an administrator, or HR whose subtree holds the person's unit."""
    if not reader.is_authenticated:
        return False
    if reader.pk == person.pk or reader.is_superuser:
        return True
    unit = getattr(getattr(person, "profile", None), "organisation_unit", None)
    return unit is not None and unit_in_subtrees(unit=unit, roots=scope_roots(user=reader))


def external_entry_for(*, reader: User, public_id: uuid.UUID) -> ExternalTraining:
    """The external entry ``public_id`` if ``reader`` may see it (its owner or HR in scope); else OutOfScope."""
    entry = (
        ExternalTraining.objects.select_related("user__profile__organisation_unit", "content_category")
        .filter(public_id=public_id)
        .first()
    )
    if entry is None or not may_read_person(reader=reader, person=entry.user):
        raise OutOfScope
    return entry


# --- Entries ------------------------------------------------------------------------------------------


def platform_periods_expression():
    """The periods one completed enrollment counts: the class's own figure, else its sessions' sum, else
    the course's. Used by the entries and by the totals, so the two never disagree."""
    member = ClassMember.objects.filter(enrollment=OuterRef("pk")).order_by("-pk")
    class_periods = Subquery(member.values("training_class__periods")[:1])
    session_sum = Subquery(
        ClassSession.objects.filter(training_class__members__enrollment=OuterRef("pk"))
        .order_by()
        .values("training_class")
        .annotate(total=Coalesce(Sum("periods"), 0))
        .values("total")[:1],
        output_field=IntegerField(),
    )
    return Coalesce(class_periods, session_sum, F("course__periods"), Value(0), output_field=IntegerField())


def _platform_rows(*, user_ids: list[int] | None, year: int | None, extra: Q | None = None) -> QuerySet:
    member = ClassMember.objects.filter(enrollment=OuterRef("pk")).order_by("-pk")
    certificate = Certificate.objects.filter(enrollment=OuterRef("pk"), revoked_at__isnull=True).order_by(
        "-issued_at", "-pk"
    )
    queryset = Enrollment.objects.filter(completed_at__isnull=False).filter(extra or Q())
    if user_ids is not None:
        queryset = queryset.filter(user_id__in=user_ids)
    if year is not None:
        start, end = year_bounds(year)
        queryset = queryset.filter(completed_at__gte=start, completed_at__lt=end)
    return queryset.annotate(
        class_code=Subquery(member.values("training_class__code")[:1]),
        class_name=Subquery(member.values("training_class__name")[:1]),
        class_starts=Subquery(member.values("training_class__starts_on")[:1]),
        class_ends=Subquery(member.values("training_class__ends_on")[:1]),
        category_id=Coalesce(
            Subquery(member.values("training_class__content_category_id")[:1]),
            F("course__content_category_id"),
            output_field=IntegerField(),
        ),
        period_count=platform_periods_expression(),
        certificate_serial=Subquery(certificate.values("serial")[:1]),
        certificate_issuer=Subquery(certificate.values("issuer_name")[:1]),
    )


def _categories() -> dict[int, ContentCategory]:
    return {category.pk: category for category in ContentCategory.objects.all()}


def _platform_entry(row: tuple, categories: dict[int, ContentCategory], tz) -> RecordEntry:
    (
        course_title,
        class_code,
        class_name,
        class_starts,
        class_ends,
        enrolled_at,
        completed_at,
        category_id,
        periods,
        serial,
        issuer,
    ) = row
    category = categories.get(category_id)
    completed_on = completed_at.astimezone(tz).date()
    return RecordEntry(
        kind="platform",
        title=class_name or course_title,
        provider=issuer or "",
        category_code=category.code if category else "",
        category_name=category.name if category else "",
        periods=periods or 0,
        starts_on=class_starts or (enrolled_at.astimezone(tz).date() if enrolled_at else completed_on),
        ends_on=class_ends or completed_on,
        certificate_number=serial or "",
        certificate_issuer=issuer or "",
        class_code=class_code or "",
    )


PLATFORM_FIELDS = (
    "course__title",
    "class_code",
    "class_name",
    "class_starts",
    "class_ends",
    "enrolled_at",
    "completed_at",
    "category_id",
    "period_count",
    "certificate_serial",
    "certificate_issuer",
)


def _external_entry(entry: ExternalTraining, categories: dict[int, ContentCategory]) -> RecordEntry:
    category = categories.get(entry.content_category_id)
    return RecordEntry(
        kind="external",
        title=entry.title,
        provider=entry.provider,
        category_code=category.code if category else "",
        category_name=category.name if category else "",
        periods=entry.periods,
        starts_on=entry.starts_on,
        ends_on=entry.ends_on,
        certificate_number=entry.certificate_number,
        certificate_issuer=entry.certificate_issuer,
        status=entry.status,
        external=entry,
    )


def _newest_first(entries: list[RecordEntry]) -> list[RecordEntry]:
    entries.sort(key=lambda e: (e.ends_on or dt.date.min, e.title), reverse=True)
    return entries


def record_entries(
    *, user_ids: list[int], year: int | None = None, include_unapproved: bool = False
) -> dict[int, list[RecordEntry]]:
    """Every entry of the given people (of ``year``, or of every year), by user id, newest first.

    Three queries whatever the number of people or entries: categories, platform completions (with class
    and certificate as subqueries), external entries. Unapproved external entries (pending, rejected) are
    included only for the person's own page and HR's review (``include_unapproved``); they never count.
    """
    categories = _categories()
    result: dict[int, list[RecordEntry]] = defaultdict(list)
    tz = timezone.get_current_timezone()
    for user_id, *row in _platform_rows(user_ids=user_ids, year=year).values_list(
        "user_id", *PLATFORM_FIELDS
    ):
        result[user_id].append(_platform_entry(row, categories, tz))
    external = ExternalTraining.objects.filter(user_id__in=user_ids)
    if not include_unapproved:
        external = external.filter(status=ExternalTraining.Status.APPROVED)
    if year is not None:
        external = external.filter(ends_on__year=year)
    for entry in external:
        result[entry.user_id].append(_external_entry(entry, categories))
    for entries in result.values():
        _newest_first(entries)
    return dict(result)


# The order of every list of people (by Vietnamese name, then id). ``name_sort_key`` holds digits only, so
# Python compares (key, id) pairs exactly as any database collation orders them (accounts.text).
PERSON_ORDER = ("user__name_sort_key", "user__pk")


class _InStep:
    """A stream of ((name key, user id), entry) in PERSON_ORDER, taken person by person.

    Entries of a person the people query did not return (someone who joined the scope between the
    queries) are skipped rather than stalling the stream."""

    def __init__(self, stream: Iterator[tuple[tuple[str, int], RecordEntry]]):
        self._stream = stream
        self._head = next(stream, None)

    def take(self, key: tuple[str, int]) -> list[RecordEntry]:
        taken = []
        while self._head is not None and self._head[0] <= key:
            if self._head[0] == key:
                taken.append(self._head[1])
            self._head = next(self._stream, None)
        return taken


def record_streams(
    *, profiles: QuerySet[Profile], fields: Sequence[str], year: int
) -> tuple[QuerySet, QuerySet, QuerySet[ExternalTraining]]:
    """The three queries behind ``record_entries_in_step``, each in PERSON_ORDER: the people's name key,
    id and ``fields``; their platform completions of ``year``; their approved external entries of ``year``
    (bench/records_export.py times them bare as the floor)."""
    user_ids = profiles.values("user_id")
    people = profiles.order_by(*PERSON_ORDER).values_list("user__name_sort_key", "user_id", *fields)
    platform = (
        _platform_rows(user_ids=None, year=year, extra=Q(user_id__in=user_ids))
        .order_by(*PERSON_ORDER)
        .values_list("user__name_sort_key", "user_id", *PLATFORM_FIELDS)
    )
    external = (
        ExternalTraining.objects.filter(
            user_id__in=user_ids, status=ExternalTraining.Status.APPROVED, ends_on__year=year
        )
        .annotate(sort_key=F("user__name_sort_key"))
        .order_by(*PERSON_ORDER)
    )
    return people, platform, external


def record_entries_in_step(
    *, profiles: QuerySet[Profile], fields: Sequence[str], year: int, chunk_size: int = 2000
) -> Iterator[tuple[tuple, list[RecordEntry]]]:
    """(``fields`` of each profile, their counted entries of ``year`` newest first), in PERSON_ORDER.

    For exports of any size in constant memory and a constant number of queries: the people, their
    platform completions and their approved external entries are three queries read side by side through
    database cursors (server-side on PostgreSQL) in ``chunk_size`` rows, plus one for the categories.
    """
    categories = _categories()
    tz = timezone.get_current_timezone()
    people, platform, external = record_streams(profiles=profiles, fields=fields, year=year)
    people = people.iterator(chunk_size=chunk_size)
    platform = platform.iterator(chunk_size=chunk_size)
    external = external.iterator(chunk_size=chunk_size)
    platform_step = _InStep(
        ((key or "", user_id), _platform_entry(row, categories, tz)) for key, user_id, *row in platform
    )
    external_step = _InStep(
        ((entry.sort_key or "", entry.user_id), _external_entry(entry, categories)) for entry in external
    )
    for key, user_id, *values in people:
        person = (key or "", user_id)
        yield tuple(values), _newest_first(platform_step.take(person) + external_step.take(person))


def person_record(*, person: User, year: int, include_unapproved: bool = True) -> YearRecord:
    """One official's record for ``year`` with their target. Five queries at most."""
    entries = record_entries(user_ids=[person.pk], year=year, include_unapproved=include_unapproved)
    profile = Profile.objects.select_related("organisation_unit").filter(user=person).first()
    target = None
    if profile is not None:
        target = targets_for_profiles(profiles=[profile], year=year).get(person.pk)
    return YearRecord(year=year, entries=entries.get(person.pk, []), target=target)


def record_years(*, person: User) -> list[int]:
    """The years in which ``person`` has any entry, and the current year, newest first. Two queries."""
    years = {current_year()}
    tz = timezone.get_current_timezone()
    for completed_at in Enrollment.objects.filter(user=person, completed_at__isnull=False).values_list(
        "completed_at", flat=True
    ):
        years.add(completed_at.astimezone(tz).year)
    years.update(
        d.year for d in ExternalTraining.objects.filter(user=person).values_list("ends_on", flat=True)
    )
    return sorted(years, reverse=True)


# --- Targets ------------------------------------------------------------------------------------------


def position_key(position: str) -> str:
    """How positions are matched to targets: NFC, trimmed, case-folded ("Chuyên viên" = "chuyên viên")."""
    return " ".join(nfc(position or "").split()).casefold()


@dataclass(frozen=True)
class TargetTable:
    by_unit_path: dict[str, int]
    by_position: dict[str, int]

    def target(self, *, unit_path: str | None, position: str) -> int | None:
        """The person's target: their position's where one exists, else the nearest unit up the tree."""
        key = position_key(position)
        if key and key in self.by_position:
            return self.by_position[key]
        if unit_path:
            step = OrganisationUnit.steplen
            for end in range(len(unit_path), 0, -step):
                periods = self.by_unit_path.get(unit_path[:end])
                if periods is not None:
                    return periods
        return None


def target_table(*, year: int) -> TargetTable:
    """Every target of ``year``. One query (targets are few: one per unit or position at most)."""
    by_unit, by_position = {}, {}
    for unit_path, position, periods in TrainingTarget.objects.filter(year=year).values_list(
        "unit__path", "position", "periods"
    ):
        if unit_path:
            by_unit[unit_path] = periods
        else:
            by_position[position_key(position)] = periods
    return TargetTable(by_unit_path=by_unit, by_position=by_position)


def targets_for_profiles(*, profiles: list[Profile], year: int) -> dict[int, int | None]:
    table = target_table(year=year)
    return {
        p.user_id: table.target(
            unit_path=p.organisation_unit.path if p.organisation_unit_id else None, position=p.position
        )
        for p in profiles
    }


def targets_visible_to(*, reader: User, year: int | None) -> QuerySet[TrainingTarget]:
    """Targets HR may see (of ``year``, or of every year): their subtrees' units, and every position
    target (positions are province-wide; only administrators change them). One query."""
    targets = TrainingTarget.objects.all() if year is None else TrainingTarget.objects.filter(year=year)
    return (
        targets.filter(Q(unit__isnull=True) | readable_by_user_filter(user=reader, unit_field="unit"))
        .select_related("unit")
        .order_by("unit__path", "position")
    )


# --- The target report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRow:
    public_id: uuid.UUID
    full_name: str
    email: str
    unit_name: str
    position: str
    periods: int
    target: int | None

    @property
    def below_target(self) -> bool:
        return self.target is not None and self.periods < self.target

    @property
    def missing(self) -> int:
        return max(0, (self.target or 0) - self.periods)

    @property
    def percent(self) -> int | None:
        return min(100, 100 * self.periods // self.target) if self.target else None


def counted_periods_expression(*, year: int):
    """A profile's counted periods in ``year`` as SQL: its platform completions (each as
    ``platform_periods_expression``) plus its approved external entries, each summed in a correlated
    subquery, so that a database asked for one page of people computes the sums for that page only."""
    start, end = year_bounds(year)
    platform = (
        Enrollment.objects.filter(user_id=OuterRef("user_id"), completed_at__gte=start, completed_at__lt=end)
        .order_by()
        .values("user_id")
        .annotate(total=Sum(platform_periods_expression()))
        .values("total")
    )
    external = (
        ExternalTraining.objects.filter(
            user_id=OuterRef("user_id"), status=ExternalTraining.Status.APPROVED, ends_on__year=year
        )
        .order_by()
        .values("user_id")
        .annotate(total=Sum("periods"))
        .values("total")
    )
    return ExpressionWrapper(
        Coalesce(Subquery(platform, output_field=IntegerField()), Value(0))
        + Coalesce(Subquery(external, output_field=IntegerField()), Value(0)),
        output_field=IntegerField(),
    )


def target_expression(*, profiles: QuerySet[Profile], year: int):
    """A profile's target for ``year`` as SQL, by exactly the rules of ``TargetTable.target``.

    The targets are read first (one query) and become a CASE: the position targets first, matched on the
    profiles' distinct raw positions whose ``position_key`` names one (one more query, only when a
    position target exists: the key's NFC and case folding are not the same in every database); then
    the unit targets, deepest first, each a path prefix of the person's unit (``substr(path, 1, n) IN
    (...)``, one condition per depth and figure rather than one per unit). NULL where no target applies.
    """
    table = target_table(year=year)
    whens = []
    if table.by_position:
        positions: dict[int, list[str]] = defaultdict(list)
        for position in profiles.order_by().values_list("position", flat=True).distinct():
            key = position_key(position)
            if key and key in table.by_position:
                positions[table.by_position[key]].append(position)
        whens += [
            When(position__in=sorted(names), then=Value(periods))
            for periods, names in sorted(positions.items())
        ]
    units: dict[tuple[int, int], list[str]] = defaultdict(list)
    for path, periods in table.by_unit_path.items():
        units[(len(path), periods)].append(path)
    for (length, periods), paths in sorted(units.items(), key=lambda item: (-item[0][0], item[0][1])):
        prefix = Substr("organisation_unit__path", 1, length)
        whens.append(When(In(prefix, sorted(paths)), then=Value(periods)))
    if not whens:
        return Value(None, output_field=IntegerField())
    return Case(*whens, default=Value(None), output_field=IntegerField())


BELOW_TARGET = Q(target__isnull=False, periods__lt=F("target"))

TARGET_ROW_FIELDS = (
    "user__public_id",
    "user__full_name",
    "user__email",
    "organisation_unit__name",
    "position",
    "periods",
    "target",
)


def _target_row(values: tuple) -> TargetRow:
    public_id, name, email, unit_name, position, periods, target = values
    return TargetRow(
        public_id=public_id,
        full_name=name,
        email=email,
        unit_name=unit_name or "",
        position=position or "",
        periods=periods or 0,
        target=target,
    )


class TargetReport(Sequence[TargetRow]):
    """The rows of ``target_report``: its length and summary counted by one aggregate query, its rows
    read a slice at a time (``LIMIT``/``OFFSET`` in PERSON_ORDER), one query per slice or iteration."""

    def __init__(self, *, rows: QuerySet, officials: int, below: int, below_only: bool):
        self._rows = rows
        self.officials = officials  # in scope, whether below target or not
        self.below = below
        self._length = below if below_only else officials

    def __len__(self) -> int:
        return self._length

    def __iter__(self) -> Iterator[TargetRow]:
        return iter(self[:])

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [_target_row(values) for values in self._rows[index]]
        if index < 0:
            index += self._length
        if not 0 <= index < self._length:
            raise IndexError(index)
        return _target_row(self._rows[index])


def target_report(
    *, reader: User, year: int, unit: OrganisationUnit | None = None, below_only: bool = False
) -> TargetReport:
    """Officials in ``reader``'s subtrees (or ``unit``'s subtree, which must be readable) with their counted
    periods and target for ``year``, by name (only those below target with ``below_only``).

    Periods, targets, the below-target filter, the counts and the paging are all computed by the
    database: four queries here (scope roots, targets, distinct positions where a position target exists,
    the counts) and one per slice read, whatever the number of people; the Python work is one page's.
    """
    profiles = readable_profiles(reader=reader)
    if unit is not None:
        profiles = profiles.filter(organisation_unit__path__startswith=unit.path)
    annotated = profiles.annotate(
        periods=counted_periods_expression(year=year),
        target=target_expression(profiles=profiles, year=year),
    )
    counts = annotated.aggregate(officials=Count("pk"), below=Count("pk", filter=BELOW_TARGET))
    rows = annotated.filter(BELOW_TARGET) if below_only else annotated
    rows = rows.order_by(*PERSON_ORDER).values_list(*TARGET_ROW_FIELDS)
    return TargetReport(
        rows=rows, officials=counts["officials"], below=counts["below"], below_only=below_only
    )


# --- HR's review queue --------------------------------------------------------------------------------


def pending_external_for(*, reader: User) -> QuerySet[ExternalTraining]:
    """External entries awaiting approval from people in ``reader``'s subtrees, oldest first. One query."""
    return (
        ExternalTraining.objects.filter(status=ExternalTraining.Status.PENDING)
        .filter(readable_by_user_filter(user=reader, unit_field="user__profile__organisation_unit"))
        .select_related("user", "user__profile__organisation_unit", "content_category")
        .order_by("created_at", "pk")
    )
