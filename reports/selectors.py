"""Reads for the HR reports. Scope is resolved here, once per report, and every query goes through it.

Invariants:
- A report only ever counts learners whose organisation unit lies in the reader's scope (``accounts.scoping``:
  the HR manager's subtrees; every unit for administrators), and only their enrollments. The learners of the
  reports are the officials (CBCCVC) of those units; citizens and businesses are outside every unit report.
- The audience filter selects courses by the audience they are meant for (``for_officials`` ...).
- Aggregation runs in the database: one grouped query for learners and one for enrollments per report, then
  the totals are rolled up the unit tree in Python. No query runs per unit or per learner.
- "Enrolled" is active + completed; "overdue" is the rule of ``courses.records`` (a due date in the past on
  an enrollment still open: active or awaiting approval); the completion rate is completed / enrolled; the
  average final score is over enrolled learners who have one. The period filter applies to the enrollment
  date (``enrolled_at``).
- Without a period filter, the unit, track, course and month reports read the report summary
  (``reports.models``, rebuilt by the task worker) while it is younger than LMS_REPORTS_SUMMARY_MAX_AGE;
  their results then carry ``as_of`` (the summary's time, shown on the page). With a period filter, an
  explicit ``now``, or no young summary, they count the enrollments directly. Both give the same figures
  (tests/reports/test_summary.py).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from accounts.models import Audience, OrganisationUnit, Profile, User
from accounts.scoping import in_subtrees, unit_in_subtrees, units_readable_by
from accounts.selectors import profiles_visible_to
from assessment.models import QuizAttempt
from certificates.models import Certificate
from classes.models import TrainingClass
from cms.models import CoursePage, Track
from courses import records
from courses.models import Enrollment
from courses.selectors import my_enrollments

from .models import SummaryState, UnitCourseSummary, UnitLearnerSummary, UnitMonthSummary

ACTIVE = Enrollment.Status.ACTIVE
COMPLETED = Enrollment.Status.COMPLETED
STUDYING = records.STUDYING
MAX_MONTHS = 36
COURSE_AUDIENCE_FLAGS = {
    Audience.OFFICIAL: "for_officials",
    Audience.CITIZEN: "for_citizens",
    Audience.BUSINESS: "for_businesses",
}


class OutOfScope(Exception):
    """A unit, course or learner named in the filters is unknown or outside the reader's scope."""


# --- Filters and scope ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ReportFilters:
    """What a report is narrowed to; ``unit`` and ``learner`` are checked against the scope."""

    unit_id: int | None = None
    course_id: int | None = None
    track: str = ""
    audience: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    learner: uuid.UUID | None = None
    class_id: int | None = None
    # The calendar year of the training-record export (records.dossier).
    year: int | None = None

    def to_json(self) -> dict:
        """The non-empty filters, JSON-ready (stored on export jobs and in the audit log)."""
        data = {
            "unit": self.unit_id,
            "course": self.course_id,
            "track": self.track,
            "audience": self.audience,
            "date_from": self.date_from.isoformat() if self.date_from else None,
            "date_to": self.date_to.isoformat() if self.date_to else None,
            "learner": str(self.learner) if self.learner else None,
            "training_class": self.class_id,
            "year": self.year,
        }
        return {key: value for key, value in data.items() if value not in (None, "")}

    @classmethod
    def from_json(cls, data: dict) -> ReportFilters:
        def date(key):
            return dt.date.fromisoformat(data[key]) if data.get(key) else None

        return cls(
            unit_id=data.get("unit"),
            course_id=data.get("course"),
            track=data.get("track", ""),
            audience=data.get("audience", ""),
            date_from=date("date_from"),
            date_to=date("date_to"),
            learner=uuid.UUID(data["learner"]) if data.get("learner") else None,
            class_id=data.get("training_class"),
            year=data.get("year"),
        )


