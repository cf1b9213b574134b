"""Whether ``collectstatic``'s output is current, so that it runs once, not once per user of it.

With the manifest storage (production), ``collectstatic`` hashes and compresses every file again, which takes a
minute or more on a loaded machine. The production-stack browser journeys and the benchmarks both serve the
collected files; one CI run collects them once and each later user finds them current.
"""

import os
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders


def static_is_current() -> bool:
    """True when the manifest exists and is newer than every file the static finders list (the project's own
    and those of installed packages, so an upgrade of Wagtail's admin files counts too)."""
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    if not manifest.exists():
        return False
    built = manifest.stat().st_mtime
    return all(
        os.stat(storage.path(path)).st_mtime < built
        for finder in get_finders()
        for path, storage in finder.list([])
    )
