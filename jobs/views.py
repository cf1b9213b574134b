"""The one download view of job files: the owner only, the kind's own access check, every download logged."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from . import registry, services
from .models import Job


@login_required
@require_GET
def download(request, public_id, kind: str | None = None):
    """Hand out a finished job's file. Another person's job is a 404, as if it did not exist.

    ``kind`` (given by the URL patterns of the apps that mount this view) first applies that kind's check
    to the reader alone, so a reader who lost the role gets 403 before any lookup.
    """
    if kind is not None:
        registry.get(kind).check_access(None, request.user)
    filters = {"kind": kind} if kind else {}
    job = get_object_or_404(Job, public_id=public_id, owner=request.user, **filters)
    job_kind = registry.get(job.kind)
    job_kind.check_access(job, request.user)
    if job.status != Job.Status.DONE or not job.file or not job_kind.writes_file:
        raise Http404
    services.job_download_log(job=job, user=request.user)
    response = FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.filename, content_type=job_kind.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response