@dataclass
class Scope:
    """The units a report covers, in tree (path) order: the reader's scope, or one subtree of it."""

    units: list[OrganisationUnit]
    unit: OrganisationUnit | None
    everything: bool
    _queryset: QuerySet[OrganisationUnit] = field(repr=False)

    @property
    def roots(self) -> list[OrganisationUnit]:
        paths = {u.path for u in self.units}
        step = OrganisationUnit.steplen
        return [u for u in self.units if u.path[:-step] not in paths]

    @property
    def codes(self) -> list[str]:
        """The codes of the subtrees covered, for the audit log."""
        return [u.code for u in self.roots]

    @property
    def names(self) -> list[str]:
        """The subtrees covered as people read them: "Sở Xây dựng (SXD)"."""
        return [unit_label(u) for u in self.roots]

    def unit_q(self, field: str) -> Q:
        """Restricts rows whose unit is ``field`` to these units."""
        if self.everything:
            return Q(**{f"{field}__isnull": False})
        return Q(**{f"{field}__in": self._queryset.values("pk")})


def unit_label(unit: OrganisationUnit) -> str:
    """A unit's name with its code in brackets, for export files and their information sheet."""
    return f"{unit.name} ({unit.code})"


def report_scope(*, user: User, unit_id: int | None = None) -> Scope:
    """The reader's scope, narrowed to the subtree of ``unit_id`` when given.

    Raises OutOfScope when ``unit_id`` is not a unit the reader may see. One query (plus one for the HR
    scope roots).
    """
    allowed = units_readable_by(user=user)
    everything = user.is_superuser
    units = list(allowed.order_by("path"))
    unit = None
    if unit_id is not None:
        unit = next((u for u in units if u.pk == unit_id), None)
        if unit is None:
            raise OutOfScope
        units = [u for u in units if unit_in_subtrees(unit=u, roots=[unit])]
        allowed = OrganisationUnit.objects.filter(in_subtrees(roots=[unit]))
        everything = False
    return Scope(units=units, unit=unit, everything=everything, _queryset=allowed)


def check_filters(*, user: User, filters: ReportFilters) -> None:
    """Raise OutOfScope when the filters name a unit or learner outside the scope, or an unknown course.

    Views call this before anything else, so a bad parameter is refused before any work is queued.
    """
    if filters.unit_id is not None and not units_readable_by(user=user).filter(pk=filters.unit_id).exists():
        raise OutOfScope
    if filters.course_id is not None and not CoursePage.objects.filter(pk=filters.course_id).exists():
        raise OutOfScope
    if filters.learner is not None and not visible_learner_exists(user=user, public_id=filters.learner):
        raise OutOfScope
    if filters.class_id is not None and not TrainingClass.objects.filter(pk=filters.class_id).exists():
        raise OutOfScope


def visible_learner_exists(*, user: User, public_id: uuid.UUID) -> bool:
    return profiles_visible_to(user=user).filter(user__public_id=public_id).exists()


def visible_profile(*, user: User, public_id: uuid.UUID) -> Profile:
    """The learner's profile if ``user`` may see it; raises OutOfScope otherwise."""
    profile = profiles_visible_to(user=user).filter(user__public_id=public_id).first()
    if profile is None:
        raise OutOfScope
    return profile


def _enrollment_q(filters: ReportFilters, prefix: str = "") -> Q:
    """The course, track, audience and period filters on enrollments reached through ``prefix``."""
    q = Q()
    if filters.course_id is not None:
        q &= Q(**{f"{prefix}course_id": filters.course_id})
    if filters.track:
        q &= Q(**{f"{prefix}course__track": filters.track})
    if filters.audience in COURSE_AUDIENCE_FLAGS:
        q &= Q(**{f"{prefix}course__{COURSE_AUDIENCE_FLAGS[filters.audience]}": True})
    if filters.date_from:
        q &= Q(**{f"{prefix}enrolled_at__gte": _start_of(filters.date_from)})
    if filters.date_to:
        q &= Q(**{f"{prefix}enrolled_at__lt": _start_of(filters.date_to + dt.timedelta(days=1))})
    return q


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def scoped_profiles(*, scope: Scope, filters: ReportFilters | None = None) -> QuerySet[Profile]:
    """The learners of ``scope``: officials whose unit is in it (the filters only narrow enrollments)."""
    return Profile.objects.filter(scope.unit_q("organisation_unit"), audience=Audience.OFFICIAL)


