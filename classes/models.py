"""Classes (lớp bồi dưỡng): one run of a course with dates, sessions, a roster and attendance.

A class sits beside the self-paced course it runs, never instead of it: every member with a seat holds the
course's ``courses.Enrollment``, so online lessons, quizzes and certificates work unchanged
(docs/decisions/0025-classes.md). Sessions store aware datetimes (``starts_at``/``ends_at``); their date and
times are shown in Vietnam's time zone.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

from accounts.models import AudienceFlags


class Venue(models.Model):
    """A room or place where sessions happen; two sessions in one venue at one time are warned about."""

    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=500, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )

    class Meta:
        verbose_name = _("venue")
        verbose_name_plural = _("venues")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "address"], name="uniq_venue_name_address")]

    def __str__(self):
        return self.name


class TrainingClass(AudienceFlags, ClusterableModel):
    """One run of a course for a group of learners (lớp bồi dưỡng), with its sessions inline."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open for registration")
        RUNNING = "running", _("Running")
        FINISHED = "finished", _("Finished")
        CANCELLED = "cancelled", _("Cancelled")

    course = models.ForeignKey(
        "cms.CoursePage", verbose_name=_("course"), on_delete=models.PROTECT, related_name="classes"
    )
    name = models.CharField(_("name"), max_length=255)
    code = models.CharField(_("code"), max_length=32, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    enrollment_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    venues = models.ManyToManyField(Venue, verbose_name=_("venues"), blank=True, related_name="classes")
    trainers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="classes_taught"
    )
    for_officials = models.BooleanField(_("officials and civil servants"), default=True)
    for_citizens = models.BooleanField(_("citizens"), default=False)
    for_businesses = models.BooleanField(_("businesses"), default=False)
    units = models.ManyToManyField(
        "accounts.OrganisationUnit",
        verbose_name=_("organisation units"),
        blank=True,
        related_name="+",
        help_text=_("Officials of these units and their sub-units may register. Leave empty for every unit."),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PLANNED)
    requires_approval = models.BooleanField(_("registration needs approval"), default=False)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=100,
        help_text=_("Share of the sessions a learner must attend to complete the course."),
    )
    excused_counts_as_attended = models.BooleanField(
        _("excused absences count as attended"),
        null=True,
        blank=True,
        help_text=_("Leave empty to follow the platform setting."),
    )
    # The length and content category counted in officials' training records. Left empty: the sum of the
    # sessions' periods, and the course's category (records.selectors reads both the same way).
    periods = models.PositiveSmallIntegerField(
        _("periods"),
        null=True,
        blank=True,
        help_text=_(
            "Length in periods counted in training records. Leave empty for the sum of the sessions."
        ),
    )
    content_category = models.ForeignKey(
        "cms.ContentCategory",
        verbose_name=_("content category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="classes",
        help_text=_("Leave empty for the course's category."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("training class")
        verbose_name_plural = _("training classes")
        ordering = ["-starts_on", "code"]
        # Trainers see the classes they teach; a group with this permission sees and manages every class.
        permissions = [("manage_all_classes", _("Can manage every training class"))]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="class_ends_after_start"),
            models.CheckConstraint(
                condition=Q(min_attendance_percent__lte=100), name="class_attendance_percent_max_100"
            ),
            models.CheckConstraint(
                condition=Q(enrollment_opens_at__isnull=True)
                | Q(enrollment_closes_at__isnull=True)
                | Q(enrollment_closes_at__gt=F("enrollment_opens_at")),
                name="class_registration_window_order",
            ),
        ]
        indexes = [
            models.Index(fields=["course", "status"], name="class_course_status"),
            models.Index(fields=["status", "starts_on"], name="class_status_starts"),
        ]

    def __str__(self):
        return f"{self.code} — {self.name}"

    @property
    def is_over(self) -> bool:
        """Finished or cancelled: nobody joins or leaves it any more."""
        return self.status in (self.Status.FINISHED, self.Status.CANCELLED)

    @property
    def excused_counts(self) -> bool:
        if self.excused_counts_as_attended is None:
            return settings.LMS_CLASS_EXCUSED_COUNTS_AS_ATTENDED
        return self.excused_counts_as_attended

    def clean(self):
        super().clean()
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The class cannot end before it starts.")
        if (
            self.enrollment_opens_at
            and self.enrollment_closes_at
            and self.enrollment_closes_at <= self.enrollment_opens_at
        ):
            errors["enrollment_closes_at"] = _("Registration must close after it opens.")
        if self.min_attendance_percent is not None and self.min_attendance_percent > 100:
            errors["min_attendance_percent"] = _("Enter a percentage from 0 to 100.")
        if not self.audiences:
            errors["for_officials"] = _("Choose at least one audience.")
        if errors:
            raise ValidationError(errors)


def default_periods(*, starts_at, ends_at) -> int:
    """Periods (tiết) in a session of this length: whole periods of LMS_PERIOD_MINUTES, at least one."""
    minutes = (ends_at - starts_at) / timedelta(minutes=1)
    return max(1, int(minutes // settings.LMS_PERIOD_MINUTES))


class ClassSession(models.Model):
    """One meeting of a class (buổi học). ``starts_at``/``ends_at`` are aware datetimes; the date shown is the
    start's date in Vietnam's time zone. A session is held in a venue, online (a meeting link), or both."""

    training_class = ParentalKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="sessions"
    )
    title = models.CharField(_("topic"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue = models.ForeignKey(
        Venue,
        verbose_name=_("venue"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    meeting_url = models.URLField(_("online meeting link"), max_length=500, blank=True)
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="class_sessions_taught",
    )
    periods = models.PositiveSmallIntegerField(
        _("periods"),
        null=True,
        blank=True,
        help_text=_("Teaching periods (tiết). Leave empty to count them from the length of the session."),
    )
    reminder_sent_at = models.DateTimeField(_("reminder sent at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("class session")
        verbose_name_plural = _("class sessions")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="session_ends_after_start"),
        ]
        indexes = [
            models.Index(fields=["training_class", "starts_at"], name="session_class_starts"),
            models.Index(fields=["starts_at"], name="session_starts"),
            models.Index(fields=["venue", "starts_at"], name="session_venue_starts"),
            models.Index(fields=["trainer", "starts_at"], name="session_trainer_starts"),
        ]

    def __str__(self):
        start = timezone.localtime(self.starts_at)
        return f"{self.training_class.code} {start:%d/%m/%Y %H:%M}"

    @property
    def local_date(self):
        return timezone.localtime(self.starts_at).date()

    @property
    def period_count(self) -> int:
        if self.periods:
            return self.periods
        return default_periods(starts_at=self.starts_at, ends_at=self.ends_at)

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The session must end after it starts.")})
        if self.starts_at and self.ends_at and not self.periods:
            self.periods = default_periods(starts_at=self.starts_at, ends_at=self.ends_at)


class ClassMember(models.Model):
    """A learner on a class's roster. Members with a seat (registered) hold the course's enrollment."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("On the waiting list")
        WITHDRAWN = "withdrawn", pgettext_lazy("class member", "Withdrawn")
        REJECTED = "rejected", _("Rejected")

    class Source(models.TextChoices):
        SELF = "self", _("Self-registered")
        NOMINATED = "nominated", _("Nominated by HR")

    training_class = models.ForeignKey(
        TrainingClass, verbose_name=_("class"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="class_memberships",
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.REGISTERED)
    source = models.CharField(_("source"), max_length=16, choices=Source.choices, default=Source.SELF)
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("nominated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decision_note = models.TextField(
        _("reason for the decision"), blank=True, help_text=_("Required to reject a registration.")
    )
    enrollment = models.ForeignKey(
        "courses.Enrollment",
        verbose_name=_("enrollment"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="class_memberships",
    )
    # When the member joined the waiting list: the list is promoted in this order.
    waitlisted_at = models.DateTimeField(_("on the waiting list since"), null=True, blank=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)
    registered_at = models.DateTimeField(_("registered at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("class member")
        verbose_name_plural = _("class members")
        constraints = [
            models.UniqueConstraint(fields=["training_class", "user"], name="uniq_class_member_user"),
            models.CheckConstraint(
                condition=~Q(status="waitlisted") | Q(waitlisted_at__isnull=False),
                name="class_member_waitlist_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["training_class", "status", "waitlisted_at"], name="class_member_status"),
            models.Index(fields=["user", "status"], name="class_member_user_status"),
        ]

    def __str__(self):
        return f"{self.user} — {self.training_class.code}"

    @property
    def has_seat(self) -> bool:
        return self.status == self.Status.REGISTERED


class Attendance(models.Model):
    """One member at one session. Written only by ``classes.services`` (each change leaves an
    ``AttendanceChange``)."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        LATE = "late", _("Late")
        ABSENT = "absent", _("Absent")
        EXCUSED = "excused", _("Excused absence")

    class Method(models.TextChoices):
        QR = "qr", _("QR code")
        CODE = "code", _("Check-in code")
        MANUAL = "manual", _("Marked by the trainer")

    ATTENDED = (Status.PRESENT, Status.LATE)

    session = models.ForeignKey(
        ClassSession, verbose_name=_("session"), on_delete=models.CASCADE, related_name="attendance"
    )
    member = models.ForeignKey(
        ClassMember, verbose_name=_("class member"), on_delete=models.CASCADE, related_name="attendance"
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices, default=Method.MANUAL)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [
            models.UniqueConstraint(fields=["session", "member"], name="uniq_attendance_session_member"),
        ]
        indexes = [models.Index(fields=["member", "status"], name="attendance_member_status")]

    def __str__(self):
        return f"{self.member} @ {self.session}: {self.status}"


class AttendanceChange(models.Model):
    """Audit row: who changed an attendance record, when, from what to what and why."""

    attendance = models.ForeignKey(
        Attendance, verbose_name=_("attendance"), on_delete=models.CASCADE, related_name="changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    from_status = models.CharField(_("from"), max_length=16, choices=Attendance.Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=16, choices=Attendance.Status.choices)
    reason = models.CharField(_("reason"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["-changed_at"]
        indexes = [models.Index(fields=["attendance", "changed_at"], name="attendance_change_when")]

    def __str__(self):
        return f"{self.attendance_id}: {self.from_status or '—'} → {self.to_status}"


class CalendarFeed(models.Model):
    """A learner's private calendar address: the secret token in the URL is the only key (calendar apps
    cannot sign in). Regenerating replaces the token, so the old address stops working; revoking deletes it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("learner"),
        on_delete=models.CASCADE,
        related_name="calendar_feed",
    )
    token = models.CharField(_("token"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self):
        return str(self.user)
