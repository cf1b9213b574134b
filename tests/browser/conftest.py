"""Browser journeys: real headless Chromium (Debian's package) driven by Playwright. No browser download."""

import functools
import os
import shutil
import threading

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer, WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make are still
# synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


class LiveServerGate:
    """Lets the live server's requests reach Django only while a test runs, and lets a test end only once the
    request in flight is done.

    The live server is one per session (pytest-django), so it outlives each test's browser context: a request
    the page sent as the context closed (lesson-media.js reports the watched seconds with ``sendBeacon`` on
    ``pagehide``, the SCORM player saves on ``pagehide``) used to run while pytest-django flushed the database
    for the next test. On the in-memory SQLite database the server thread shares the test's connection, so the
    two interleaved on one connection: the flush failed with "FOREIGN KEY constraint failed" (the beacon wrote a
    row for a learner being deleted) or left the connection inside a transaction that locked the database for
    a later test (its copy for the real worker hung). Between tests the gate answers 503 without touching
    Django; ``close`` waits for what is in flight, the response's ``close()`` included.
    """

    def __init__(self, application):
        self.application = application
        self.in_flight = 0
        self.is_open = False
        self.refused = 0
        self._changed = threading.Condition()

    def open(self) -> None:
        with self._changed:
            self.is_open = True

    def close(self, timeout: float = 60) -> None:
        """Refuse new requests, then wait until none is in flight (fails naming the count after ``timeout``)."""
        with self._changed:
            self.is_open = False
            if not self._changed.wait_for(lambda: self.in_flight == 0, timeout):
                raise RuntimeError(
                    f"the live server still ran {self.in_flight} request(s) {timeout:.0f} s after the test"
                )

    def _done(self) -> None:
        with self._changed:
            self.in_flight -= 1
            self._changed.notify_all()

    def __call__(self, environ, start_response):
        with self._changed:
            if not self.is_open:
                self.refused += 1
                start_response("503 Service Unavailable", [("Content-Type", "text/plain")])
                return [b"No test is running."]
            self.in_flight += 1
        try:
            response = self.application(environ, start_response)
        except BaseException:
            self._done()
            raise
        return _UntilClosed(response, self._done)


class _UntilClosed:
    """A WSGI response that counts as in flight until the server closes it (Django's request_finished, which
    touches the database, runs in that ``close()``)."""

    def __init__(self, response, done):
        self._response, self._done = response, done

    def __iter__(self):
        return iter(self._response)

    def close(self):
        try:
            if hasattr(self._response, "close"):
                self._response.close()
        finally:
            self._done()


class GatedServer:
    """Mixed into the live server's class: its WSGI application goes through a ``LiveServerGate``."""

    def set_app(self, application):
        self.gate = LiveServerGate(application)
        super().set_app(self.gate)


# With the in-memory SQLite test database the live server's request threads share one connection; the parallel
# requests of one admin page (its icon sprite, scripts) then raced on it ("bad parameter or other API misuse",
# a 500 now and then). One request at a time there; PostgreSQL keeps the threaded server.
class OneRequestAtATime(GatedServer, WSGIServer):
    """Django's plain development server; the live-server thread already holds the shared connection."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)


class GatedThreadedServer(GatedServer, ThreadedWSGIServer):
    """Django's threaded live server (PostgreSQL: each request thread opens its own connection)."""


LiveServerThread.server_class = OneRequestAtATime if connection.vendor == "sqlite" else GatedThreadedServer


@pytest.fixture(scope="session")
def live_server(request, django_db_setup):
    """pytest-django's live server, created only once the test database exists.

    pytest sets up session fixtures before function ones, so pytest-django's own ``live_server`` started before
    the test database whenever the first test on an xdist worker was a browser test: it then saw the file
    database's settings, did not hand the in-memory SQLite connection to the server thread, and the thread
    opened a connection of its own to the shared in-memory database. Two connections there lock each other
    out by table ("database table is locked: wagtailcore_page" in a later test's setup) and the copy for the
    real worker waited on the server's lock.
    """
    from pytest_django.live_server_helper import LiveServer

    addr = (
        request.config.getvalue("liveserver") or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS") or "localhost"
    )
    server = LiveServer(addr)
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        assert server.thread.connections_override, (
            "the live server must share the in-memory database's connection"
        )
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _live_server_gate(request):
    """Opens the live server's gate for a test that uses it; at its end (after its fixtures' browser contexts
    closed, and any it left open, before the database is flushed) closes it and waits for the request in
    flight."""
    if "live_server" not in request.fixturenames:
        yield None
        return
    # Set up before the gate, so torn down (the flush) after it closed.
    request.getfixturevalue("transactional_db")
    gate = request.getfixturevalue("live_server").thread.httpd.gate
    browser = request.getfixturevalue("browser") if "browser" in request.fixturenames else None
    gate.open()
    yield gate
    # A context the test left open (new_context(...).new_page() without close) would go on polling (the
    # check-in screen fetches its state) through later tests: closed here, before the gate.
    for context in browser.contexts if browser else []:
        context.close()
    gate.close()


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


REFUSED_CAPTURE = "Unable to capture screenshot"


def retry_a_refused_capture(screenshot):
    """Wrap Playwright's ``screenshot`` so that a capture Chromium refuses outright is asked for once more.

    Chromium now and then answers ``Page.captureScreenshot`` with "Unable to capture screenshot" (no timeout:
    the compositor had no frame to give) and takes the same picture when asked again after a frame; on a busy
    CI machine this failed an accessibility sweep whose checks had nothing to do with the picture. Only that
    error is retried, once, after two animation frames; any other error, or a second refusal, is raised.
    """

    @functools.wraps(screenshot)
    def wrapper(self, *args, **kwargs):
        from playwright.sync_api import Error

        try:
            return screenshot(self, *args, **kwargs)
        except Error as error:
            if REFUSED_CAPTURE not in str(error):
                raise
            page = getattr(self, "page", self)
            page.evaluate(
                "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
            )
            return screenshot(self, *args, **kwargs)

    return wrapper


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: run `make system-deps` (Debian package 'chromium').")
    from playwright.sync_api import Locator, Page, sync_playwright

    for kind in (Page, Locator):
        if not hasattr(kind.screenshot, "__wrapped__"):
            kind.screenshot = retry_a_refused_capture(kind.screenshot)
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
