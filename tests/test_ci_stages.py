""".ci/run's PostgreSQL stage (LMS_SKIP_DATABASE_INDEPENDENT=1) skips only tests marked database_independent,
which run a process of their own on their own settings; every other test runs in both stages."""

from types import SimpleNamespace

from .conftest import pytest_collection_modifyitems


class Item:
    def __init__(self, *marks):
        self.keywords = set(marks)
        self.skipped_because = []

    def add_marker(self, mark):
        self.skipped_because.append(mark.kwargs["reason"])


def collect(monkeypatch, flag):
    if flag:
        monkeypatch.setenv("LMS_SKIP_DATABASE_INDEPENDENT", flag)
    else:
        monkeypatch.delenv("LMS_SKIP_DATABASE_INDEPENDENT", raising=False)
    items = {"independent": Item("database_independent"), "plain": Item(), "browser": Item("browser")}
    pytest_collection_modifyitems(
        SimpleNamespace(option=SimpleNamespace(loadgroup=False)), list(items.values())
    )
    return {name: item.skipped_because for name, item in items.items()}


def test_only_the_postgresql_stage_skips_database_independent_tests(monkeypatch):
    assert collect(monkeypatch, "") == {"independent": [], "plain": [], "browser": []}
    skipped = collect(monkeypatch, "1")
    assert skipped["plain"] == skipped["browser"] == []
    assert skipped["independent"] == ["does not use the test database; ran in the SQLite stage of .ci/run"]
