"""People: users, their audience-specific profile, organisation units, consent and roles."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.text import get_text_list
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext, pgettext_lazy
from treebeard.mp_tree import MP_Node

from .text import name_sort_key


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who signs in with an email address; ``full_name`` is the one displayed name."""

    username = None
    last_name = None
    email = models.EmailField(_("email address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150)
    # Derived from full_name on every save (accounts.text.name_sort_key): lists of people ORDER BY it so names
    # sort the Vietnamese way in SQL, on every database and in COPY exports (ADR 0026).
    name_sort_key = models.CharField(max_length=600, blank=True, editable=False, db_index=True)
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # Set by services.account_erase: the account was erased on request and only a pseudonym remains.
    erased_at = models.DateTimeField(_("erased at"), null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]
    objects = UserManager()

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="uniq_user_email_ci")]

    def __str__(self):
        return self.full_name or self.email

    def save(self, *args, **kwargs):
        self.name_sort_key = name_sort_key(self.full_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "full_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "name_sort_key"}
        super().save(*args, **kwargs)

    def get_full_name(self):
        return self.full_name

    @property
    def first_name(self) -> str:
        """Read-only stand-in for the removed field: Wagtail's sidebar greets ``user.first_name`` (else the
        email, which wrapped mid-word there). The whole name, never split."""
        return self.full_name

    def get_short_name(self):
        return self.full_name.rsplit(" ", 1)[-1] if self.full_name else self.email


class OrganisationUnit(MP_Node):
    """A body in the provincial tree: province -> departments, communes/wards -> offices, any depth.

    Units are renamed in place and moved with treebeard, so subtree queries stay a path prefix.
    """

    class Kind(models.TextChoices):
        PROVINCE = "province", _("Province")
        DEPARTMENT = "department", _("Department")
        COMMUNE = "commune", _("Commune / ward")
        OFFICE = "office", _("Office")
        OTHER = "other", pgettext_lazy("organisation unit kind", "Other")

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.OFFICE)
    is_active = models.BooleanField(_("active"), default=True)

    node_order_by = ["name"]

    class Meta:
        verbose_name = _("organisation unit")
        verbose_name_plural = _("organisation units")

    def __str__(self):
        return self.name

    @property
    def indented_name(self):
        return f"{'— ' * (self.depth - 1)}{self.name}"


class Audience(models.TextChoices):
    OFFICIAL = "official", _("Officials and civil servants")
    CITIZEN = "citizen", _("Citizens")
    BUSINESS = "business", _("Businesses")


# The audiences inside a sentence ("for citizens and businesses"), the words of the course page's audience fields,
# and the accounts of each ("official accounts cannot enroll").
AUDIENCE_IN_PROSE = {
    Audience.OFFICIAL: _("officials and civil servants"),
    Audience.CITIZEN: _("citizens"),
    Audience.BUSINESS: _("businesses"),
}
AUDIENCE_ACCOUNTS = {
    Audience.OFFICIAL: _("official accounts"),
    Audience.CITIZEN: _("citizen accounts"),
    Audience.BUSINESS: _("business accounts"),
}


class AudienceFlags:
    """Who a course or a class is for, read from its three boolean fields ``for_officials``,
    ``for_citizens`` and ``for_businesses``."""

    @property
    def audiences(self) -> list[str]:
        flags = (
            (Audience.OFFICIAL, self.for_officials),
            (Audience.CITIZEN, self.for_citizens),
            (Audience.BUSINESS, self.for_businesses),
        )
        return [audience for audience, enabled in flags if enabled]

    def audience_labels(self) -> list[str]:
        return [Audience(a).label for a in self.audiences]

    def audience_text(self) -> str:
        """Who may enroll, as a phrase for a sentence: "người dân và doanh nghiệp" ("citizens and businesses")."""
        return get_text_list([str(AUDIENCE_IN_PROSE[a]) for a in self.audiences], pgettext("list", "and"))


class Profile(models.Model):
    """Audience-specific data a learner gives at signup and corrects on the profile page."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile")
    audience = models.CharField(_("audience"), max_length=16, choices=Audience.choices)
    phone = models.CharField(_("phone number"), max_length=16, blank=True)
    organisation_unit = models.ForeignKey(
        OrganisationUnit,
        verbose_name=_("organisation unit"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
    )
    position = models.CharField(_("position"), max_length=150, blank=True)
    staff_code = models.CharField(_("staff code"), max_length=32, blank=True)
    # Số định danh cá nhân (accounts.identity): 12 digits, unique when set, never put in a URL and shown
    # masked except to the person and to HR in scope (selectors.personal_id_shown).
    personal_id = models.CharField(_("personal identification number"), max_length=12, blank=True)
    rank = models.CharField(pgettext_lazy("civil service", "rank"), max_length=150, blank=True)
    job_position = models.CharField(_("job position"), max_length=150, blank=True)
    # Set when an import of the unit's officials no longer listed this person (the account is deactivated,
    # every record kept); cleared when a later import lists them again.
    left_at = models.DateTimeField(_("left the unit at"), null=True, blank=True, editable=False)
    # Official code of the commune or ward (accounts.places; the vietnam-provinces list), not a unit row:
    # citizens live in a place, they do not belong to its People's Committee.
    commune_code = models.CharField(_("commune / ward"), max_length=5, blank=True)
    enterprise_name = models.CharField(_("enterprise name"), max_length=255, blank=True)
    tax_code = models.CharField(_("tax code"), max_length=14, blank=True)
    email_opt_out = models.BooleanField(
        _("no reminder emails"),
        default=False,
        help_text=_("Essential messages (enrollment, assignments, certificates) are still sent."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("learner profile")
        verbose_name_plural = _("learner profiles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(audience="official") | models.Q(organisation_unit__isnull=False),
                name="profile_official_has_unit",
            ),
            models.UniqueConstraint(
                fields=["staff_code"], condition=~models.Q(staff_code=""), name="uniq_profile_staff_code"
            ),
            models.UniqueConstraint(
                fields=["personal_id"], condition=~models.Q(personal_id=""), name="uniq_profile_personal_id"
            ),
        ]

    def __str__(self):
        return str(self.user)

    @property
    def commune_name(self) -> str:
        from .places import commune_name

        return commune_name(self.commune_code)


class ConsentRecord(models.Model):
    """Consent to personal-data processing (Law 91/2025/QH15): when, and which notice version."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents")
    notice_version = models.CharField(_("notice version"), max_length=32)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    # Set when the person withdrew this consent (a personal-data request of kind "withdrawal"); kept as evidence.
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)

    class Meta:
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")
        ordering = ["-given_at"]

    def __str__(self):
        return f"{self.user} ({self.notice_version})"


