"""Browser journeys: real headless Chromium (Debian's package) driven by Playwright. No browser download."""

import os
import shutil

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


# With the in-memory SQLite test database the live server's request threads share one connection; the parallel
# requests of one admin page (its icon sprite, scripts) then raced on it ("bad parameter or other API misuse",
# a 500 now and then). One request at a time there; PostgreSQL keeps the threaded server.
class OneRequestAtATime(WSGIServer):
    """Django's plain development server; the live-server thread already holds the shared connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


if connection.vendor == "sqlite":
    LiveServerThread.server_class = OneRequestAtATime

CHROMIUM = os.environ.get("LMS_CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (Debian package 'chromium').")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 390, "height": 844}
    )
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()
