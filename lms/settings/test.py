"""Test settings: fast hashing, in-memory mail, no MFA shortcut (tests exercise the real flow)."""

import atexit
import os
import shutil
import tempfile
from pathlib import Path

from .base import *  # noqa: F403

SECRET_KEY = "test-only-key"  # noqa: S105
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_AUTOREFRESH = True
ALLOWED_HOSTS = ["*"]
# Background tasks run inline in tests; tests of the worker path switch to a real backend and run its worker
# (tests/test_tasks_workers.py), which they start with LMS_TEST_WORKER_TASKS set to that backend.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "background": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend", "QUEUES": TASK_QUEUES},  # noqa: F405
}
if os.environ.get("LMS_TEST_WORKER_TASKS"):
    TASKS = tasks_settings(os.environ["LMS_TEST_WORKER_TASKS"], TASK_QUEUES)  # noqa: F405
    if os.environ["LMS_TEST_WORKER_TASKS"] == "redis" and "django_rq" not in INSTALLED_APPS:  # noqa: F405
        INSTALLED_APPS.append("django_rq")  # noqa: F405
# A Redis database of the tests' own for RQ queues, never the one a local `make serve` uses.
_test_redis_url = os.environ.get("LMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")
RQ_QUEUES = {name: {"URL": _test_redis_url} for name in TASK_QUEUES}  # noqa: F405
# Files written by tests (certificate PDFs, exports) go to a throw-away folder, never the project's media/.
# A worker started by a test shares the test's folder (LMS_TEST_MEDIA_ROOT).
# The process that makes the folder removes it when it ends (atexit here; tests/conftest.py's
# pytest_unconfigure in each xdist worker and the controller, whose exit need not run atexit hooks).
LMS_TEST_MEDIA_ROOT_OWNED = not os.environ.get("LMS_TEST_MEDIA_ROOT")
MEDIA_ROOT = Path(os.environ.get("LMS_TEST_MEDIA_ROOT") or tempfile.mkdtemp(prefix="lms-test-media-"))
if LMS_TEST_MEDIA_ROOT_OWNED:
    _media_owner = os.getpid()
    # Only the process that made it: a forked child exiting through atexit must not take it away.
    atexit.register(lambda: os.getpid() == _media_owner and shutil.rmtree(MEDIA_ROOT, ignore_errors=True))
# Export files: the same throw-away folder (a sub-folder of it), so a worker started by a test finds them too.
PRIVATE_ROOT = MEDIA_ROOT / "private"
STORAGES["reports_exports"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT, "base_url": "/private/"},
}
# Certificates (#12): the private storage follows the tests' throw-away PRIVATE_ROOT.
STORAGES["certificates"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT / "certificates", "base_url": None},
}
# SCORM packages (#19): the private storage follows the tests' throw-away PRIVATE_ROOT.
STORAGES["scorm"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT / "scorm", "base_url": None},
}
# Lesson media (#19): the private storage follows the tests' throw-away PRIVATE_ROOT.
STORAGES["lesson_media"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT / "lesson-media", "base_url": None},
}
# Reports count the enrollments directly in tests, so a test sees its own writes at once; the summary's own
# tests (tests/reports/test_summary.py) turn it on.
LMS_REPORTS_SUMMARY_MAX_AGE = 0
# API token lookups are cached in tests as with Redis (one process: the in-memory cache is shared by all).
LMS_API_TOKEN_CACHE_SECONDS = 5
