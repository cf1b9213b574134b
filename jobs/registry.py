"""The kinds of background job. An app registers its kinds in its ``AppConfig.ready`` (see reports/jobs.py).

A kind's ``run`` receives the job, a binary file-like object to write the file to and a progress callback
``progress(done, total=None)``; it returns a JSON-able dict stored as ``Job.result`` (the key ``filename``
names the stored file). It runs with the job owner's language active. Raise ``JobError`` for a failure the
owner should read (translated); any other exception is recorded as it is.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Protocol

from django.utils.functional import Promise

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Job


class JobError(Exception):
    """A failure explained to the job's owner: ``message`` is shown on the job page as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Progress(Protocol):
    def __call__(self, done: int, total: int | None = None) -> None: ...


def _owner_only(job: Job | None, user: User) -> None:
    """The default check: the runner's download view already limits a job to its owner."""


@dataclass(frozen=True)
class JobKind:
    name: str
    label: str | Promise
    run: Callable[[Job, IO[bytes], Progress], dict | None]
    # The task queue (settings.TASK_QUEUES) its jobs run on.
    queue: str = "default"
    # Whether ``run`` writes a file to keep; an import, for one, only reports counts.
    writes_file: bool = True
    # Days the file is kept after the job ends (read when it ends); None keeps it until deleted by hand.
    retention_days: Callable[[], int] | None = None
    content_type: str = "application/octet-stream"
    # Called by the download view: first with job None (the reader's role, before any lookup), then with the
    # job, before the file is handed out. Raise PermissionDenied or Http404 when the reader (always the
    # owner) may no longer see what the file holds.
    check_access: Callable[[Job | None, User], None] = _owner_only
    # Called once per download, after the checks: the domain's own audit log.
    on_download: Callable[[Job, User], None] | None = None


_kinds: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    if _kinds.get(kind.name, kind) is not kind:
        raise ValueError(f"job kind {kind.name!r} is registered twice")
    _kinds[kind.name] = kind
    return kind


def get(name: str) -> JobKind:
    """The registered kind called ``name``; KeyError for a kind no installed app registers."""
    return _kinds[name]
