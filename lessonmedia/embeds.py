"""Wagtail's oEmbed finder (YouTube…) with a deadline and a memory of failures (``WAGTAILEMBEDS_FINDERS``).

Many government networks block video sites: a connection is dropped without an answer, or a proxy accepts it
and never replies. Wagtail's own finder waits 10 s per socket operation, and a failed fetch is not stored, so
every view of a lesson with such an embed waited again. Here the whole fetch gives up after
``LMS_EMBED_TIMEOUT_SECONDS`` (connect, first byte and body; a body still arriving at the deadline is cut by
closing the socket), and a failure is remembered for ``LMS_EMBED_FAILURE_CACHE_SECONDS`` so that the pages
showing that embed render at once with their Vietnamese notice (``templates/blocks/video.html``).
"""

import contextlib
import hashlib
import json
import threading
import time
from datetime import timedelta

import requests
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from django.utils.html import format_html
from wagtail.embeds.exceptions import EmbedNotFoundException
from wagtail.embeds.finders.oembed import OEmbedFinder

MAX_RESPONSE_BYTES = 512 * 1024


def _shutdown(response) -> None:
    with contextlib.suppress(ValueError, RuntimeError, OSError):  # already closed or released
        response.raw.shutdown()


def _failure_key(url: str) -> str:
    return "lessonmedia:embed-failed:" + hashlib.sha256(url.encode()).hexdigest()[:32]


class DeadlineOEmbedFinder(OEmbedFinder):
    """``OEmbedFinder`` whose fetch ends by a deadline and whose failures are remembered for a while."""

    def find_embed(self, url, max_width=None, max_height=None):
        endpoint = self._get_endpoint(url)
        if endpoint is None:
            raise EmbedNotFoundException
        if cache.get(_failure_key(url)):
            raise EmbedNotFoundException("failed recently")
        params = {**self.options, "url": url, "format": "json"}
        if max_width:
            params["maxwidth"] = max_width
        if max_height:
            params["maxheight"] = max_height
        try:
            oembed = self._fetch(endpoint, params)
        except EmbedNotFoundException:
            cache.set(_failure_key(url), True, settings.LMS_EMBED_FAILURE_CACHE_SECONDS)
            raise
        return self._result(oembed)

    @staticmethod
    def _fetch(endpoint: str, params: dict) -> dict:
        timeout = settings.LMS_EMBED_TIMEOUT_SECONDS
        deadline = time.monotonic() + timeout
        try:
            response = requests.get(
                endpoint,
                params=params,
                headers={"User-agent": "Mozilla/5.0"},
                timeout=(timeout, timeout),
                stream=True,
            )
        except requests.RequestException as error:
            raise EmbedNotFoundException(f"request failed: {error}") from error
        # Closing the socket unblocks a read in progress: a body trickling in ends at the deadline too.
        watchdog = threading.Timer(max(deadline - time.monotonic(), 0), _shutdown, args=(response,))
        watchdog.start()
        try:
            response.raise_for_status()
            body = bytearray()
            for chunk in response.iter_content(chunk_size=8192):
                body += chunk
                if len(body) > MAX_RESPONSE_BYTES or time.monotonic() > deadline:
                    raise EmbedNotFoundException("answer too large or too slow")
            if time.monotonic() > deadline:
                raise EmbedNotFoundException("answer too slow")
            oembed = json.loads(body)
        except (requests.RequestException, ValueError, OSError) as error:
            raise EmbedNotFoundException(f"request failed: {error}") from error
        finally:
            watchdog.cancel()
            response.close()
        if not isinstance(oembed, dict) or "type" not in oembed:
            raise EmbedNotFoundException("missing 'type' in the answer")
        return oembed

    @staticmethod
    def _result(oembed: dict) -> dict:
        # As wagtail.embeds.finders.oembed.OEmbedFinder.find_embed builds it.
        if oembed["type"] == "photo":
            html = format_html('<img src="{}" alt="">', oembed.get("url", ""))
        else:
            html = oembed.get("html")
        result = {
            "title": oembed.get("title", "") or "",
            "author_name": oembed.get("author_name", "") or "",
            "provider_name": oembed.get("provider_name", "") or "",
            "type": oembed["type"],
            "thumbnail_url": oembed.get("thumbnail_url"),
            "width": oembed.get("width"),
            "height": oembed.get("height"),
            "html": html,
        }
        with contextlib.suppress(KeyError, TypeError, ValueError):
            result["cache_until"] = timezone.now() + timedelta(seconds=int(oembed["cache_age"]))
        return result


embed_finder_class = DeadlineOEmbedFinder
