"""Background work of the API app: webhook deliveries (one attempt per task; failures queue the next)."""

from django.tasks import task


@task(backend="background", queue_name="default")
def deliver_webhook(delivery_id: int) -> str:
    from .services import webhook_delivery_attempt

    return webhook_delivery_attempt(delivery_id=delivery_id)
