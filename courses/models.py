"""Enrollment, progress and assignments: the learning record.

Progress is kept as rows (one per enrollment and lesson), never as one JSON blob; the database enforces the
invariants with named constraints. Quizzes and attempts live in ``assessment``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Enrollment(models.Model):
    """One learner in one course. Withdrawing keeps the row (and its progress) for re-enrollment."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        ACTIVE = "active", _("In progress")
        COMPLETED = "completed", _("Completed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", _("Request rejected")

    class Source(models.TextChoices):
        SELF = "self", _("Self-enrolled")
        APPROVED = "approved", _("Approved request")
        ASSIGNED = "assigned", _("Assigned")

    # Statuses that give access to the course (the learner is "enrolled" in the HR figures); courses.records
    # reads the same tuple.
    STUDYING = (Status.ACTIVE, Status.COMPLETED)

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="enrollments")
    course = models.ForeignKey("cms.CoursePage", on_delete=models.CASCADE, related_name="enrollments")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.SELF)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    enrolled_at = models.DateTimeField(_("enrolled at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due date"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_note = models.TextField(_("decision note"), blank=True)
    last_lesson = models.ForeignKey(
        "cms.LessonPage", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    final_score = models.DecimalField(
        _("final score (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    # The learner's organisation unit (officials only), copied from the profile and kept in step with it
    # by services.enrollment_units_sync: the HR reports group a million enrollments by unit without joining
    # users and profiles.
    unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        verbose_name=_("learner's organisation unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )

    class Meta:
        # The record ("lượt đăng ký học"), not the course's enrollment mode, which shares the English word.
        verbose_name = pgettext_lazy("record", "enrollment")
        verbose_name_plural = pgettext_lazy("record", "enrollments")
        constraints = [
            models.UniqueConstraint(fields=["user", "course"], name="uniq_enrollment_user_course"),
            models.CheckConstraint(
                condition=~Q(status="completed") | Q(completed_at__isnull=False),
                name="enrollment_completed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="enrollment_course_status"),
            models.Index(fields=["unit", "course"], name="enrollment_unit_course"),
        ]

    def __str__(self):
        return f"{self.user} — {self.course}"

    @property
    def is_studying(self) -> bool:
        return self.status in self.STUDYING


class LessonProgress(models.Model):
    enrollment = models.ForeignKey(Enrollment, on_delete=models.CASCADE, related_name="lesson_progress")
    lesson = models.ForeignKey("cms.LessonPage", on_delete=models.CASCADE, related_name="+")
    completed_at = models.DateTimeField(_("completed at"))

    class Meta:
        verbose_name = _("lesson progress")
        verbose_name_plural = _("lesson progress")
        constraints = [
            models.UniqueConstraint(fields=["enrollment", "lesson"], name="uniq_progress_enrollment_lesson")
        ]

    def __str__(self):
        return f"{self.enrollment} — {self.lesson_id}"


class Assignment(models.Model):
    """A course given to people with a due date ("giao khóa học"): a unit (optionally its sub-units, and
    officials who join them later until the due date) or a chosen list of learners."""

    course = models.ForeignKey(
        "cms.CoursePage", verbose_name=_("course"), on_delete=models.CASCADE, related_name="+"
    )
    unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        verbose_name=_("organisation unit"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="assignments",
    )
    include_descendants = models.BooleanField(_("include sub-units"), default=True)
    learners = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("learners"), blank=True, related_name="+"
    )
    due_at = models.DateTimeField(_("due date"))
    note = models.CharField(_("note"), max_length=500, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="assignments_made"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("course assignment")
        verbose_name_plural = _("course assignments")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.course} → {self.unit or _('chosen learners')}"