class DeletionRequest(models.Model):
    """A person's request about their personal data (Decree 356/2025/NĐ-CP), handled by an administrator.

    It began as the account-deletion request (hence its name and table) and now records every kind: access
    (answered with the personal-data export), correction, deletion (answered by ``account_erase``) and
    withdrawal of consent; each with the legal deadline it was received under (``due_at``, from the
    ``LMS_PERSONAL_DATA_REQUEST_DAYS`` setting) and the date by which it must be acknowledged.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", _("Access to my data")
        CORRECTION = "correction", _("Correction of my data")
        DELETION = "deletion", _("Deletion of my account and data")
        WITHDRAWAL = "withdrawal", _("Withdrawal of consent")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        DONE = "done", _("Done")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="deletion_requests",
        verbose_name=_("user"),
    )
    kind = models.CharField(_("kind of request"), max_length=16, choices=Kind.choices, default=Kind.DELETION)
    reason = models.TextField(_("reason"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    acknowledge_by = models.DateTimeField(_("acknowledge by"), null=True, blank=True)
    due_at = models.DateTimeField(_("legal deadline"), null=True, blank=True, db_index=True)
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handled by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The answer given to the person (what was corrected, why a request was refused).
    response = models.TextField(_("answer"), blank=True)
    # What the erasure did, per kind of record (counts), kept as evidence that the request was carried out.
    outcome = models.JSONField(_("outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("account deletion request")
        verbose_name_plural = _("account deletion requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"],
                condition=models.Q(status="pending"),
                name="uniq_pending_pd_request_per_user_kind",
            )
        ]

    def __str__(self):
        return f"{self.user} ({self.get_status_display()})"

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return self.status == self.Status.PENDING and self.due_at is not None and self.due_at < timezone.now()

    def due_state(self) -> str:
        """For the administrators' list: overdue, or the deadline."""
        from django.utils.formats import date_format

        if self.status != self.Status.PENDING or self.due_at is None:
            return "—"
        if self.is_overdue:
            return str(_("Overdue since %(date)s") % {"date": date_format(self.due_at, "SHORT_DATE_FORMAT")})
        return date_format(self.due_at, "SHORT_DATE_FORMAT")

    def process_link(self):
        from django.urls import reverse
        from django.utils.html import format_html

        return format_html(
            '<a href="{}">{}</a>', reverse("accounts_deletion_request_process", args=[self.pk]), _("Process")
        )


class HRScope(models.Model):
    """One organisation subtree an HR manager is responsible for; a manager may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hr_scopes", verbose_name=_("user")
    )
    unit = models.ForeignKey(
        OrganisationUnit,
        on_delete=models.CASCADE,
        related_name="hr_scopes",
        verbose_name=_("organisation unit"),
    )

    class Meta:
        verbose_name = _("HR scope")
        verbose_name_plural = _("HR scopes")
        constraints = [models.UniqueConstraint(fields=["user", "unit"], name="uniq_hrscope_user_unit")]

    def __str__(self):
        return f"{self.user} → {self.unit}"


class Notification(models.Model):
    """One email sent to one person about one thing; the unique key makes every notification send once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=40)
    key = models.CharField(max_length=100, help_text="What it is about, e.g. 'enrollment:12:due-7'.")
    subject = models.CharField(_("subject"), max_length=255)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "key"], name="uniq_notification_user_kind_key")
        ]

    def __str__(self):
        return f"{self.kind} → {self.user}"


class PersonalDataAccess(models.Model):
    """Someone other than the person opened or exported their record (Decree 356/2025/NĐ-CP)."""

    class Action(models.TextChoices):
        VIEW_LEARNER = "view_learner", _("Opened the learner's record")
        EXPORT_TRANSCRIPT = "export_transcript", _("Exported the learner's transcript")
        DOWNLOAD_CERTIFICATE = "download_certificate", _("Downloaded the learner's certificate")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    actor_name = models.CharField(_("by"), max_length=150, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("whose record"),
        on_delete=models.CASCADE,
        related_name="data_accesses",
    )
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    detail = models.CharField(_("detail"), max_length=255, blank=True)
    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("personal data access")
        verbose_name_plural = _("personal data accesses")
        ordering = ["-at"]
        indexes = [models.Index(fields=["subject", "at"], name="pdaccess_subject_at")]

    def __str__(self):
        return f"{self.actor_name} → {self.subject_id} ({self.action})"
