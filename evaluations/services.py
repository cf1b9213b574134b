"""Writes about evaluations: opening forms to learners, recording an anonymous answer, the one reminder.

Every function here is safe to run again: invitations are unique per person and evaluation, and an answer
is recorded by a conditional update of the invitation, so concurrent submits record one answer.
"""

import datetime
import unicodedata
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from classes.models import ClassMember, TrainingClass
from courses.models import Enrollment

from . import scoring
from .models import (
    SCALE_MAX,
    SCALE_MIN,
    ClassEvaluationSetting,
    CourseEvaluationSetting,
    Evaluation,
    EvaluationAnswer,
    EvaluationForm,
    EvaluationInvitation,
    EvaluationItem,
    EvaluationResponse,
)
from .signals import evaluation_answered

MAX_TEXT = 2000


class EvaluationError(Exception):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _evaluation(**lookup) -> Evaluation:
    try:
        with transaction.atomic():
            return Evaluation.objects.get_or_create(**lookup)[0]
    except IntegrityError:  # a concurrent opening created it first
        return Evaluation.objects.get(**lookup)


def course_evaluation_get_or_create(*, course, form: EvaluationForm) -> Evaluation:
    """The evaluation of ``course`` by its self-paced learners with ``form`` (created once)."""
    return _evaluation(target=Evaluation.Target.COURSE, course_id=course.pk, form=form)


def _invite(*, evaluation: Evaluation, users: list[User], today: datetime.date, days: int | None) -> int:
    days = days or settings.LMS_EVALUATION_OPEN_DAYS
    rows = [
        EvaluationInvitation(
            evaluation=evaluation, user=user, opens_on=today, closes_on=today + datetime.timedelta(days=days)
        )
        for user in users
    ]
    before = EvaluationInvitation.objects.filter(evaluation=evaluation).count()
    EvaluationInvitation.objects.bulk_create(rows, ignore_conflicts=True)
    return EvaluationInvitation.objects.filter(evaluation=evaluation).count() - before


def _class_for(enrollment: Enrollment) -> TrainingClass | None:
    member = (
        ClassMember.objects.filter(enrollment=enrollment, training_class__evaluation_setting__isnull=False)
        .exclude(training_class__status=TrainingClass.Status.CANCELLED)
        .select_related("training_class")
        .order_by("-training_class__starts_on")
        .first()
    )
    return member.training_class if member else None


def evaluations_open_for_enrollment(*, enrollment: Enrollment, today: datetime.date | None = None) -> int:
    """Open what a completed enrollment asks the learner to evaluate; returns the invitations created.

    A learner in a class that has an evaluation setting evaluates the class and its trainers when the class
    ends (``class_evaluations_open``; at once when it has already ended). Anyone else evaluates the course, if
    it has an evaluation setting, from the day of completion.
    """
    today = today or timezone.localdate()
    training_class = _class_for(enrollment)
    if training_class is not None:
        if _class_ended(training_class, today):
            return class_evaluations_open(training_class=training_class, today=today, users=[enrollment.user])
        return 0
    setting = CourseEvaluationSetting.objects.filter(course_id=enrollment.course_id).first()
    if setting is None:
        return 0
    evaluation = _evaluation(
        target=Evaluation.Target.COURSE, course_id=enrollment.course_id, form=setting.form
    )
    return _invite(evaluation=evaluation, users=[enrollment.user], today=today, days=setting.open_days)


def _class_ended(training_class: TrainingClass, today: datetime.date) -> bool:
    return training_class.status == TrainingClass.Status.FINISHED or training_class.ends_on < today


def class_evaluations_open(
    *, training_class: TrainingClass, today: datetime.date | None = None, users: list[User] | None = None
) -> int:
    """Open the class's course form and its lecturer form (one per trainer) to every member holding a seat
    (or to ``users``). Does nothing before the class ends or without a setting. Returns invitations created."""
    today = today or timezone.localdate()
    setting = ClassEvaluationSetting.objects.filter(training_class=training_class).first()
    if (
        setting is None
        or training_class.status == TrainingClass.Status.CANCELLED
        or not _class_ended(training_class, today)
    ):
        return 0
    if users is None:
        users = list(
            User.objects.filter(
                class_memberships__training_class=training_class,
                class_memberships__status=ClassMember.Status.REGISTERED,
            )
        )
    targets = [
        _evaluation(
            target=Evaluation.Target.CLASS,
            course_id=training_class.course_id,
            training_class=training_class,
            form=setting.form,
        )
    ]
    if setting.lecturer_form_id:
        for trainer in training_class.trainers.order_by("pk"):
            targets.append(
                _evaluation(
                    target=Evaluation.Target.LECTURER,
                    course_id=training_class.course_id,
                    training_class=training_class,
                    lecturer=trainer,
                    form=setting.lecturer_form,
                )
            )
    return sum(
        _invite(evaluation=evaluation, users=users, today=today, days=setting.open_days)
        for evaluation in targets
    )


def ended_class_evaluations_open(*, today: datetime.date | None = None) -> int:
    """``class_evaluations_open`` for every class with a setting that has ended (daily task)."""
    today = today or timezone.localdate()
    classes = TrainingClass.objects.filter(evaluation_setting__isnull=False).exclude(
        status=TrainingClass.Status.CANCELLED
    )
    opened = 0
    for training_class in classes.filter(ends_on__lt=today) | classes.filter(
        status=TrainingClass.Status.FINISHED
    ):
        opened += class_evaluations_open(training_class=training_class, today=today)
    return opened


@dataclass
class ParsedAnswers:
    rows: list[EvaluationAnswer]
    blank: int
    counted: int