def scoped_enrollments(*, scope: Scope, filters: ReportFilters) -> QuerySet[Enrollment]:
    """Enrollments of the learners in ``scope``, filtered; the base of every enrollment count.

    Goes by ``Enrollment.unit`` (the learner's unit, set for officials only and kept in step with the
    profile), so counting needs no join to users or profiles.
    """
    return Enrollment.objects.filter(scope.unit_q("unit"), _enrollment_q(filters))


def _aggregates(*, now: dt.datetime, prefix: str = "", extra: Q | None = None) -> dict:
    """Count(filter=...) expressions for every figure, over enrollments reached through ``prefix``."""
    extra = extra or Q()
    counted = f"{prefix}pk" if prefix else "pk"

    def q(**lookups) -> Q:
        return Q(**{f"{prefix}{key}": value for key, value in lookups.items()})

    studying = q(status__in=STUDYING) & extra
    return {
        "assigned": Count(counted, filter=q(source=Enrollment.Source.ASSIGNED) & extra),
        "enrolled": Count(counted, filter=studying),
        "in_progress": Count(counted, filter=q(status=ACTIVE) & extra),
        "completed": Count(counted, filter=q(status=COMPLETED) & extra),
        "overdue": Count(counted, filter=records.overdue_q(now=now, prefix=prefix) & extra),
        "score_sum": Sum(f"{prefix}final_score", filter=studying),
        "score_n": Count(f"{prefix}final_score", filter=studying),
    }


def summary_as_of(*, filters: ReportFilters, now: dt.datetime | None = None) -> dt.datetime | None:
    """The time of the report summary if it may answer for ``filters``, else None (count directly).

    It may when summaries are on (LMS_REPORTS_SUMMARY_MAX_AGE > 0), no period filter is set (the summary is
    not grouped by day), no explicit ``now`` was asked for, and it is at most LMS_REPORTS_SUMMARY_MAX_AGE
    seconds old. One query.
    """
    max_age = settings.LMS_REPORTS_SUMMARY_MAX_AGE
    if not max_age or now is not None or filters.date_from or filters.date_to:
        return None
    refreshed_at = SummaryState.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    if refreshed_at is None or timezone.now() - refreshed_at > dt.timedelta(seconds=max_age):
        return None
    return refreshed_at


def summary_is_stale(as_of: dt.datetime | None) -> bool:
    """Whether the pages should ask the worker for a new summary (older than LMS_REPORTS_SUMMARY_REFRESH)."""
    if not settings.LMS_REPORTS_SUMMARY_MAX_AGE:
        return False
    return as_of is None or timezone.now() - as_of > dt.timedelta(
        seconds=settings.LMS_REPORTS_SUMMARY_REFRESH
    )


SUMMED = ("assigned", "enrolled", "in_progress", "completed", "overdue", "score_sum", "score_n")


def _summary_rows(*, scope: Scope, filters: ReportFilters) -> QuerySet[UnitCourseSummary]:
    """The summary rows of ``scope`` narrowed by the course, track and audience filters."""
    return UnitCourseSummary.objects.filter(scope.unit_q("unit"), _enrollment_q(filters))


def _summed() -> dict:
    return {name: Sum(name) for name in SUMMED}


# --- Figures ----------------------------------------------------------------------------------------


