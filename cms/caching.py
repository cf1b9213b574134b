"""Published content that page views read on every request, cached until the content changes.

Keys carry a *generation*, a token that any change to a page (save, publish, unpublish, move, delete) replaces,
as does ``content_changed`` for other content shown with pages (the courses app calls it for quizzes). Entries
of an old generation are never read again and expire. The token is replaced at once and again when the
transaction commits, so a reader that saw the old rows cannot store them under the new token.

With Redis every process sees a change at once. Without it (the zero-setup default) entries are kept in each
process, and the generation in a file (the ``content_generation`` cache), so every process of the machine
(gunicorn workers, cron commands) still sees a change on its next request. Like Wagtail's own cached site
paths, this needs the cache to be up (``/healthz/ready`` checks it).

Each process also keeps the entries of the current generation it has read (pickled, so every request gets
its own copy to change, as from Redis): a page view then makes one round trip to the cache (the generation)
instead of one per entry (issue #20). They are dropped as soon as the process sees another generation.
"""

import hashlib
import pickle
import threading
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache, caches
from django.db import transaction

GENERATION_KEY = "cms:content-generation"
TIMEOUT = 300
#: Entries one process keeps of the current generation; beyond it, the oldest read ones are dropped.
LOCAL_ENTRIES = 2000

_local_lock = threading.Lock()
_local: dict[str, bytes] = {}
_local_generation = ""


def content_cached[T](name: str, build: Callable[[], T], *, request=None) -> T:
    """``build()``, cached under ``name`` until the content next changes; ``request`` memoises the generation.

    None is not cached, so that requests for pages that do not exist (any URL) cannot fill the cache.
    """
    generation = _generation(request)
    key = f"cms:{generation}:{name}"
    stored = _local_get(generation, key)
    if stored is not None:
        return pickle.loads(stored)  # noqa: S301 (written by this process)
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, TIMEOUT)
    if value is not None:
        _local_set(generation, key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))
    return value


def _local_get(generation: str, key: str) -> bytes | None:
    global _local_generation
    with _local_lock:
        if generation != _local_generation:
            _local.clear()
            _local_generation = generation
            return None
        return _local.get(key)


def _local_set(generation: str, key: str, stored: bytes) -> None:
    with _local_lock:
        if generation != _local_generation:
            return
        if len(_local) >= LOCAL_ENTRIES:
            del _local[next(iter(_local))]
        _local[key] = stored


def path_key(url_path: str) -> str:
    """A short key part for a page's URL path (slugs may be long and non-ASCII)."""
    return hashlib.blake2b(url_path.encode(), digest_size=12).hexdigest()


def content_changed(**kwargs) -> None:
    """Start a new generation now and once more when the current transaction commits."""
    _new_generation()
    transaction.on_commit(_new_generation, robust=True)


def _new_generation() -> None:
    _generation_cache().set(GENERATION_KEY, uuid.uuid4().hex, None)


def _generation_cache():
    return caches["content_generation"] if "content_generation" in settings.CACHES else cache


def _generation(request) -> str:
    token = getattr(request, "_lms_content_generation", None)
    if token is None:
        store = _generation_cache()
        token = store.get(GENERATION_KEY)
        if token is None:
            candidate = uuid.uuid4().hex
            token = (
                candidate
                if store.add(GENERATION_KEY, candidate, None)
                else store.get(GENERATION_KEY, candidate)
            )
        if request is not None:
            request._lms_content_generation = token
    return token
