"""Reads about evaluations: what a learner is asked to answer, whether a certificate waits, who sees which
results, and the results themselves (aggregated in the database, scored by ``scoring``)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Avg, Count, Exists, OuterRef, Q, QuerySet
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext

from accounts.models import User
from accounts.scoping import readable_by_user_filter
from accounts.selectors import user_roles
from classes.models import TrainingClass
from cms.models import CoursePage
from courses.models import Enrollment

from . import scoring
from .models import (
    CourseEvaluationSetting,
    Evaluation,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationItem,
    EvaluationResponse,
    EvaluationSection,
)

LIST_LIMIT = 200


# --- Learners --------------------------------------------------------------------------------------------


def invitations_of(*, user: User) -> QuerySet[EvaluationInvitation]:
    """The user's invitations, newest first, with what they evaluate (one query)."""
    return (
        EvaluationInvitation.objects.filter(user=user)
        .select_related(
            "evaluation__course", "evaluation__training_class", "evaluation__lecturer", "evaluation__form"
        )
        .order_by("answered", "-opens_on", "pk")
    )


def invitation_is_open(*, invitation: EvaluationInvitation, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return not invitation.answered and invitation.opens_on <= today <= invitation.closes_on


def open_evaluations_count(*, user: User, today: datetime.date | None = None) -> int:
    """How many forms wait for ``user``'s answers today (one query; none for anonymous visitors)."""
    if not user.is_authenticated:
        return 0
    today = today or timezone.localdate()
    return EvaluationInvitation.objects.filter(
        user=user, answered=False, opens_on__lte=today, closes_on__gte=today
    ).count()


def form_sections(*, form_id: int) -> list[EvaluationSection]:
    """The form's sections with their items, in order (two queries)."""
    return list(
        EvaluationSection.objects.filter(form_id=form_id)
        .order_by("sort_order", "pk")
        .prefetch_related("items")
    )


def form_has_answers(*, form_id: int) -> bool:
    """Whether any submitted form (valid or not, blank or not) answered this form: its structure is then
    locked (``admin_forms.EvaluationFormAdminForm``). One query."""
    return EvaluationResponse.objects.filter(evaluation__form_id=form_id).exists()


def certificate_waits_for_evaluation(*, enrollment: Enrollment, today: datetime.date | None = None) -> bool:
    """Whether a completed enrollment's certificate must wait for the learner's evaluation.

    Only when the course requires it. It waits while the learner has no course or class evaluation of the
    course yet (it opens at completion or at the class's end), or has one open and unanswered. It stops
    waiting once one is answered, or once every one has closed unanswered (a certificate is never withheld
    for ever). Two queries at most; none without a requirement when the caller read the enrollment with
    ``select_related("course__evaluation_setting")``.
    """
    today = today or timezone.localdate()
    course = enrollment._state.fields_cache.get("course")
    if course is not None and "evaluation_setting" in course._state.fields_cache:
        # Read with the enrollment (select_related("course__evaluation_setting")): no query of its own.
        setting = course._state.fields_cache["evaluation_setting"]
        if setting is None or not setting.required_for_certificate:
            return False
    elif not CourseEvaluationSetting.objects.filter(
        course_id=enrollment.course_id, required_for_certificate=True
    ).exists():
        return False
    invitations = list(
        EvaluationInvitation.objects.filter(
            user_id=enrollment.user_id,
            evaluation__course_id=enrollment.course_id,
            evaluation__target__in=(Evaluation.Target.COURSE, Evaluation.Target.CLASS),
        ).values_list("answered", "closes_on")
    )
    if not invitations:
        return True
    if any(answered for answered, _closes in invitations):
        return False
    return any(closes_on >= today for _answered, closes_on in invitations)


# --- Who sees which results ------------------------------------------------------------------------------


def user_may_read_evaluations(*, user: User) -> bool:
    """HR managers, administrators and trainers (the trainers see only their own results)."""
    roles = user_roles(user=user)
    return roles.is_hr or (bool(roles.groups) and evaluations_visible_to(user=user).exists())


def evaluations_visible_to(*, user: User) -> QuerySet[Evaluation]:
    """Administrators: every evaluation. HR managers: those that someone of their units was invited to (the
    answers themselves cannot be split by unit: they carry no person). Trainers: their own lecturer
    evaluations and the evaluations of classes they teach. Anyone else: none."""
    if not user.is_authenticated:
        return Evaluation.objects.none()
    if user.is_superuser:
        return Evaluation.objects.all()
    condition = Q(lecturer=user) | Q(training_class__trainers=user)
    if user_roles(user=user).is_hr:
        invited = EvaluationInvitation.objects.filter(
            readable_by_user_filter(user=user, unit_field="user__profile__organisation_unit"),
            evaluation=OuterRef("pk"),
        )
        condition |= Q(Exists(invited))
    return Evaluation.objects.filter(pk__in=Evaluation.objects.filter(condition).values("pk"))


# --- Results ---------------------------------------------------------------------------------------------


@dataclass
class ItemResult:
    item: EvaluationItem
    answered: int = 0
    mean: float | None = None
    band: scoring.Band | None = None
    options: list[tuple[str, int]] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


@dataclass
class SectionResult:
    section: EvaluationSection
    items: list[ItemResult]
    mean: float | None = None
    band: scoring.Band | None = None


@dataclass
class Results:
    evaluation: Evaluation
    responses: int
    valid: int
    invalid: int
    invited: int
    shown: bool
    sections: list[SectionResult]
    mean: float | None = None
    band: scoring.Band | None = None

    @property
    def minimum(self) -> int:
        return settings.LMS_EVALUATION_MIN_ANSWERS


def _counts(evaluation_ids) -> dict[int, dict[str, int]]:
    rows = (
        EvaluationResponse.objects.filter(evaluation_id__in=evaluation_ids)
        .values("evaluation_id")
        .annotate(total=Count("pk"), valid=Count("pk", filter=Q(is_valid=True)))
    )
    return {row["evaluation_id"]: row for row in rows}


def evaluation_results(*, evaluation: Evaluation) -> Results:
    """Counts for any evaluation; means, bands, option counts and comments only from
    ``LMS_EVALUATION_MIN_ANSWERS`` valid answers on. Comments come sorted by text (never in the order they
    were given) and without names. Six queries."""
    counts = _counts([evaluation.pk]).get(evaluation.pk, {"total": 0, "valid": 0})
    invited = EvaluationInvitation.objects.filter(evaluation=evaluation).count()
    sections = form_sections(form_id=evaluation.form_id)
    shown = scoring.enough(counts["valid"])
    results = Results(
        evaluation=evaluation,
        responses=counts["total"],
        valid=counts["valid"],
        invalid=counts["total"] - counts["valid"],
        invited=invited,
        shown=shown,
        sections=[
            SectionResult(section=section, items=[ItemResult(item=item) for item in section.items.all()])
            for section in sections
        ],
    )
    if not shown:
        return results
    answers = EvaluationAnswer.objects.filter(response__evaluation=evaluation, response__is_valid=True)
    scores = {
        row["item_id"]: row
        for row in answers.filter(score__isnull=False)
        .values("item_id")
        .annotate(mean=Avg("score"), n=Count("pk"))
    }
    options = defaultdict(dict)
    for row in answers.filter(option__isnull=False).values("item_id", "option").annotate(n=Count("pk")):
        options[row["item_id"]][row["option"]] = row["n"]
    texts = defaultdict(list)
    for item_id, text in answers.exclude(text="").order_by("item_id", "text").values_list("item_id", "text"):
        texts[item_id].append(text)
    chosen = dict(
        answers.filter(option__isnull=False)
        .values("item_id")
        .annotate(n=Count("response_id", distinct=True))
        .values_list("item_id", "n")
    )
    all_means = []
    for section in results.sections:
        for result in section.items:
            item = result.item
            if item.kind == EvaluationItem.Kind.SCALE:
                row = scores.get(item.pk)
                result.answered = row["n"] if row else 0
                result.mean = float(row["mean"]) if row else None
                result.band = scoring.band_of(result.mean)
                if result.mean is not None:
                    all_means.append(result.mean)
            elif item.kind == EvaluationItem.Kind.TEXT:
                result.texts = texts.get(item.pk, [])
                result.answered = len(result.texts)
            else:
                result.options = [
                    (label, options[item.pk].get(index, 0)) for index, label in enumerate(item.option_list)
                ]
                result.answered = chosen.get(item.pk, 0)
        section.mean = scoring.mean(result.mean for result in section.items)
        section.band = scoring.band_of(section.mean)
    results.mean = scoring.mean(all_means)
    results.band = scoring.band_of(results.mean)
    return results


def _form_means(evaluation_ids, *, by_year: bool = False) -> dict:
    """{evaluation_id (or (evaluation_id, year)): form mean} over valid answers: the mean of item means.
    One query."""
    rows = EvaluationAnswer.objects.filter(
        response__evaluation_id__in=evaluation_ids, response__is_valid=True, score__isnull=False
    )
    keys = ["response__evaluation_id", "item_id"]
    if by_year:
        rows = rows.annotate(year=ExtractYear("response__period"))
        keys.append("year")
    item_means = defaultdict(list)
    for row in rows.values(*keys).annotate(mean=Avg("score")):
        key = (row["response__evaluation_id"], row["year"]) if by_year else row["response__evaluation_id"]
        item_means[key].append(float(row["mean"]))
    return {key: scoring.mean(values) for key, values in item_means.items()}


@dataclass
class EvaluationRow:
    evaluation: Evaluation
    invited: int
    responses: int
    valid: int
    mean: float | None
    band: scoring.Band | None

    @property
    def shown(self) -> bool:
        return scoring.enough(self.valid)


def evaluation_rows(*, user: User, course_id: int | None = None) -> list[EvaluationRow]:
    """The evaluations ``user`` may read (at most LIST_LIMIT, newest classes first), each with its counts and
    (from the minimum of valid answers on) its mean and band. Five queries plus the scope's."""
    evaluations = (
        evaluations_visible_to(user=user)
        .select_related("course", "training_class", "lecturer", "form")
        .annotate(invited=Count("invitations", distinct=True))
    )
    if course_id is not None:
        evaluations = evaluations.filter(course_id=course_id)
    evaluations = list(
        evaluations.order_by(
            "course__title", "-training_class__starts_on", "target", "lecturer__full_name", "pk"
        )[:LIST_LIMIT]
    )
    ids = [evaluation.pk for evaluation in evaluations]
    counts = _counts(ids)
    means = _form_means(ids)
    rows = []
    for evaluation in evaluations:
        count = counts.get(evaluation.pk, {"total": 0, "valid": 0})
        shown = scoring.enough(count["valid"])
        mean = means.get(evaluation.pk) if shown else None
        rows.append(
            EvaluationRow(
                evaluation=evaluation,
                invited=evaluation.invited,
                responses=count["total"],
                valid=count["valid"],
                mean=mean,
                band=scoring.band_of(mean),
            )
        )
    return rows


@dataclass
class TrendPoint:
    label: str
    valid: int
    mean: float | None
    band: scoring.Band | None
    current: bool = False


def evaluation_trend(*, evaluation: Evaluation) -> list[TrendPoint]:
    """The same kind of evaluation across the runs of the course: each class (by start date), and the
    self-paced learners per year. For a lecturer: their evaluations in every class of the course. A run
    below the minimum of valid answers shows its count only. Three queries."""
    related = Evaluation.objects.filter(course_id=evaluation.course_id, form__kind=evaluation.form.kind)
    if evaluation.target == Evaluation.Target.LECTURER:
        related = related.filter(target=Evaluation.Target.LECTURER, lecturer_id=evaluation.lecturer_id)
    else:
        related = related.filter(target__in=(Evaluation.Target.COURSE, Evaluation.Target.CLASS))
    related = list(related.select_related("training_class"))
    ids = [row.pk for row in related]
    counts = defaultdict(int)
    for row in (
        EvaluationResponse.objects.filter(evaluation_id__in=ids, is_valid=True)
        .annotate(year=ExtractYear("period"))
        .values("evaluation_id", "year")
        .annotate(n=Count("pk"))
    ):
        counts[(row["evaluation_id"], row["year"])] += row["n"]
        counts[row["evaluation_id"]] += row["n"]
    means = _form_means(ids)
    year_means = _form_means(ids, by_year=True)
    points = []
    classes = sorted(
        (row for row in related if row.training_class_id),
        key=lambda row: (row.training_class.starts_on, row.pk),
    )
    for row in classes:
        valid = counts[row.pk]
        mean = means.get(row.pk) if scoring.enough(valid) else None
        label = f"{row.training_class.code} ({row.training_class.starts_on:%d/%m/%Y})"
        points.append(TrendPoint(label, valid, mean, scoring.band_of(mean), current=row.pk == evaluation.pk))
    for row in (row for row in related if not row.training_class_id):
        years = sorted({key[1] for key in counts if isinstance(key, tuple) and key[0] == row.pk})
        for year in years:
            valid = counts[(row.pk, year)]
            mean = year_means.get((row.pk, year)) if scoring.enough(valid) else None
            label = gettext("Self-paced, %(year)s") % {"year": year}
            points.append(
                TrendPoint(label, valid, mean, scoring.band_of(mean), current=row.pk == evaluation.pk)
            )
    return points


@dataclass
class Coverage:
    year: int
    courses: int
    courses_evaluated: int
    classes: int
    classes_evaluated: int
    target: float

    @staticmethod
    def _share(part: int, whole: int) -> float | None:
        return part / whole if whole else None

    @property
    def course_share(self) -> float | None:
        return self._share(self.courses_evaluated, self.courses)

    @property
    def class_share(self) -> float | None:
        return self._share(self.classes_evaluated, self.classes)

    @property
    def course_target_met(self) -> bool:
        return (self.course_share or 0) >= self.target

    @property
    def class_target_met(self) -> bool:
        return (self.class_share or 0) >= self.target


def evaluation_coverage(*, year: int) -> Coverage:
    """The share of courses and of classes evaluated in ``year`` against ``LMS_EVALUATION_COVERAGE_TARGET``.

    Courses: the live courses; one counts as evaluated when an evaluation of it (of the course or of any of
    its classes, by course form) gathered the minimum of valid answers in the year. Classes: those that ended
    in the year and were not cancelled; one counts when its class evaluation has the minimum of valid answers.
    Province-wide figures (no person in them). Four queries.
    """
    minimum = settings.LMS_EVALUATION_MIN_ANSWERS
    per_evaluation = (
        EvaluationResponse.objects.filter(is_valid=True, period__year=year, evaluation__form__kind="course")
        .values(
            "evaluation_id", "evaluation__course_id", "evaluation__training_class_id", "evaluation__target"
        )
        .annotate(n=Count("pk"))
    )
    evaluated_courses, evaluated_classes = set(), set()
    course_totals = defaultdict(int)
    for row in per_evaluation:
        course_totals[row["evaluation__course_id"]] += row["n"]
        if row["evaluation__target"] == Evaluation.Target.CLASS and row["n"] >= minimum:
            evaluated_classes.add(row["evaluation__training_class_id"])
    evaluated_courses = {course_id for course_id, total in course_totals.items() if total >= minimum}
    course_ids = set(CoursePage.objects.live().values_list("pk", flat=True))
    class_ids = set(
        TrainingClass.objects.filter(ends_on__year=year)
        .exclude(status=TrainingClass.Status.CANCELLED)
        .values_list("pk", flat=True)
    )
    return Coverage(
        year=year,
        courses=len(course_ids),
        courses_evaluated=len(evaluated_courses & course_ids),
        classes=len(class_ids),
        classes_evaluated=len(evaluated_classes & class_ids),
        target=settings.LMS_EVALUATION_COVERAGE_TARGET,
    )
