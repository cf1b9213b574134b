"""The suite's own guard (tests/conftest.py, pytest_runtest_teardown): a test that leaves a thread running or the
shared database connection inside a transaction fails by name, instead of locking the in-memory SQLite database
for a later test on the same xdist worker."""

import threading

import pytest
from django.db import connection, transaction

from .conftest import what_a_test_left


def test_a_thread_left_running_is_named():
    before = set(threading.enumerate())
    release = threading.Event()
    worker = threading.Thread(target=release.wait, args=(30,), name="forgotten-worker")
    worker.start()
    try:
        assert what_a_test_left(before, grace=0.1) == ["threads still running: forgotten-worker"]
    finally:
        release.set()
        worker.join(30)
    assert what_a_test_left(before) == []


def test_daemon_threads_of_session_fixtures_are_not_the_tests():
    before = set(threading.enumerate())
    release = threading.Event()
    server = threading.Thread(target=release.wait, args=(30,), daemon=True)
    server.start()
    try:
        assert what_a_test_left(before, grace=0.1) == []
    finally:
        release.set()
        server.join(30)


@pytest.mark.django_db(transaction=True)
def test_a_connection_left_in_an_atomic_block_is_reported():
    with transaction.atomic():
        assert what_a_test_left(set(threading.enumerate())) == [
            "the database connection is still inside transaction.atomic()"
        ]
    assert what_a_test_left(set(threading.enumerate())) == []


@pytest.mark.django_db(transaction=True)
def test_an_open_sqlite_transaction_is_reported_and_rolled_back():
    if connection.vendor != "sqlite":
        pytest.skip("the open-transaction check reads sqlite3's in_transaction")
    connection.ensure_connection()
    connection.connection.execute("BEGIN")
    connection.connection.execute("CREATE TABLE leftover_probe (id integer)")
    assert what_a_test_left(set(threading.enumerate())) == [
        "the SQLite connection was left in an open transaction (now rolled back)"
    ]
    assert not connection.connection.in_transaction
    assert "leftover_probe" not in connection.introspection.table_names()
