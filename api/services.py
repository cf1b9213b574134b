"""Writes of the API app: clients and their tokens, the call log, webhook events and their deliveries."""

import hashlib
import json
import logging
import secrets
import uuid
from datetime import datetime, timedelta
from urllib import request as urllib_request
from urllib.error import HTTPError, URLError

from django.conf import settings
from django.core.cache import cache
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone

from accounts.models import HRScope, OrganisationUnit, User

from .models import ApiCall, ApiClient, WebhookDelivery, WebhookSubscriber
from .signing import HEADER, signature_header

logger = logging.getLogger("lms.api")

TOKEN_PREFIX = "lms"  # noqa: S105  (the fixed start of every token, not a secret)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    """(prefix, token): the prefix finds the row, the digest of the whole token proves it."""
    prefix = secrets.token_hex(6)
    return prefix, f"{TOKEN_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def _acting_scope_sync(client: ApiClient) -> None:
    """The service account holds exactly one HR scope: the client's unit."""
    HRScope.objects.filter(user=client.acting_user).exclude(unit=client.unit).delete()
    HRScope.objects.get_or_create(user=client.acting_user, unit=client.unit)


def api_client_create(
    *,
    name: str,
    unit: OrganisationUnit,
    scopes: list[str],
    expires_at: datetime,
    by: User | None,
    rate_limit: int = 0,
) -> tuple[ApiClient, str]:
    """Create a client and its service account; returns (client, token). The token is not stored (only its
    digest) and cannot be shown again. The service account cannot sign in (no usable password, inactive)."""
    prefix, token = _new_token()
    with transaction.atomic():
        acting = User(email=f"api-{prefix}@api.invalid", full_name=f"API: {name}"[:150], is_active=False)
        acting.set_unusable_password()
        acting.save()
        client = ApiClient.objects.create(
            name=name,
            unit=unit,
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
            rate_limit=rate_limit,
            token_prefix=prefix,
            token_hash=token_digest(token),
            acting_user=acting,
            created_by=by,
        )
        _acting_scope_sync(client)
    return client, token


def api_client_update(*, client: ApiClient) -> ApiClient:
    """Save an edited client (name, unit, scopes, expiry, limit) and move its service account's scope."""
    with transaction.atomic():
        client.save()
        User.objects.filter(pk=client.acting_user_id).update(full_name=f"API: {client.name}"[:150])
        _acting_scope_sync(client)
    return client


def api_client_token_renew(*, client: ApiClient, expires_at: datetime | None = None) -> str:
    """A new token for ``client`` (the old one stops working at once); returns it, shown once."""
    prefix, token = _new_token()
    api_client_forget(token_hashes=[client.token_hash])
    client.token_prefix, client.token_hash = prefix, token_digest(token)
    client.revoked_at = None
    if expires_at is not None:
        client.expires_at = expires_at
    client.save(update_fields=["token_prefix", "token_hash", "revoked_at", "expires_at"])
    return token


def api_client_revoke(*, client: ApiClient) -> bool:
    """Stop the client's token at once. Idempotent: True when it was in force."""
    updated = ApiClient.objects.filter(pk=client.pk, revoked_at__isnull=True).update(
        revoked_at=timezone.now()
    )
    client.refresh_from_db(fields=["revoked_at"])
    api_client_forget(token_hashes=[client.token_hash])
    return bool(updated)


# A client found by its token is kept in the shared cache (Redis in production) for
# LMS_API_TOKEN_CACHE_SECONDS, under the token's digest, so that a request reads no table to authenticate.
# Every change of a client (save, delete, revocation, renewal, a move of units) writes a tombstone over its
# entry, now and again once the change commits; a lookup that read the table before the change cannot put the
# old client back over it, as entries are only ever added (cache.add), never overwritten. Expiry is checked on
# every request against the cached ``expires_at``, so a token stops at its time, not a few seconds later.
TOKEN_CACHE_PREFIX = "lms:api-token:v1:"  # noqa: S105  (a cache key prefix, not a secret)
_FORGOTTEN = "forgotten"


def _token_cache_key(token_hash: str) -> str:
    return f"{TOKEN_CACHE_PREFIX}{token_hash}"


def api_client_cached(*, token_hash: str) -> ApiClient | None:
    """The client cached under a token's digest, or None (not cached, forgotten, or caching turned off)."""
    if not settings.LMS_API_TOKEN_CACHE_SECONDS:
        return None
    client = cache.get(_token_cache_key(token_hash))
    return client if isinstance(client, ApiClient) else None


