"""``lms.static_state.static_is_current``: the production-stack journeys and the benchmarks skip collectstatic
only while its output is newer than every static source."""

import os
import time

from lms.static_state import static_is_current


def test_static_is_current_follows_the_manifest_and_every_source(tmp_path, settings):
    sources = tmp_path / "static"
    sources.mkdir()
    stylesheet = sources / "site.css"
    stylesheet.write_text("main { margin: 0 }")
    settings.STATICFILES_DIRS = [sources]
    settings.STATIC_ROOT = tmp_path / "collected"
    assert not static_is_current()  # never collected

    settings.STATIC_ROOT.mkdir()
    manifest = settings.STATIC_ROOT / "staticfiles.json"
    manifest.write_text("{}")
    later = time.time() + 60
    os.utime(manifest, (later, later))
    assert static_is_current()

    os.utime(stylesheet, (later + 1, later + 1))  # a source edited after the last collectstatic
    assert not static_is_current()
    os.utime(stylesheet, (later - 1, later - 1))
    (sources / "new.js").write_text("")  # a new file made before the manifest: current
    assert static_is_current()
    os.utime(sources / "new.js", (later + 2, later + 2))
    assert not static_is_current()