@dataclass
class Counts:
    """The figures of one row of a report; rows add up, so totals roll up the unit tree."""

    learners: int = 0
    assigned: int = 0
    enrolled: int = 0
    in_progress: int = 0
    completed: int = 0
    overdue: int = 0
    score_sum: Decimal = Decimal(0)
    score_n: int = 0

    FIELDS = (
        "learners",
        "assigned",
        "enrolled",
        "in_progress",
        "completed",
        "overdue",
        "score_sum",
        "score_n",
    )

    @classmethod
    def from_row(cls, row: dict) -> Counts:
        values = {name: row.get(name) or 0 for name in cls.FIELDS}
        values["score_sum"] = Decimal(values["score_sum"] or 0)
        return cls(**values)

    def add(self, other: Counts) -> None:
        # Spelled out rather than a loop over FIELDS: the unit tree adds thousands of rows per page.
        self.learners += other.learners
        self.assigned += other.assigned
        self.enrolled += other.enrolled
        self.in_progress += other.in_progress
        self.completed += other.completed
        self.overdue += other.overdue
        self.score_sum += other.score_sum
        self.score_n += other.score_n

    @property
    def rate(self) -> float | None:
        """Completed / enrolled, in percent with one decimal; None when nobody is enrolled."""
        return round(100 * self.completed / self.enrolled, 1) if self.enrolled else None

    @property
    def average_score(self) -> float | None:
        return round(float(self.score_sum) / self.score_n, 1) if self.score_n else None


@dataclass
class UnitRow:
    unit: OrganisationUnit
    level: int  # depth below the top of the report (0 for the subtrees' roots)
    parent_id: int | None
    own: Counts
    total: Counts
    has_children: bool = False


@dataclass
class UnitReport:
    scope: Scope
    rows: list[UnitRow]
    total: Counts
    # The report summary's time when the figures come from it; None when counted directly just now.
    as_of: dt.datetime | None = None

    def top_rows(self) -> list[UnitRow]:
        """The first level with more than one unit: the scope roots, or the children of a single root."""
        level = [row for row in self.rows if row.parent_id is None]
        while len(level) == 1 and level[0].has_children:
            parent = level[0].unit.pk
            level = [row for row in self.rows if row.parent_id == parent]
        return level


def completion_by_unit(
    *, user: User, filters: ReportFilters, now: dt.datetime | None = None, scope: Scope | None = None
) -> UnitReport:
    """Completion by organisation unit, each unit's figures rolled up over its whole subtree.

    Raises OutOfScope for a ``unit`` filter outside the reader's scope. Pass ``scope`` (from
    ``report_scope``) to share it between reports. Four queries whatever the size (two with ``scope``).
    """
    return _by_unit(user=user, filters=filters, now=now, scope=scope, with_tracks=False)[0]


def completion_by_unit_and_track(
    *, user: User, filters: ReportFilters, now: dt.datetime | None = None, scope: Scope | None = None
) -> tuple[UnitReport, list[GroupRow]]:
    """The unit tree and the per-track figures from one pass over the enrollments (the dashboard needs both).

    Counting directly, the enrollments are grouped by (unit, track): at most units x 6 rows reach Python.
    From the summary, whose rows are few, the database sums by unit and by track in two queries instead,
    which leaves Python a sixth of the rows to add.
    """
    return _by_unit(user=user, filters=filters, now=now, scope=scope, with_tracks=True)


