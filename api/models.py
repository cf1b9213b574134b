"""API clients, their call log, and webhook subscribers with their deliveries.

A client's token is stored only as a SHA-256 digest (the token is 256 random bits, so a plain digest is
enough); the token itself is shown once, when an administrator creates the client or renews its token.
Each client acts through a service account (``acting_user``) holding an HR scope on the client's unit, so
the existing services and the one subtree filter (``accounts.scoping``) decide what it may see and do.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Resources of the API and what a client may do with each: "<resource>:read" or "<resource>:write".
RESOURCES = {
    "units": _("organisation units"),
    "officials": _("officials"),
    "courses": _("courses and classes"),
    "enrollments": _("enrollments and completions"),
    "certificates": _("certificates"),
    "attendance": _("attendance"),
    "assignments": _("assignments and nominations"),
    "records": _("training records"),
}
SCOPE_CHOICES = [
    *((f"{name}:read", _("Read %(resource)s") % {"resource": label}) for name, label in RESOURCES.items()),
    ("assignments:write", _("Assign courses and nominate to classes")),
    ("records:write", _("Add external training to officials' records")),
]
SCOPE_VALUES = [value for value, _label in SCOPE_CHOICES]

EVENTS = {
    "course.completed": _("A learner completed a course"),
    "certificate.issued": _("A certificate was issued"),
    "certificate.revoked": _("A certificate was revoked"),
    "attendance.recorded": _("Attendance was recorded or corrected"),
}
EVENT_CHOICES = list(EVENTS.items())


class ApiClient(models.Model):
    """A system of the province (HR software, portal) that reads and writes through the API."""

    name = models.CharField(_("name"), max_length=150)
    unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        verbose_name=_("organisation subtree"),
        help_text=_("The client sees this unit and its sub-units, nothing else."),
        on_delete=models.PROTECT,
        related_name="+",
    )
    scopes = models.JSONField(_("scopes"), default=list, blank=True)
    token_prefix = models.CharField(max_length=16, unique=True, editable=False)
    token_hash = models.CharField(max_length=64, editable=False)
    expires_at = models.DateTimeField(_("token expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    rate_limit = models.PositiveIntegerField(
        _("requests per minute"),
        default=0,
        help_text=_("0: the platform's default (LMS_API_RATE_PER_MINUTE)."),
    )
    acting_user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="api_client", editable=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("API client")
        verbose_name_plural = _("API clients")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])


class ApiCall(models.Model):
    """One API request: which client, which route, the answer's status and how many rows it carried."""

    client = models.ForeignKey(
        ApiClient, verbose_name=_("API client"), null=True, on_delete=models.SET_NULL, related_name="calls"
    )
    method = models.CharField(_("method"), max_length=8)
    route = models.CharField(_("route"), max_length=200)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    rows = models.PositiveIntegerField(_("rows"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        ordering = ["-at"]
        indexes = [models.Index(fields=["client", "at"], name="api_call_client_at")]

    def __str__(self):
        return f"{self.method} {self.path} {self.status}"


def new_webhook_secret() -> str:
    return secrets.token_urlsafe(32)


class WebhookSubscriber(models.Model):
    """An address that receives events about learners of one organisation subtree, signed with its secret."""

    name = models.CharField(_("name"), max_length=150)
    url = models.URLField(_("address (URL)"), max_length=500)
    unit = models.ForeignKey(
        "accounts.OrganisationUnit",
        verbose_name=_("organisation subtree"),
        help_text=_("Only events about learners of this unit and its sub-units are sent."),
        on_delete=models.PROTECT,
        related_name="+",
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    secret = models.CharField(
        _("signing secret"),
        max_length=100,
        default=new_webhook_secret,
        help_text=_("The receiver checks the HMAC-SHA256 signature of each delivery with it (docs/api.md)."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("webhook subscriber")
        verbose_name_plural = _("webhook subscribers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class WebhookDelivery(models.Model):
    """One event for one subscriber, tried by the task worker with exponential backoff until delivered."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    subscriber = models.ForeignKey(
        WebhookSubscriber, verbose_name=_("subscriber"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event_id = models.UUIDField(_("event id"), editable=False)
    event = models.CharField(_("event"), max_length=40, choices=EVENT_CHOICES)
    payload = models.JSONField(_("payload"), default=dict)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveSmallIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="webhook_delivery_status")]
        constraints = [
            models.UniqueConstraint(fields=["subscriber", "event_id"], name="uniq_webhook_delivery_event")
        ]

    def __str__(self):
        return f"{self.event} → {self.subscriber}"