def api_client_cache(*, client: ApiClient) -> None:
    """Keep ``client`` (read from the table with its unit) under its token's digest, unless forgotten since."""
    if settings.LMS_API_TOKEN_CACHE_SECONDS:
        cache.add(_token_cache_key(client.token_hash), client, settings.LMS_API_TOKEN_CACHE_SECONDS)


def api_client_forget(*, token_hashes: list[str]) -> None:
    """Drop the cached clients of these token digests, now and once the current transaction commits. The
    tombstone outlives any entry written before it, so the next requests read the table."""
    if not settings.LMS_API_TOKEN_CACHE_SECONDS or not token_hashes:
        return
    tombstones = dict.fromkeys(map(_token_cache_key, token_hashes), _FORGOTTEN)
    seconds = 2 * settings.LMS_API_TOKEN_CACHE_SECONDS + 1
    cache.set_many(tombstones, seconds)
    transaction.on_commit(lambda: cache.set_many(tombstones, seconds))


def _call_insert(fields: dict) -> None:
    """One INSERT, one round trip. On PostgreSQL the statement also turns ``synchronous_commit`` off for its own
    transaction: the log may lose its last fraction of a second if the database server crashes, and in
    exchange a call does not wait for its log row to reach the disk (bench/api.py)."""
    if connection.vendor != "postgresql":
        ApiCall.objects.create(**fields)
        return
    columns = [*fields, "at"]
    values = [*fields.values(), timezone.now()]
    table = connection.ops.quote_name(ApiCall._meta.db_table)
    names = ", ".join(connection.ops.quote_name(c) for c in columns)  # the model's own column names
    params = ", ".join(["%s"] * len(values))
    sql = (
        f"INSERT INTO {table} ({names}) SELECT {params} "  # noqa: S608 (identifiers from the model, values bound)
        "FROM (SELECT set_config('synchronous_commit', 'off', true)) AS s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def api_call_log(
    *,
    client_id: int | None,
    method: str,
    route: str,
    path: str,
    status: int,
    rows: int,
    duration_ms: int,
    client_used: bool = False,
) -> None:
    """One row per API call (the public verification endpoint included, with no client): one INSERT.

    ``client_used``: the call is the client's first of its rate-limit minute (``api.ratelimit``), so its
    ``last_used_at`` moves on too; a client paging quickly costs one write per call, not two.
    """
    fields = {
        "client_id": client_id,
        "method": method[:8],
        "route": route[:200],
        "path": path[:500],
        "status": status,
        "rows": rows,
        "duration_ms": duration_ms,
    }
    _call_insert(fields)
    if client_id and client_used:
        ApiClient.objects.filter(pk=client_id).update(last_used_at=timezone.now())


# --- Webhooks -------------------------------------------------------------------------------------


# Who listens to what: {event: [(subscriber id, unit path), ...]} of the active subscribers, in the shared cache
# (Redis in production) so that publishing an event reads no table. Dropped whenever a subscriber or a unit is
# saved or deleted (api/receivers.py), now and again once that change commits; the expiry bounds the damage of
# a change made without signals (a queryset .update()).
WEBHOOK_ROUTES_CACHE_KEY = "lms:webhook-routes:v1"
WEBHOOK_ROUTES_CACHE_SECONDS = 600


def webhook_routes() -> dict[str, list[tuple[int, str]]]:
    """The active subscribers of each event type with their subtree's path; one query when not cached."""
    routes = cache.get(WEBHOOK_ROUTES_CACHE_KEY)
    if routes is None:
        routes = {}
        rows = WebhookSubscriber.objects.filter(is_active=True).values_list("pk", "events", "unit__path")
        for pk, events, path in rows.order_by("pk"):
            for event in events or []:
                routes.setdefault(event, []).append((pk, path))
        cache.set(WEBHOOK_ROUTES_CACHE_KEY, routes, WEBHOOK_ROUTES_CACHE_SECONDS)
    return routes


def webhook_routes_forget() -> None:
    """Drop the cached routes, now and once the current transaction commits (so that a process reading them
    in between cannot keep the pre-commit list)."""
    cache.delete(WEBHOOK_ROUTES_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(WEBHOOK_ROUTES_CACHE_KEY))


def webhook_subscribed(event: str) -> bool:
    """Whether any active subscriber listens to ``event`` (from the cache: no query once it is warm)."""
    return bool(webhook_routes().get(event))


