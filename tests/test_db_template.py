"""The key of the migrated test database template (tests/db_template.py): any change to what the migrated
database depends on gives a new key, so a stale template is never copied."""

import importlib.metadata
import sys

from django.db.migrations.loader import MigrationLoader

from . import db_template


def _fake_app_migrations(tmp_path, monkeypatch, content: str):
    package = tmp_path / "fake_app_migrations"
    package.mkdir(exist_ok=True)
    (package / "__init__.py").write_text("")
    (package / "0001_initial.py").write_text(content)
    monkeypatch.syspath_prepend(str(tmp_path))
    sys.modules.pop("fake_app_migrations", None)
    original = MigrationLoader.migrations_module.__func__

    def migrations_module(cls, app_label):
        return ("fake_app_migrations", True) if app_label == "courses" else original(cls, app_label)

    monkeypatch.setattr(MigrationLoader, "migrations_module", classmethod(migrations_module))


def test_the_key_changes_with_a_migration_file(tmp_path, monkeypatch):
    _fake_app_migrations(tmp_path, monkeypatch, "# one\n")
    first = db_template.migrations_key()
    assert db_template.migrations_key() == first  # steady
    _fake_app_migrations(tmp_path, monkeypatch, "# two\n")
    assert db_template.migrations_key() != first


def test_the_key_changes_with_an_installed_version(monkeypatch):
    first = db_template.migrations_key()
    real = list(importlib.metadata.distributions())

    class Upgraded:
        metadata = {"Name": "Django"}
        version = "99.0"

    monkeypatch.setattr(importlib.metadata, "distributions", lambda: [*real, Upgraded()])
    assert db_template.migrations_key() != first


def test_the_project_and_wagtail_migrations_are_in_the_key(monkeypatch):
    read = []
    original = db_template.Path.read_bytes

    def spy(path):
        read.append(path)
        return original(path)

    monkeypatch.setattr(db_template.Path, "read_bytes", spy)
    db_template.migrations_key()
    names = {(p.parent.parent.name, p.name) for p in read}
    assert ("courses", "0001_initial.py") in names
    assert ("wagtail", "0001_initial.py") in names  # wagtailcore
