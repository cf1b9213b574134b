"""The question bank, quizzes and attempts.

The tables keep the names they had in ``courses`` (``courses_quiz``...): the models moved in #13 without
moving any data. An attempt belongs to an enrollment of the ``courses`` app, referred to by name only (this
app sits below ``courses`` and never imports it).
"""

import uuid
from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable
from wagtail.search import index

# --- Question bank ------------------------------------------------------------------------------


class QuestionCategory(models.Model):
    """A question-bank category; categories nest (Moodle's ``$course$/A/B``)."""

    name = models.CharField(_("name"), max_length=255)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    info = models.TextField(_("description"), blank=True)
    idnumber = models.CharField(_("ID number"), max_length=100, blank=True)

    class Meta:
        db_table = "courses_questioncategory"
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [
            models.UniqueConstraint(fields=["parent", "name"], name="uniq_category_parent_name"),
            models.UniqueConstraint(
                fields=["name"], condition=Q(parent__isnull=True), name="uniq_category_root_name"
            ),
        ]

    def __str__(self):
        return self.path_label

    @property
    def path_label(self) -> str:
        names, node, seen = [], self, set()
        while node is not None and node.pk not in seen:
            seen.add(node.pk)
            names.append(node.name)
            node = node.parent
        return " / ".join(reversed(names))


class Question(index.Indexed, ClusterableModel):
    """A question in the bank. Choices hold the options (or accepted answers), pairs the matching items."""

    class Type(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TRUE_FALSE = "truefalse", _("True / false")
        SHORT = "short", _("Short answer")
        MATCHING = "matching", _("Matching")

    category = models.ForeignKey(
        QuestionCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="questions"
    )
    type = models.CharField(_("type"), max_length=16, choices=Type.choices)
    name = models.CharField(_("name"), max_length=255)
    text = models.TextField(_("question text"))
    points = models.DecimalField(
        _("points"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    partial_credit = models.BooleanField(
        _("partial credit"),
        default=False,
        help_text=_("Multiple choice: each correct option earns its share; otherwise all or nothing."),
    )
    feedback = models.TextField(_("feedback"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("text"),
        index.FilterField("type"),
    ]

    class Meta:
        db_table = "courses_question"
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["category__name", "name"]

    def __str__(self):
        return self.name


class Choice(Orderable):
    """An option (choice questions) or an accepted answer (short answer) with its credit.

    ``fraction`` is the share of the question's points this option is worth, from -1 to 1 (Moodle's
    grade): 1 for the right answer of a single-choice question, 0.5 each for two right options, negative
    to penalise a wrong option under partial credit.
    """

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="choices")
    text = models.TextField(_("text"))
    fraction = models.DecimalField(
        _("credit"),
        max_digits=6,
        decimal_places=5,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("-1")), MaxValueValidator(Decimal("1"))],
    )
    feedback = models.TextField(_("feedback"), blank=True)

    class Meta(Orderable.Meta):
        db_table = "courses_choice"
        verbose_name = pgettext_lazy("quiz option", "choice")
        verbose_name_plural = pgettext_lazy("quiz option", "choices")

    def __str__(self):
        return self.text

    @property
    def is_correct(self) -> bool:
        return self.fraction > 0


class MatchPair(Orderable):
    """One item and its match; an empty prompt makes the answer a distractor."""

    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="pairs")
    prompt = models.TextField(_("item"), blank=True)
    answer = models.CharField(_("match"), max_length=255)

    class Meta(Orderable.Meta):
        db_table = "courses_matchpair"
        verbose_name = _("matching pair")
        verbose_name_plural = _("matching pairs")

    def __str__(self):
        return f"{self.prompt} → {self.answer}"


# --- Quizzes and attempts ------------------------------------------------------------------------

# Answers that arrive this long after an attempt's deadline still count (network latency, a slow phone).
SUBMIT_GRACE = timedelta(seconds=30)


class Quiz(ClusterableModel):
    """A quiz attached to a course (its final quiz) or to one lesson, drawing from a pool of questions."""

    class ReviewTiming(models.TextChoices):
        """When a learner may see one part of the review of a finished attempt (Moodle's review options)."""

        NEVER = "never", _("Never")
        IMMEDIATELY = "immediately", _("Immediately after the attempt")
        LATER = "later", _("Once the quiz has closed or the attempts are used up")

    title = models.CharField(_("title"), max_length=255)
    course = models.ForeignKey(
        "cms.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="quizzes"
    )
    lesson = models.ForeignKey(
        "cms.LessonPage",
        verbose_name=_("lesson"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leave empty for the course's final quiz."),
    )
    instructions = models.TextField(_("instructions"), blank=True)
    is_final = models.BooleanField(
        _("final quiz"), default=True, help_text=_("Counts for course completion.")
    )
    # Issue #15: the pass mark of a final test is 5 out of 10 unless the course says otherwise.
    pass_mark = models.PositiveSmallIntegerField(
        _("pass mark (%)"),
        default=50,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Default 50 %, that is 5 out of 10."),
    )
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Leave empty for no time limit.")
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("maximum attempts"), null=True, blank=True, help_text=_("Leave empty for unlimited attempts.")
    )
    questions_per_attempt = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        help_text=_("Draw this many questions at random from the pool for each attempt; empty uses all."),
    )
    shuffle_choices = models.BooleanField(_("shuffle options"), default=True)
    closes_at = models.DateTimeField(
        _("closes at"),
        null=True,
        blank=True,
        help_text=_(
            "No attempt can be started after this time, and attempts in progress end at it. "
            "Leave empty to keep the quiz open."
        ),
    )
    # What the review of a finished attempt shows, and when (ADR 0023). The defaults never give the right
    # answers away while the learner may still retake the quiz.
    review_marks = models.CharField(
        _("score and result"),
        max_length=16,
        choices=ReviewTiming.choices,
        default=ReviewTiming.IMMEDIATELY,
        help_text=_("The score, the verdict (passed or not) and the points of each question."),
    )
    review_correctness = models.CharField(
        _("whether each answer is correct"),
        max_length=16,
        choices=ReviewTiming.choices,
        default=ReviewTiming.IMMEDIATELY,
        help_text=_("Marks each of the learner's answers right or wrong, without revealing the right one."),
    )
    review_right_answer = models.CharField(
        _("the right answers"),
        max_length=16,
        choices=ReviewTiming.choices,
        default=ReviewTiming.LATER,
        help_text=_(
            "Shows the right option or accepted answer of every question. Shown immediately, a learner "
            "who may retake the quiz can copy them into the next attempt."
        ),
    )
    review_feedback = models.CharField(
        _("feedback"),
        max_length=16,
        choices=ReviewTiming.choices,
        default=ReviewTiming.LATER,
        help_text=_("The explanations written for each question and for the options the learner chose."),
    )

    class Meta:
        db_table = "courses_quiz"
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")

    def __str__(self):
        return self.title

    def is_closed(self, now=None) -> bool:
        return self.closes_at is not None and (now or timezone.now()) >= self.closes_at


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="pool")
    question = models.ForeignKey(
        Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta(Orderable.Meta):
        db_table = "courses_quizquestion"
        verbose_name = _("quiz question")
        verbose_name_plural = _("quiz questions")
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="uniq_quiz_question")]


