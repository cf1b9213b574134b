"""Checked views for a lesson's files: video/audio (with HTTP range requests), poster, captions, attachments,
and the player's watch reports. Each answers 404 to anyone the lesson page would not be served to."""

import json
import mimetypes
import os
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_POST
from wagtail.documents import get_document_model
from wagtail.models import Page

from . import selectors, services
from .access import lesson_document_ids, lesson_media_ids, page_viewable
from .models import Caption, LessonMedia
from .ranges import ranges_clean

RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")
CHUNK = 64 * 1024


def _lesson(request, lesson_id: int) -> Page:
    page = Page.objects.filter(pk=lesson_id).specific().first()
    if page is None or not page_viewable(page=page, request=request):
        raise Http404
    return page


def _lesson_media(request, lesson_id: int, media_id: int) -> tuple[Page, LessonMedia]:
    page = _lesson(request, lesson_id)
    if media_id not in lesson_media_ids(page):
        raise Http404
    return page, get_object_or_404(LessonMedia, pk=media_id)


def _file_chunks(handle, remaining: int):
    try:
        while remaining > 0:
            data = handle.read(min(CHUNK, remaining))
            if not data:
                break
            remaining -= len(data)
            yield data
    finally:
        handle.close()


def serve_private_file(
    request, field_file, *, content_type: str, filename: str | None = None, chunk_limit: int | None = None
):
    """Stream ``field_file`` with HTTP range support (206 Partial Content, 416 when unsatisfiable).

    On an object store (no local path) the answer is a redirect to a short-lived signed URL: the store answers
    range requests itself. Responses are private to the browser (``Cache-Control: private``).
    """
    storage = field_file.storage
    try:
        storage.path(field_file.name)
    except NotImplementedError:
        return HttpResponseRedirect(storage.url(field_file.name))
    try:
        size = storage.size(field_file.name)
    except OSError:
        raise Http404 from None
    chunk_limit = chunk_limit or size
    match = RANGE_RE.match(request.headers.get("Range", "").strip())
    if match and (match.group(1) or match.group(2)):
        first, last = match.group(1), match.group(2)
        if first:
            # An open-ended range ("bytes=0-", what a player asks first) gets at most one chunk: the browser asks
            # for more as it plays, and reading the header of a video before play costs one chunk, not the file.
            end = int(last) if last else int(first) + chunk_limit - 1
            start, end = int(first), min(end, size - 1)
        else:  # "bytes=-N": the last N bytes
            start, end = max(size - int(last), 0), size - 1
        if start >= size or start > end:
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            return response
        handle = storage.open(field_file.name, "rb")
        handle.seek(start)
        response = StreamingHttpResponse(
            _file_chunks(handle, end - start + 1), status=206, content_type=content_type
        )
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
        response["Content-Length"] = str(end - start + 1)
    else:
        response = FileResponse(storage.open(field_file.name, "rb"), content_type=content_type)
        response["Content-Length"] = str(size)
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=3600"
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@require_GET
def media_file(request, lesson_id: int, media_id: int):
    _page, media = _lesson_media(request, lesson_id, media_id)
    return serve_private_file(
        request, media.file, content_type=media.mime_type, chunk_limit=settings.LMS_MEDIA_RANGE_CHUNK_BYTES
    )


@require_GET
def media_poster(request, lesson_id: int, media_id: int):
    _page, media = _lesson_media(request, lesson_id, media_id)
    if not media.thumbnail:
        raise Http404
    content_type = mimetypes.guess_type(media.thumbnail.name)[0] or "image/jpeg"
    return serve_private_file(request, media.thumbnail, content_type=content_type)


@require_GET
def media_caption(request, lesson_id: int, media_id: int, caption_id: int):
    _page, media = _lesson_media(request, lesson_id, media_id)
    caption = get_object_or_404(Caption, pk=caption_id, media=media)
    return serve_private_file(request, caption.file, content_type="text/vtt; charset=utf-8")


@require_POST
def media_progress(request, lesson_id: int, media_id: int):
    """The player's report (a form post, also from ``navigator.sendBeacon``): ``ranges`` as JSON
    ``[[start, end], ...]`` (all ranges played since the page was opened) and ``position`` in seconds. Only
    signed-in learners' reports are kept; the answer is the watched percent computed on the server."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    page, media = _lesson_media(request, lesson_id, media_id)
    try:
        ranges = ranges_clean(json.loads(request.POST.get("ranges", "[]")), duration=media.duration or None)
        position = float(request.POST.get("position", "0"))
        if not 0 <= position < 10**6:
            raise ValueError("position")
    except (ValueError, TypeError):
        return JsonResponse({"error": "bad report"}, status=400)
    record = services.watch_report(
        user=request.user, lesson_id=page.pk, media=media, ranges=ranges, position=position
    )
    return JsonResponse(
        {
            "watched_percent": selectors.watched_percent(record=record, media=media),
            "position": record.position,
        }
    )


@require_GET
def lesson_document(request, lesson_id: int, document_id: int):
    """An attachment of a lesson, for those who may see the lesson (never a public address)."""
    page = _lesson(request, lesson_id)
    if document_id not in lesson_document_ids(page):
        raise Http404
    document = get_object_or_404(get_document_model(), pk=document_id)
    content_type = mimetypes.guess_type(document.file.name)[0] or "application/octet-stream"
    return serve_private_file(
        request, document.file, content_type=content_type, filename=os.path.basename(document.file.name)
    )
