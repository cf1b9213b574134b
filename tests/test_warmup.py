"""gunicorn's master warms what each worker would otherwise build on its first request (lms/warmup.py)."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.urls import get_resolver

from lms.warmup import warm_up


def test_warm_up_indexes_the_urls_and_compiles_every_project_template():
    compiled = warm_up()

    templates = Path(settings.TEMPLATES[0]["DIRS"][0])
    assert compiled == len(list(templates.rglob("*.html")))
    assert get_resolver()._populated
    # The cached loader (DEBUG off) now holds them: a worker forked after this compiles none of them again.
    cached = engines["django"].engine.template_loaders[0].get_template_cache
    assert {"base.html", "includes/header.html", "includes/footer.html"} <= set(cached)