def _by_unit(
    *, user: User, filters: ReportFilters, now: dt.datetime | None, scope: Scope | None, with_tracks: bool
) -> tuple[UnitReport, list[GroupRow]]:
    """The two reports above; without ``with_tracks`` the rows are grouped by unit alone (a sixth of them)
    and the track list is empty."""
    scope = scope or report_scope(user=user, unit_id=filters.unit_id)
    as_of = summary_as_of(filters=filters, now=now)
    now = now or timezone.now()
    own = {unit.pk: Counts() for unit in scope.units}
    by_track = {value: Counts() for value in Track.values}
    if as_of:
        learners = UnitLearnerSummary.objects.filter(scope.unit_q("unit")).values_list("unit_id", "learners")
        grouped = (
            _summary_rows(scope=scope, filters=filters).values("unit_id").annotate(**_summed()).order_by()
        )
        if with_tracks:
            per_track = (
                _summary_rows(scope=scope, filters=filters)
                .values(track=F("course__track"))
                .annotate(**_summed())
                .order_by()
            )
            for row in per_track:
                by_track.setdefault(row["track"], Counts()).add(Counts.from_row(row))
    else:
        group_by = {"track": F("course__track")} if with_tracks else {}
        learners = (
            scoped_profiles(scope=scope).values_list("organisation_unit").annotate(n=Count("pk")).order_by()
        )
        grouped = (
            scoped_enrollments(scope=scope, filters=filters)
            .values("unit_id", **group_by)
            .annotate(**_aggregates(now=now))
            .order_by()
        )
    for unit_id, n in learners:
        if unit_id in own:
            own[unit_id].learners = n
    for row in grouped:
        counts = Counts.from_row(row)
        if row["unit_id"] in own:
            own[row["unit_id"]].add(counts)
        if "track" in row:
            by_track.setdefault(row["track"], Counts()).add(counts)
    tracks = (
        [GroupRow(key=value, label=label, counts=by_track[value]) for value, label in Track.choices]
        if with_tracks
        else []
    )
    report = _roll_up(scope, own)
    report.as_of = as_of
    return report, tracks


def _roll_up(scope: Scope, own: dict[int, Counts]) -> UnitReport:
    step = OrganisationUnit.steplen
    by_path = {unit.path: unit for unit in scope.units}
    totals = {unit.pk: Counts() for unit in scope.units}
    rows = []
    for unit in scope.units:
        ancestors = [
            by_path[p] for p in (unit.path[:end] for end in range(step, len(unit.path), step)) if p in by_path
        ]
        for holder in (*ancestors, unit):
            totals[holder.pk].add(own[unit.pk])
        parent = by_path.get(unit.path[:-step])
        rows.append(
            UnitRow(
                unit=unit,
                level=len(ancestors),
                parent_id=parent.pk if parent else None,
                own=own[unit.pk],
                total=totals[unit.pk],
            )
        )
    with_children = {row.parent_id for row in rows}
    total = Counts()
    for row in rows:
        row.has_children = row.unit.pk in with_children
        if row.parent_id is None:
            total.add(row.total)
    return UnitReport(scope=scope, rows=rows, total=total)


@dataclass
class GroupRow:
    """A row of a report grouped by something other than units (course, track, month)."""

    key: object
    label: str
    counts: Counts
    extra: dict = field(default_factory=dict)


def completion_by_course(
    *, user: User, filters: ReportFilters, now: dt.datetime | None = None, scope: Scope | None = None
) -> tuple[list[GroupRow], Counts]:
    """Completion per course over the learners in scope (courses with at least one enrollment), and totals."""
    scope = scope or report_scope(user=user, unit_id=filters.unit_id)
    if summary_as_of(filters=filters, now=now):
        rows, aggregates = _summary_rows(scope=scope, filters=filters), _summed()
    else:
        rows = scoped_enrollments(scope=scope, filters=filters)
        aggregates = _aggregates(now=now or timezone.now())
    grouped = (
        rows.values("course_id", "course__title", "course__track")
        .annotate(**aggregates)
        .order_by("course__title", "course_id")
    )
    rows, total = [], Counts()
    for row in grouped:
        counts = Counts.from_row(row)
        total.add(counts)
        track = row["course__track"]
        rows.append(
            GroupRow(
                key=row["course_id"],
                label=row["course__title"],
                counts=counts,
                extra={"track": track, "track_label": Track(track).label if track in Track.values else track},
            )
        )
    return rows, total


