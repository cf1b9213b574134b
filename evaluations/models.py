"""Evaluation forms, where they apply, and the anonymous answers (#17, ADR 0031).

Anonymity is built into the tables: ``EvaluationResponse`` and ``EvaluationAnswer`` carry no link to a person,
a random UUID key (no insertion order to match against other tables) and only the month of submission.
``EvaluationInvitation`` is the separate record that says a person was asked and has answered, nothing more.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

SCALE_MIN, SCALE_MAX = 1, 10


class EvaluationForm(ClusterableModel):
    """A questionnaire (phiếu đánh giá): sections of items. Authored by HR and trainers as a snippet."""

    class Kind(models.TextChoices):
        COURSE = "course", _("Course and organisation")
        LECTURER = "lecturer", pgettext_lazy("evaluation form", "Lecturer")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.COURSE)
    introduction = models.TextField(_("introduction"), blank=True)
    is_default = models.BooleanField(
        _("default form"), default=False, help_text=_("Used where a course or class names no form.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation form")
        verbose_name_plural = _("evaluation forms")
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind"], condition=Q(is_default=True), name="uniq_default_evaluation_form_per_kind"
            )
        ]

    def __str__(self):
        return self.title


class EvaluationSection(ClusterableModel, Orderable):
    form = ParentalKey(EvaluationForm, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField(_("title"), max_length=255)

    class Meta(Orderable.Meta):
        verbose_name = _("section")
        verbose_name_plural = _("sections")

    def __str__(self):
        return self.title


class EvaluationItem(Orderable):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale from 1 to 10")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    section = ParentalKey(EvaluationSection, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.SCALE)
    text = models.CharField(_("question"), max_length=500)
    options = models.TextField(_("options"), blank=True, help_text=_("Choice items: one option per line."))

    class Meta(Orderable.Meta):
        verbose_name = _("item")
        verbose_name_plural = _("items")

    def __str__(self):
        return self.text

    @property
    def option_list(self) -> list[str]:
        return [line.strip() for line in self.options.splitlines() if line.strip()]

    @property
    def counts_for_validity(self) -> bool:
        """Free text is always optional; every other item counts in the blank-item rule."""
        return self.kind != self.Kind.TEXT

    def clean(self):
        if self.kind in (self.Kind.SINGLE, self.Kind.MULTIPLE) and len(self.option_list) < 2:
            raise ValidationError({"options": _("A choice item needs at least two options, one per line.")})


class CourseEvaluationSetting(models.Model):
    """The evaluation of a course for learners who complete it outside a class, and whether the certificate
    waits for it (also for learners of the course's classes)."""

    course = models.OneToOneField(
        "cms.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="evaluation_setting",
    )
    form = models.ForeignKey(
        EvaluationForm,
        verbose_name=_("course form"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": EvaluationForm.Kind.COURSE},
    )
    required_for_certificate = models.BooleanField(
        _("required before the certificate"),
        default=False,
        help_text=_("The certificate is issued once the learner has answered (or the form has closed)."),
    )
    open_days = models.PositiveSmallIntegerField(
        _("open for (days)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("course evaluation")
        verbose_name_plural = _("course evaluations")

    def __str__(self):
        return str(self.course)

    def clean(self):
        if self.form_id and self.form.kind != EvaluationForm.Kind.COURSE:
            raise ValidationError({"form": _("Choose a course form.")})


class ClassEvaluationSetting(models.Model):
    """The evaluation of a class (its course form) and of each of its trainers (the lecturer form), opened
    when the class ends."""

    training_class = models.OneToOneField(
        "classes.TrainingClass",
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        related_name="evaluation_setting",
    )
    form = models.ForeignKey(
        EvaluationForm,
        verbose_name=_("course form"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": EvaluationForm.Kind.COURSE},
    )
    lecturer_form = models.ForeignKey(
        EvaluationForm,
        verbose_name=_("lecturer form"),
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        limit_choices_to={"kind": EvaluationForm.Kind.LECTURER},
        help_text=_("Answered once for each trainer of the class."),
    )
    open_days = models.PositiveSmallIntegerField(
        _("open for (days)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("class evaluation")
        verbose_name_plural = _("class evaluations")

    def __str__(self):
        return str(self.training_class)

    def clean(self):
        errors = {}
        if self.form_id and self.form.kind != EvaluationForm.Kind.COURSE:
            errors["form"] = _("Choose a course form.")
        if self.lecturer_form_id and self.lecturer_form.kind != EvaluationForm.Kind.LECTURER:
            errors["lecturer_form"] = _("Choose a lecturer form.")
        if errors:
            raise ValidationError(errors)


class Evaluation(models.Model):
    """What is evaluated with which form: a course (self-paced learners), a class, or one trainer of a class.
    Results are computed per row."""

    class Target(models.TextChoices):
        COURSE = "course", _("Course")
        CLASS = "class", pgettext_lazy("evaluation target", "Class")
        LECTURER = "lecturer", pgettext_lazy("evaluation target", "Lecturer")

    target = models.CharField(_("evaluates"), max_length=16, choices=Target.choices)
    form = models.ForeignKey(
        EvaluationForm, verbose_name=_("form"), on_delete=models.PROTECT, related_name="+"
    )
    course = models.ForeignKey(
        "cms.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    training_class = models.ForeignKey(
        "classes.TrainingClass",
        verbose_name=_("class"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evaluations",
    )
    lecturer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("evaluation target", "Lecturer"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    created_on = models.DateField(_("created on"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            models.UniqueConstraint(
                fields=["course", "form"],
                condition=Q(target="course"),
                name="uniq_course_evaluation",
            ),
            models.UniqueConstraint(
                fields=["training_class", "form"], condition=Q(target="class"), name="uniq_class_evaluation"
            ),
            models.UniqueConstraint(
                fields=["training_class", "lecturer", "form"],
                condition=Q(target="lecturer"),
                name="uniq_lecturer_evaluation",
            ),
        ]

    def __str__(self):
        return f"{self.get_target_display()}: {self.course_id}/{self.training_class_id}/{self.lecturer_id}"


class EvaluationInvitation(models.Model):
    """One person asked to answer one evaluation, and whether they have: the only row that names them.

    Created when the form opens (not when it is answered), so neither its key nor any time on it tells
    when the person answered. ``answered`` flips once, by a conditional update under the unique constraint.
    """

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="invitations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evaluation_invitations"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    answered = models.BooleanField(_("answered"), default=False)
    reminded = models.BooleanField(_("reminder sent"), default=False)

    class Meta:
        verbose_name = _("evaluation invitation")
        verbose_name_plural = _("evaluation invitations")
        constraints = [
            models.UniqueConstraint(fields=["evaluation", "user"], name="uniq_evaluation_invitation_user"),
        ]

    def __str__(self):
        return f"{self.evaluation_id}:{self.user_id}"


class EvaluationResponse(models.Model):
    """One submitted form, with no link to its author. ``period`` is the first day of the month it was
    submitted in: precise enough for trends and yearly coverage, too coarse to match against a log."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="responses")
    period = models.DateField(_("month"))
    is_valid = models.BooleanField(_("valid"))
    blank_items = models.PositiveSmallIntegerField(_("blank items"))
    counted_items = models.PositiveSmallIntegerField(_("items counted"))

    class Meta:
        verbose_name = _("evaluation response")
        verbose_name_plural = _("evaluation responses")

    def __str__(self):
        return f"{self.evaluation_id}:{self.period:%m/%Y}"


class EvaluationAnswer(models.Model):
    """One answer to one item: a score, one chosen option (a multiple-choice item has one row per option
    chosen) or a text. Blank items have no row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(EvaluationResponse, on_delete=models.CASCADE, related_name="answers")
    # PROTECT: an item with answers cannot be deleted, by the editor (which refuses it first) or by anything
    # else; the database's foreign key (no cascade) refuses it as well.
    item = models.ForeignKey(EvaluationItem, on_delete=models.PROTECT, related_name="answers")
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    option = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("evaluation answer")
        verbose_name_plural = _("evaluation answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=SCALE_MIN, score__lte=SCALE_MAX),
                name="evaluation_answer_score_in_scale",
            ),
        ]

    def __str__(self):
        return f"{self.item_id}:{self.score or self.option or ''}"