class TimeExtension(models.Model):
    """Extra minutes a staff member grants one learner on one quiz (accessibility)."""

    quiz = models.ForeignKey(
        Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="extensions"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="+"
    )
    extra_minutes = models.PositiveSmallIntegerField(_("extra minutes"), validators=[MinValueValidator(1)])
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("granted by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=255, blank=True)
    granted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "courses_timeextension"
        verbose_name = _("time extension")
        verbose_name_plural = _("time extensions")
        constraints = [models.UniqueConstraint(fields=["quiz", "user"], name="uniq_extension_quiz_user")]

    def __str__(self):
        return f"{self.user} +{self.extra_minutes}′"


class QuizAttempt(models.Model):
    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        SUBMITTED = "submitted", _("Submitted")
        TIMED_OUT = "timed_out", _("Closed at the time limit")

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts")
    enrollment = models.ForeignKey(
        "courses.Enrollment", on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.IN_PROGRESS)
    started_at = models.DateTimeField(_("started at"))
    deadline_at = models.DateTimeField(_("deadline"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=8, decimal_places=2, null=True, blank=True)
    max_score = models.DecimalField(_("maximum score"), max_digits=8, decimal_places=2, default=Decimal("0"))
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    passed = models.BooleanField(_("passed"), null=True)
    # The quiz's pass mark when the attempt started: a trainer changing the quiz later does not move the
    # goalposts of attempts already under way (the questions drawn are fixed in AttemptQuestion).
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), null=True, blank=True)

    class Meta:
        db_table = "courses_quizattempt"
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["quiz", "user", "number"]
        constraints = [
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="uniq_attempt_user_quiz_number"),
            models.UniqueConstraint(
                fields=["quiz", "user"],
                condition=Q(status="in_progress"),
                name="uniq_attempt_one_in_progress",
            ),
        ]
        indexes = [models.Index(fields=["status", "deadline_at"], name="attempt_status_deadline")]

    def __str__(self):
        return f"{self.quiz} #{self.number} — {self.user}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.IN_PROGRESS


class QuizChange(models.Model):
    """One field of a quiz changed by someone in the admin, with its value before and after."""

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="changes")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    field = models.CharField(_("setting"), max_length=64)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)

    class Meta:
        db_table = "courses_quizchange"
        verbose_name = _("quiz change")
        verbose_name_plural = _("quiz changes")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.quiz} · {self.field_label}"

    @property
    def field_label(self) -> str:
        if self.field == "pool":
            return str(_("question pool"))
        try:
            return str(Quiz._meta.get_field(self.field).verbose_name)
        except FieldDoesNotExist:  # a field renamed since the change was logged
            return self.field


class AttemptQuestion(models.Model):
    """A question drawn for an attempt, in the order shown, with its options' order and its answer."""

    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="questions")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField()
    # Presentation order of option / matching-answer ids, fixed at the start so a reload shows the same order.
    option_order = models.JSONField(default=list)
    # The learner's answer: chosen option ids, typed text, or {pair id: chosen answer text}.
    selected = models.JSONField(default=list, blank=True)
    text_answer = models.CharField(max_length=500, blank=True)
    matches = models.JSONField(default=dict, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    score = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)

    class Meta:
        db_table = "courses_attemptquestion"
        ordering = ["attempt", "position"]
        constraints = [
            models.UniqueConstraint(fields=["attempt", "position"], name="uniq_attempt_question_position"),
            models.UniqueConstraint(fields=["attempt", "question"], name="uniq_attempt_question"),
        ]

    def __str__(self):
        return f"{self.attempt_id}:{self.position}"

    @property
    def is_blank(self) -> bool:
        """Nothing answered: no option chosen, no text typed, no item matched (the question must be loaded)."""
        if self.question.type == Question.Type.SHORT:
            return not self.text_answer.strip()
        if self.question.type == Question.Type.MATCHING:
            return not any(str(value).strip() for value in (self.matches or {}).values())
        return not self.selected