def completion_by_track(
    *, user: User, filters: ReportFilters, now: dt.datetime | None = None, scope: Scope | None = None
) -> list[GroupRow]:
    """Completion per track (all six, in their declared order, zeros included)."""
    scope = scope or report_scope(user=user, unit_id=filters.unit_id)
    if summary_as_of(filters=filters, now=now):
        rows, aggregates = _summary_rows(scope=scope, filters=filters), _summed()
    else:
        rows = scoped_enrollments(scope=scope, filters=filters)
        aggregates = _aggregates(now=now or timezone.now())
    grouped = rows.values("course__track").annotate(**aggregates).order_by()
    by_track = {row["course__track"]: Counts.from_row(row) for row in grouped}
    return [
        GroupRow(key=value, label=label, counts=by_track.get(value, Counts()))
        for value, label in Track.choices
    ]


@dataclass
class MonthRow:
    month: dt.date
    enrolled: int  # enrollments started this month
    completed: int  # enrollments completed this month
    enrolled_to_date: int
    completed_to_date: int

    @property
    def rate(self) -> float | None:
        """Cumulative completion rate at the end of the month."""
        if not self.enrolled_to_date:
            return None
        return round(100 * self.completed_to_date / self.enrolled_to_date, 1)


def completion_by_month(
    *,
    user: User,
    filters: ReportFilters,
    today: dt.date | None = None,
    months: int = 12,
    scope: Scope | None = None,
) -> list[MonthRow]:
    """Month by month: enrollments started and completed, and the cumulative completion rate.

    The window is the filter period (at most MAX_MONTHS months, the latest ones) or the last ``months``
    months; counts before the window feed the cumulative figures. Completions are counted among enrollments
    with an enrollment date, so the rate never exceeds 100%. One grouped query (by start and end month).
    """
    today = today or timezone.localdate()
    end = _month_start(filters.date_to or today)
    start = _month_start(filters.date_from) if filters.date_from else _add_months(end, -(months - 1))
    start = max(start, _add_months(end, -(MAX_MONTHS - 1)))
    scope = scope or report_scope(user=user, unit_id=filters.unit_id)
    started: dict[dt.date, int] = {}
    finished: dict[dt.date, int] = {}
    if not (filters.course_id or filters.audience) and summary_as_of(filters=filters, now=None):
        summary = (
            UnitMonthSummary.objects.filter(
                scope.unit_q("unit"), track=filters.track or UnitMonthSummary.ALL_TRACKS
            )
            .values_list("month")
            .annotate(Sum("started"), Sum("finished"))
            .order_by()
        )
        for month, n, done in summary:
            started[month], finished[month] = n, done
    else:
        grouped = (
            scoped_enrollments(scope=scope, filters=filters)
            .filter(status__in=STUDYING, enrolled_at__isnull=False)
            .values(started_in=TruncMonth("enrolled_at"), finished_in=TruncMonth("completed_at"))
            .annotate(n=Count("pk"), done=Count("pk", filter=Q(status=COMPLETED, completed_at__isnull=False)))
            .order_by()
        )
        for row in grouped:
            month = _as_month(row["started_in"])
            started[month] = started.get(month, 0) + row["n"]
            if row["done"]:
                month = _as_month(row["finished_in"])
                finished[month] = finished.get(month, 0) + row["done"]
    enrolled_before = sum(n for month, n in started.items() if month < start)
    completed_before = sum(n for month, n in finished.items() if month < start)
    rows, month = [], start
    while month <= end:
        enrolled_before += started.get(month, 0)
        completed_before += finished.get(month, 0)
        rows.append(
            MonthRow(
                month=month,
                enrolled=started.get(month, 0),
                completed=finished.get(month, 0),
                enrolled_to_date=enrolled_before,
                completed_to_date=completed_before,
            )
        )
        month = _add_months(month, 1)
    return rows


