"""The tests' throw-away media folder (lms/settings/test.py) is removed by the process that made it: a plain
process using the test settings, and a pytest run with xdist workers (controller and each worker)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

# Each test runs manage.py or pytest in a process of its own, on settings of its own.
pytestmark = pytest.mark.database_independent


PROBE = """
from pathlib import Path
import os

def pytest_sessionstart(session):
    from django.conf import settings
    with open(os.environ["LMS_MEDIA_PROBE"], "a") as probe:
        probe.write(f"{settings.MEDIA_ROOT} {Path(settings.MEDIA_ROOT).is_dir()}\\n")
"""


def _env(tmp_path, **extra):
    env = {key: value for key, value in os.environ.items() if key != "LMS_TEST_MEDIA_ROOT"}
    return {**env, "TMPDIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "lms.settings.test", **extra}


def test_a_process_removes_the_media_folder_it_made_and_keeps_one_handed_down(tmp_path):
    code = "import django; django.setup(); from django.conf import settings; print(settings.MEDIA_ROOT)"
    run = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path), capture_output=True, text=True, check=True,
        cwd=settings.BASE_DIR,
    )  # fmt: skip
    made = Path(run.stdout.strip())
    assert made.parent == tmp_path and made.name.startswith("lms-test-media-")
    assert not made.exists()
    handed = tmp_path / "handed-down"
    handed.mkdir()
    run = subprocess.run(
        [sys.executable, "-c", code], env=_env(tmp_path, LMS_TEST_MEDIA_ROOT=str(handed)),
        capture_output=True, text=True, check=True, cwd=settings.BASE_DIR,
    )  # fmt: skip
    assert Path(run.stdout.strip()) == handed and handed.is_dir()


def test_a_pytest_run_with_xdist_workers_leaves_no_media_folder(tmp_path):
    (tmp_path / "lms_media_probe.py").write_text(PROBE)
    probe = tmp_path / "probe.txt"
    env = _env(tmp_path, LMS_MEDIA_PROBE=str(probe), PYTHONPATH=str(tmp_path))
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-n", "2", "-p", "lms_media_probe", "-p", "no:cacheprovider",
         "tests/test_words.py", "-k", "ghi_danh or glossary_words"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, timeout=600,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-2000:]
    seen = [line.split() for line in probe.read_text().splitlines()]
    assert len(seen) >= 3 and all(existed == "True" for _, existed in seen)  # controller + 2 workers
    assert len({path for path, _ in seen}) == len(seen)
    assert not [path for path, _ in seen if Path(path).exists()]
    assert not list(tmp_path.glob("lms-test-media-*"))