def _parse(*, form: EvaluationForm, data: dict[str, list[str]]) -> ParsedAnswers:
    """Turn posted values (``item-<id>`` keys, lists of strings) into answer rows, or raise EvaluationError.
    Keys naming an item outside the form, scores outside 1-10 and unknown options are refused."""
    items = {
        item.pk: item for item in EvaluationItem.objects.filter(section__form=form).select_related("section")
    }
    for key in data:
        if not key.startswith("item-"):
            continue
        try:
            item_id = int(key.removeprefix("item-"))
        except ValueError:
            raise EvaluationError(
                _("The form was changed or is out of date. Reload it and answer again.")
            ) from None
        if item_id not in items:
            raise EvaluationError(_("The form was changed or is out of date. Reload it and answer again."))
    rows, blank, counted = [], 0, 0
    for item_id, item in items.items():
        values = [value.strip() for value in data.get(f"item-{item_id}", []) if value and value.strip()]
        counted += item.counts_for_validity
        if not values:
            blank += item.counts_for_validity
            continue
        if item.kind == EvaluationItem.Kind.TEXT:
            text = unicodedata.normalize("NFC", " ".join(values))
            if len(text) > MAX_TEXT:
                raise EvaluationError(
                    _("An answer may be at most %(count)s characters long.") % {"count": MAX_TEXT}
                )
            rows.append(EvaluationAnswer(item=item, text=text))
            continue
        if item.kind == EvaluationItem.Kind.SCALE:
            if len(values) != 1 or not values[0].isdigit() or not SCALE_MIN <= int(values[0]) <= SCALE_MAX:
                raise EvaluationError(
                    _("“%(item)s”: choose a score from %(low)s to %(high)s.")
                    % {"item": item.text, "low": SCALE_MIN, "high": SCALE_MAX}
                )
            rows.append(EvaluationAnswer(item=item, score=int(values[0])))
            continue
        options = item.option_list
        chosen = set()
        for value in values:
            if not value.isdigit() or not 0 <= int(value) < len(options):
                raise EvaluationError(_("“%(item)s”: choose one of the options shown.") % {"item": item.text})
            chosen.add(int(value))
        if item.kind == EvaluationItem.Kind.SINGLE and len(chosen) > 1:
            raise EvaluationError(_("“%(item)s”: choose only one option.") % {"item": item.text})
        rows.extend(EvaluationAnswer(item=item, option=option) for option in sorted(chosen))
    if not rows and items:
        # A send with nothing filled in is a slip, not an answer: recording it would use up the person's
        # one answer on an invalid form.
        raise EvaluationError(_("Answer at least one question before sending the form."))
    return ParsedAnswers(rows=rows, blank=blank, counted=counted)


def evaluation_submit(
    *,
    invitation: EvaluationInvitation,
    user: User,
    data: dict[str, list[str]],
    today: datetime.date | None = None,
) -> EvaluationResponse:
    """Record ``user``'s answer to ``invitation`` anonymously, or raise EvaluationError and change nothing.

    Guards: the invitation is the user's, the form is open today, it was not answered before. The answer rows
    carry no user, no invitation and only the month; the invitation only turns ``answered``. The conditional
    update makes two concurrent submits record one answer (the second waits for the first's row lock, then
    finds it answered). After the commit, ``evaluation_answered`` is sent (a waiting certificate follows).
    """
    today = today or timezone.localdate()
    if invitation.user_id != user.pk:
        raise EvaluationError(_("This evaluation form is not yours."))
    if today < invitation.opens_on:
        raise EvaluationError(_("This evaluation form is not open yet."))
    if today > invitation.closes_on:
        raise EvaluationError(
            _("This evaluation form closed on %(day)s; answers are no longer accepted.")
            % {"day": invitation.closes_on.strftime("%d/%m/%Y")}
        )
    evaluation = Evaluation.objects.select_related("form").get(pk=invitation.evaluation_id)
    parsed = _parse(form=evaluation.form, data=data)
    with transaction.atomic():
        claimed = EvaluationInvitation.objects.filter(pk=invitation.pk, answered=False).update(answered=True)
        if not claimed:
            raise EvaluationError(_("You have already answered this evaluation."))
        response = EvaluationResponse.objects.create(
            evaluation=evaluation,
            period=today.replace(day=1),
            is_valid=scoring.is_valid(blank=parsed.blank, counted=parsed.counted),
            blank_items=parsed.blank,
            counted_items=parsed.counted,
        )
        for row in parsed.rows:
            row.response = response
        EvaluationAnswer.objects.bulk_create(parsed.rows)
        transaction.on_commit(
            lambda: evaluation_answered.send(sender=Evaluation, user=user, course_id=evaluation.course_id)
        )
    invitation.answered = True
    return response


def evaluation_reminders_send(*, today: datetime.date | None = None, send) -> int:
    """Remind, once, everyone whose form has been open ``LMS_EVALUATION_REMINDER_AFTER_DAYS`` days and is still
    open and unanswered. ``send(invitation)`` e-mails one person; each invitation is claimed first by a
    conditional update, so two runs never remind the same person twice. Returns the reminders sent."""
    today = today or timezone.localdate()
    due = EvaluationInvitation.objects.filter(
        answered=False,
        reminded=False,
        opens_on__lte=today - datetime.timedelta(days=settings.LMS_EVALUATION_REMINDER_AFTER_DAYS),
        closes_on__gte=today,
    ).values_list("pk", flat=True)
    sent = 0
    for invitation_id in list(due):
        if not EvaluationInvitation.objects.filter(pk=invitation_id, reminded=False).update(reminded=True):
            continue
        invitation = EvaluationInvitation.objects.select_related(
            "user", "evaluation__course", "evaluation__training_class", "evaluation__lecturer"
        ).get(pk=invitation_id)
        sent += bool(send(invitation))
    return sent