def _as_month(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return _month_start(value)


def _month_start(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


# --- Learners -----------------------------------------------------------------------------------------


def unit_learners(
    *, scope: Scope, filters: ReportFilters, now: dt.datetime | None = None
) -> QuerySet[Profile]:
    """The learners of ``scope`` (a unit's subtree), each annotated with their figures, by name.

    Names in Vietnamese order (given name, family name, middle names: ``User.name_sort_key``).

    The counts honour the course, track and period filters; one query per page (plus the pager's count).
    """
    now = now or timezone.now()
    prefix = "user__enrollments__"
    return (
        scoped_profiles(scope=scope, filters=filters)
        .select_related("user", "organisation_unit")
        .annotate(**_aggregates(now=now, prefix=prefix, extra=_enrollment_q(filters, prefix)))
        .order_by("user__name_sort_key", "pk")
    )


def with_counts(profiles) -> list[Profile]:
    """Attach ``counts`` (a Counts) to profiles annotated by ``unit_learners``."""
    profiles = list(profiles)
    for profile in profiles:
        profile.counts = Counts(
            assigned=profile.assigned,
            enrolled=profile.enrolled,
            in_progress=profile.in_progress,
            completed=profile.completed,
            overdue=profile.overdue,
            score_sum=Decimal(profile.score_sum or 0),
            score_n=profile.score_n,
        )
    return profiles


def learner_transcript(*, profile: Profile, now: dt.datetime | None = None) -> dict:
    """A learner's courses (status, progress, dates, final score), quiz attempts and certificates.

    ``profile`` must come from ``profiles_visible_to`` (the view checks scope). Three queries.
    """
    enrollments = my_enrollments(user=profile.user, now=now)
    attempts = list(
        QuizAttempt.objects.filter(user=profile.user)
        .select_related("quiz", "quiz__course")
        .order_by("quiz__course__title", "quiz__title", "number")
    )
    certificates = list(Certificate.objects.filter(user=profile.user).order_by("-issued_at"))
    return {"enrollments": enrollments, "attempts": attempts, "certificates": certificates}


# --- Rows for the large exports -----------------------------------------------------------------------

ENROLLMENT_FIELDS = (
    "user__full_name",
    "user__email",
    "user__profile__staff_code",
    "user__profile__position",
    "unit__code",
    "unit__name",
    "course__title",
    "course__track",
    "status",
    "source",
    "enrolled_at",
    "due_at",
    "completed_at",
    "final_score",
    # The learning record, computed by the database (courses.records.with_learning_record).
    "learning_state",
    "percent_done",
    "is_overdue",
)


def enrollments_in_order(
    *, scope: Scope, filters: ReportFilters, now: dt.datetime | None = None
) -> QuerySet[Enrollment]:
    """Every enrollment of the learners in scope, by unit, learner (Vietnamese order), course: the export's order.

    Each carries its learning record as of ``now`` (state, percent done, overdue), computed in SQL.
    """
    enrollments = scoped_enrollments(scope=scope, filters=filters).order_by(
        "unit__path", "user__name_sort_key", "user_id", "course__title", "pk"
    )
    return records.with_learning_record(enrollments, now=now or timezone.now())


def enrollment_rows(*, scope: Scope, filters: ReportFilters, now: dt.datetime | None = None) -> QuerySet:
    """``enrollments_in_order`` as tuples of ENROLLMENT_FIELDS."""
    return enrollments_in_order(scope=scope, filters=filters, now=now).values_list(*ENROLLMENT_FIELDS)


def learner_enrollment_rows(*, profile: Profile, now: dt.datetime | None = None) -> QuerySet:
    """One learner's enrollments (rejected requests left out), as tuples of ENROLLMENT_FIELDS."""
    enrollments = (
        Enrollment.objects.filter(user=profile.user)
        .exclude(status=Enrollment.Status.REJECTED)
        .order_by("course__title", "pk")
    )
    return records.with_learning_record(enrollments, now=now or timezone.now()).values_list(
        *ENROLLMENT_FIELDS
    )


def iterate(queryset: QuerySet, chunk_size: int = 2000) -> Iterator:
    """Rows in chunks (a server-side cursor on PostgreSQL), so memory stays flat however many there are."""
    return queryset.iterator(chunk_size=chunk_size)