def webhook_event_publish(*, event: str, unit_path: str | None, data: dict) -> list[WebhookDelivery]:
    """Queue ``event`` for every active subscriber to it whose subtree holds ``unit_path`` (the learner's
    unit; an event about someone outside every unit goes to nobody). One delivery row per subscriber, sent
    by the worker after the surrounding transaction commits. Subscribers come from ``webhook_routes``: the
    only query is the insert of the deliveries, and none at all when nobody is subscribed."""
    if not unit_path:
        return []
    subscriber_ids = [pk for pk, path in webhook_routes().get(event, []) if unit_path.startswith(path)]
    if not subscriber_ids:
        return []
    event_id = uuid.uuid4()
    payload = json.loads(
        json.dumps(
            {"id": str(event_id), "type": event, "created_at": timezone.now(), "data": data},
            cls=DjangoJSONEncoder,
        )
    )
    deliveries = WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(subscriber_id=pk, event_id=event_id, event=event, payload=payload)
            for pk in subscriber_ids
        ]
    )
    ids = [d.pk for d in deliveries]
    transaction.on_commit(lambda: _enqueue(ids))
    return deliveries


def _enqueue(ids: list[int], *, delay: float = 0) -> None:
    from .tasks import deliver_webhook

    task = deliver_webhook
    if delay > 0:
        task = deliver_webhook.using(run_after=timezone.now() + timedelta(seconds=delay))
    for pk in ids:
        task.enqueue(pk)


def backoff_seconds(attempts: int) -> float:
    """Exponential: base, 2×base, 4×base… after the 1st, 2nd, 3rd failed attempt."""
    return settings.LMS_WEBHOOK_BACKOFF_SECONDS * 2 ** max(0, attempts - 1)


def webhook_delivery_attempt(*, delivery_id: int) -> str:
    """POST the delivery once, signed; on failure schedule the next attempt, after the last one mark it
    failed. Returns the resulting status. A delivery already delivered (or failed) is left alone, so a
    repeated task sends nothing twice."""
    with transaction.atomic():
        delivery = (
            WebhookDelivery.objects.select_for_update()
            .select_related("subscriber")
            .filter(pk=delivery_id, status=WebhookDelivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return "skipped"
        delivery.attempts += 1
        delivery.save(update_fields=["attempts"])
    subscriber = delivery.subscriber
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":")).encode()
    outgoing = urllib_request.Request(  # noqa: S310  (the URL is an http(s) URLField set by an administrator)
        subscriber.url,
        data=body,
        method="POST",
        headers={
            "Content-Type": "application/json; charset=utf-8",
            "User-Agent": "smartcity-lms-webhooks/1",
            "X-LMS-Event": delivery.event,
            "X-LMS-Delivery": str(delivery.event_id),
            HEADER: signature_header(secret=subscriber.secret, body=body),
        },
    )
    code, error, delay = None, "", 0.0
    try:
        with urllib_request.urlopen(outgoing, timeout=settings.LMS_WEBHOOK_TIMEOUT_SECONDS) as answer:  # noqa: S310
            code = answer.status
    except HTTPError as failure:
        code, error = failure.code, f"HTTP {failure.code}"
    except (URLError, OSError, ValueError) as failure:
        error = str(getattr(failure, "reason", failure))[:500] or failure.__class__.__name__
    delivery.last_status_code = code
    delivery.last_error = error
    if code is not None and 200 <= code < 300:
        delivery.status, delivery.delivered_at, delivery.next_attempt_at = (
            WebhookDelivery.Status.DELIVERED,
            timezone.now(),
            None,
        )
    elif delivery.attempts >= settings.LMS_WEBHOOK_MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = WebhookDelivery.Status.FAILED, None
        logger.warning(
            "webhook delivery %s failed after %s attempts: %s", delivery.pk, delivery.attempts, error
        )
    else:
        delay = backoff_seconds(delivery.attempts)
        delivery.next_attempt_at = timezone.now() + timedelta(seconds=delay)
    delivery.save(
        update_fields=["status", "delivered_at", "next_attempt_at", "last_status_code", "last_error"]
    )
    if delivery.next_attempt_at is not None:
        _enqueue([delivery.pk], delay=delay)
    return delivery.status


def webhook_delivery_retry(*, delivery: WebhookDelivery) -> bool:
    """Send a failed delivery again (from the admin): a fresh round of attempts. False when not failed."""
    updated = WebhookDelivery.objects.filter(pk=delivery.pk, status=WebhookDelivery.Status.FAILED).update(
        status=WebhookDelivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    if updated:
        transaction.on_commit(lambda: _enqueue([delivery.pk]))
    return bool(updated)
