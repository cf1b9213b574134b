"""Domain events become webhook deliveries. Thin: each handler reads the row and publishes once the
transaction that made the change commits (a rolled-back change sends nothing)."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from treebeard.mp_tree import path_updated

from accounts.models import OrganisationUnit
from certificates.models import Certificate, CertificateEvent
from classes.models import AttendanceChange
from courses.models import Enrollment
from courses.signals import course_completed

from . import services
from .models import ApiClient, WebhookSubscriber


@receiver(post_save, sender=WebhookSubscriber, dispatch_uid="api_webhook_routes_saved")
@receiver(post_delete, sender=WebhookSubscriber, dispatch_uid="api_webhook_routes_deleted")
@receiver(path_updated, sender=OrganisationUnit, dispatch_uid="api_webhook_routes_unit_moved")
def forget_webhook_routes(sender, **kwargs):
    # Subscribers are routed by their unit's path, which changes when treebeard moves a unit or shifts its
    # sorted siblings (services.webhook_routes).
    services.webhook_routes_forget()


@receiver(post_save, sender=ApiClient, dispatch_uid="api_client_saved")
@receiver(post_delete, sender=ApiClient, dispatch_uid="api_client_deleted")
def forget_api_client(sender, instance, created=False, **kwargs):
    # Scopes, unit, expiry or token changed (or the client is gone): its cached lookup goes at once.
    if not created:
        services.api_client_forget(token_hashes=[instance.token_hash])


@receiver(path_updated, sender=OrganisationUnit, dispatch_uid="api_clients_unit_moved")
def forget_api_clients(sender, **kwargs):
    # A cached client carries its unit's path, which a move rewrites: every client is read again (they are few).
    services.api_client_forget(token_hashes=list(ApiClient.objects.values_list("token_hash", flat=True)))


def _learner_unit_path(enrollment) -> str | None:
    return enrollment.unit.path if enrollment.unit_id else None


@receiver(course_completed, dispatch_uid="api_course_completed")
def on_course_completed(sender, enrollment, **kwargs):
    if not services.webhook_subscribed("course.completed"):
        return
    enrollment = type(enrollment).objects.select_related("user", "unit", "course").get(pk=enrollment.pk)
    services.webhook_event_publish(
        event="course.completed",
        unit_path=_learner_unit_path(enrollment),
        data={
            "enrollment_id": enrollment.pk,
            "learner_id": str(enrollment.user.public_id),
            "course_id": enrollment.course_id,
            "course_title": enrollment.course.title,
            "unit_code": enrollment.unit.code if enrollment.unit_id else None,
            "completed_at": enrollment.completed_at,
        },
    )


def _certificate_data(certificate: Certificate) -> dict:
    return {
        "serial": certificate.serial,
        "learner_id": str(certificate.user.public_id),
        "course_id": certificate.course_id,
        "course_title": certificate.course_title,
        "issued_at": certificate.issued_at,
        "status": certificate.status,
        "revoked_at": certificate.revoked_at,
        "revoked_reason": certificate.revoked_reason,
    }


def _loaded(certificate: Certificate | None) -> bool:
    """Whether the payload can be built from this instance without a query (as certificate_issue leaves it)."""
    if certificate is None or not Certificate.user.is_cached(certificate):
        return False
    if not Certificate.enrollment.is_cached(certificate):
        return False
    enrollment = certificate.enrollment
    return enrollment.unit_id is None or Enrollment.unit.is_cached(enrollment)


def _publish_certificate(event: str, certificate_id: int, certificate: Certificate | None = None) -> None:
    if not services.webhook_subscribed(event):
        return
    if not _loaded(certificate):
        certificate = (
            Certificate.objects.select_related("user", "enrollment__unit").filter(pk=certificate_id).first()
        )
    if certificate is None:
        return
    services.webhook_event_publish(
        event=event, unit_path=_learner_unit_path(certificate.enrollment), data=_certificate_data(certificate)
    )


@receiver(post_save, sender=CertificateEvent, dispatch_uid="api_certificate_event")
def on_certificate_event(sender, instance, created, **kwargs):
    if not created or instance.certificate_id is None:
        return
    certificate_id = instance.certificate_id
    if instance.action == CertificateEvent.Action.ISSUE:
        if not services.webhook_subscribed("certificate.issued"):
            return  # nobody listens: not even a callback (the routes are cached)
        # The row just issued, as certificate_issue loaded it (learner, enrollment and its unit): no re-read.
        loaded = instance.certificate if CertificateEvent.certificate.is_cached(instance) else None
        transaction.on_commit(lambda: _publish_certificate("certificate.issued", certificate_id, loaded))
    elif instance.action == CertificateEvent.Action.REVOKE:
        if not services.webhook_subscribed("certificate.revoked"):
            return
        transaction.on_commit(lambda: _publish_certificate("certificate.revoked", certificate_id))
    elif instance.action == CertificateEvent.Action.REISSUE:
        # A reissue revokes the old certificate (pointing at the new one) and issues the new one.
        def publish():
            for old in Certificate.objects.filter(replaced_by_id=certificate_id).values_list("pk", flat=True):
                _publish_certificate("certificate.revoked", old)
            _publish_certificate("certificate.issued", certificate_id)

        transaction.on_commit(publish)


@receiver(post_save, sender=AttendanceChange, dispatch_uid="api_attendance_change")
def on_attendance_change(sender, instance, created, **kwargs):
    if not created or not services.webhook_subscribed("attendance.recorded"):
        return
    change_id = instance.pk

    def publish():
        change = (
            AttendanceChange.objects.select_related(
                "attendance__session", "attendance__member__user__profile__organisation_unit"
            )
            .filter(pk=change_id)
            .first()
        )
        if change is None:
            return
        attendance = change.attendance
        member = attendance.member
        profile = getattr(member.user, "profile", None)
        unit = profile.organisation_unit if profile else None
        services.webhook_event_publish(
            event="attendance.recorded",
            unit_path=unit.path if unit else None,
            data={
                "class_id": member.training_class_id,
                "session_id": attendance.session_id,
                "session_starts_at": attendance.session.starts_at,
                "learner_id": str(member.user.public_id),
                "status": attendance.status,
                "previous_status": change.from_status or None,
                "reason": attendance.reason,
                "recorded_at": change.changed_at,
            },
        )

    transaction.on_commit(publish)
