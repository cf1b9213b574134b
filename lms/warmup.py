"""Work every gunicorn worker would otherwise repeat on its first requests, done once before it forks.

gunicorn loads ``lms.wsgi`` in its master (``preload_app``) and forks the workers from it, again each time one
is recycled (``max_requests``). Django imports the URLconf, builds the resolver's reverse index and compiles
each template lazily, on the first request that needs them: about 350 ms of CPU in every new worker, more
than twenty page views' worth, paid while the first learners wait (issue #20). Done here, in the master, the
workers inherit it. Nothing here opens a database or cache connection, which a fork must not share.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver

logger = logging.getLogger(__name__)


def warm_up() -> int:
    """Import the URLconf, index it for ``reverse``, and compile the project's own templates; returns how many
    templates were compiled (the cached loader keeps them when ``DEBUG`` is off)."""
    resolver = get_resolver()
    resolver.reverse_dict  # noqa: B018 (imports every URLconf and indexes every name)
    engine = engines["django"]
    compiled = 0
    for directory in settings.TEMPLATES[0]["DIRS"]:
        for path in sorted(Path(directory).rglob("*.html")):
            name = path.relative_to(directory).as_posix()
            try:
                engine.get_template(name)
            except TemplateSyntaxError:
                # The request that renders it will raise the same error; the server must still start.
                logger.exception("Template %s does not compile", name)
                continue
            compiled += 1
    return compiled
