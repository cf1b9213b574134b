"""The live server lets requests reach Django only while a test runs (tests/browser/conftest.py, LiveServerGate).

A request a closing page sent (a ``sendBeacon`` on ``pagehide``) used to run while the database was flushed for
the next test, on the very connection the flush used (in-memory SQLite): "FOREIGN KEY constraint failed" in a
journey's flush, and a database left locked for a later test. These tests fail if that path comes back.
"""

import threading
import urllib.error
import urllib.request

import pytest

from .conftest import LiveServerGate, OneRequestAtATime


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 (the test's own live server)
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _call(gate):
    """One request through ``gate`` as the server makes it: call, read the body, close."""
    statuses = []
    response = gate({"PATH_INFO": "/"}, lambda status, headers: statuses.append(status))
    body = b"".join(response)
    if hasattr(response, "close"):
        response.close()
    return statuses[0], body


def test_a_closing_gate_waits_for_the_request_in_flight_and_then_refuses_without_calling_django():
    entered, release = threading.Event(), threading.Event()
    calls = []

    def app(environ, start_response):
        calls.append(environ["PATH_INFO"])
        entered.set()
        assert release.wait(30)
        start_response("200 OK", [])
        return [b"ok"]

    gate = LiveServerGate(app)
    assert _call(gate)[0].startswith("503") and calls == []  # closed until a test opens it
    gate.open()
    request = threading.Thread(target=_call, args=(gate,))
    request.start()
    assert entered.wait(30)
    closer = threading.Thread(target=gate.close)
    closer.start()
    closer.join(0.5)
    assert closer.is_alive(), "the gate closed while a request was still running"
    release.set()
    closer.join(30)
    request.join(30)
    assert not closer.is_alive() and gate.in_flight == 0
    # A beacon arriving after the test: answered 503, Django never sees it.
    status, body = _call(gate)
    assert status.startswith("503") and body == b"No test is running."
    assert calls == ["/"] and gate.refused == 2


def test_a_request_still_running_after_the_timeout_fails_the_test_by_name():
    entered, release = threading.Event(), threading.Event()

    def app(environ, start_response):
        entered.set()
        release.wait(30)
        start_response("200 OK", [])
        return [b"ok"]

    gate = LiveServerGate(app)
    gate.open()
    request = threading.Thread(target=_call, args=(gate,))
    request.start()
    assert entered.wait(30)
    try:
        with pytest.raises(RuntimeError, match=r"still ran 1 request\(s\)"):
            gate.close(timeout=0.1)
    finally:
        release.set()
        request.join(30)


@pytest.mark.django_db(transaction=True)
def test_the_session_live_server_is_gated_open_only_during_the_test(live_server, _live_server_gate):
    httpd = live_server.thread.httpd
    assert httpd.gate is _live_server_gate and httpd.gate.is_open
    if isinstance(httpd, OneRequestAtATime):  # SQLite: the server thread shares this test's connection
        assert live_server.thread.connections_override  # not a connection of its own (see live_server)
    assert _status(live_server.url + "/khong-co-trang-nay/") == 404  # Django answered
    _live_server_gate.close()
    try:
        assert _status(live_server.url + "/khong-co-trang-nay/") == 503  # as between two tests
    finally:
        _live_server_gate.open()
