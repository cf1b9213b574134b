import contextlib
import logging
import os
import shutil
import threading

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.core.cache import cache
from django.utils import translation

from .auth import TOTP_SECRET, current_totp_code, sign_in  # noqa: F401  (tests import them from here)
from .factories import make_unit


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    is_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    skip = pytest.mark.skip(reason="needs PostgreSQL (run with DATABASE_URL=postgres://...)")
    # .ci/run's second (PostgreSQL) stage sets this: a test marked database_independent cannot give another
    # result there (it runs its own process on its own settings), and it already ran in the first stage.
    ran_already = pytest.mark.skip(
        reason="does not use the test database; ran in the SQLite stage of .ci/run"
    )
    skip_independent = os.environ.get("LMS_SKIP_DATABASE_INDEPENDENT") == "1"
    for item in items:
        if "postgres" in item.keywords and not is_postgres:
            item.add_marker(skip)
        if skip_independent and "database_independent" in item.keywords:
            item.add_marker(ran_already)
    if getattr(config.option, "loadgroup", False):
        _keep_groups_together(items)


def _keep_groups_together(items) -> None:
    """Give tests marked ``xdist_group`` the ``@group`` node-id suffix that ``--dist loadgroup`` schedules by.

    pytest-xdist 3.8 adds it by setting ``item._nodeid``, which pytest 9.2 no longer reads (the node id is now
    ``item._id``, a structured ``NodeId``): the mark did nothing, and the production-stack journeys each built
    their own stack on another worker, flushing one Redis under each other. Runs after xdist's hook; where the
    suffix is already there (older pytest) it is left alone. ``tests/test_xdist_groups.py`` checks it.
    """
    from _pytest.nodeid import NodeId

    for item in items:
        groups = sorted(
            {
                str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                for m in item.iter_markers("xdist_group")
            }
        )
        if groups and not item.nodeid.endswith("@" + "_".join(groups)):
            item._id = NodeId.parse(f"{item.nodeid}@{'_'.join(groups)}")


def pytest_unconfigure(config):
    # The throw-away media folder this process made (lms/settings/test.py): removed in the controller and in
    # each xdist worker (a worker's exit need not run the settings' atexit hook). A folder handed down by
    # LMS_TEST_MEDIA_ROOT belongs to whoever made it.
    if getattr(settings, "LMS_TEST_MEDIA_ROOT_OWNED", False):
        shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item):
    item.stash[_THREADS_BEFORE] = set(threading.enumerate())
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    """Fails the test that leaves a thread running or the test database inside a transaction.

    Once its fixtures are torn down (the flush of a transactional test included), a test must leave no thread
    of its own alive and the shared connection outside any transaction: on the in-memory SQLite database
    every connection of the process shares one cache, so a thread still querying or a transaction left open
    locks the database for later tests on the same xdist worker (seen as a real-worker test hanging on its
    copy of the database, and a later flush failing). Reported here, the failure names the test that leaked.
    """
    result = yield
    problems = what_a_test_left(item.stash.get(_THREADS_BEFORE, set()), database=_transactional(item))
    if problems:
        pytest.fail(f"{item.nodeid} left behind: " + "; ".join(problems), pytrace=False)
    return result


_THREADS_BEFORE = pytest.StashKey[set]()


def _transactional(item) -> bool:
    """A test that commits (``django_db(transaction=True)``, the live server): afterwards the connection must be
    back in autocommit. (A plain ``django_db`` test may run inside a module fixture's transaction.)"""
    marker = item.get_closest_marker("django_db")
    return bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(item.fixturenames)
    )


def what_a_test_left(threads_before: set, *, database: bool = True, grace: float = 10) -> list[str]:
    """What a finished test left behind: its non-daemon threads still alive after ``grace`` seconds, and (with
    ``database``) the default connection inside an atomic block or an open transaction (rolled back here, so
    that only the leaking test fails). Daemon threads of session fixtures (the live server) and the idle
    workers of the session's event loop (Playwright writes screenshots through them: ``asyncio_N``) are not
    the test's."""
    from django.db import connections

    problems = []
    started = [
        t
        for t in threading.enumerate()
        if t not in threads_before and not t.daemon and t.is_alive() and not t.name.startswith("asyncio_")
    ]
    for thread in started:
        thread.join(grace / len(started))
    if alive := [t.name for t in started if t.is_alive()]:
        problems.append(f"threads still running: {', '.join(alive)}")
    connection = connections["default"]
    if database and connection.connection is not None:
        if connection.in_atomic_block:
            problems.append("the database connection is still inside transaction.atomic()")
        elif connection.vendor == "sqlite" and connection.connection.in_transaction:
            connection.connection.rollback()
            problems.append("the SQLite connection was left in an open transaction (now rolled back)")
    return problems


@pytest.fixture(autouse=True)
def _default_language():
    # A request leaves its language active in the thread (LocaleMiddleware does not reset it): a test that asked
    # for English, as the API fuzzer may, must not make the next test on the same worker speak English.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the cache; each test starts with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tree(db):
    """A small province: TN -> (SXD -> PTDT, KHCN -> CDS, ward Tân Ninh)."""
    province = make_unit("TN", "Ủy ban nhân dân tỉnh Tây Ninh", kind="province")
    sxd = make_unit("SXD", "Sở Xây dựng", province, kind="department")
    ptdt = make_unit("SXD-PTDT", "Phòng Phát triển đô thị", sxd)
    khcn = make_unit("KHCN", "Sở Khoa học và Công nghệ", province, kind="department")
    cds = make_unit("KHCN-CDS", "Phòng Chuyển đổi số", khcn)
    ward = make_unit("P-TANNINH", "Ủy ban nhân dân phường Tân Ninh", province, kind="commune")
    for unit in (province, sxd, ptdt, khcn, cds, ward):
        unit.refresh_from_db()  # siblings are kept sorted by name, so later inserts move earlier paths
    return {"province": province, "sxd": sxd, "ptdt": ptdt, "khcn": khcn, "cds": cds, "ward": ward}


@pytest.fixture
def with_totp():
    def activate(user):
        TOTP.activate(user, TOTP_SECRET)
        return user

    return activate


@pytest.fixture
def staff_admin_client(client, db, with_totp):
    """A superuser who has set up TOTP, as every administrator must before reaching the admin."""
    from .factories import UserFactory

    admin = with_totp(UserFactory(is_superuser=True, is_staff=True))
    sign_in(client, admin)
    client.user = admin
    return client


@pytest.fixture
def catalog(db):
    """The catalogue, groups, permissions and review workflow, as a fresh install has them."""
    from cms.services import platform_setup

    return platform_setup()


def ensure_wagtail_baseline():
    """Recreate what migrations put in a fresh database (locale, root page and collection, home page, site).

    Transactional tests end by flushing every table, which also removes the rows data migrations created;
    rebuilding them is faster and steadier than serialising the whole database for each such test.
    """
    from django.conf import settings
    from wagtail.models import Collection, Locale, Page, Site

    from cms.models import HomePage

    if HomePage.objects.exists():
        return
    locale, _ = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=locale)
    )
    if not Collection.get_first_root_node():
        Collection.add_root(name="Root")
    home = HomePage(title="Bồi dưỡng đô thị thông minh", slug="home", locale=locale)
    root.add_child(instance=home)
    home.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "root_page": home, "site_name": "LMS"}
    )


@pytest.fixture(autouse=True)
def _wagtail_baseline(request):
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        ensure_wagtail_baseline()


@pytest.fixture
def completed_enrollment(catalog, tree):
    """A completed enrollment of an official, ready for its certificate (the worker tests)."""
    from django.utils import timezone

    from courses.models import Enrollment

    from .factories import make_course, make_official

    course = make_course(catalog, title="Đô thị thông minh và dữ liệu mở", for_officials=True)
    profile = make_official(tree["ptdt"], user__full_name="Trần Văn Bình")
    return Enrollment.objects.create(
        user=profile.user,
        course=course,
        status="completed",
        enrolled_at=timezone.now(),
        completed_at=timezone.now(),
    )


@pytest.fixture
def commit_hooks_run_at_commit(monkeypatch):
    """``transaction.on_commit`` callbacks run when the code's own outermost atomic block ends, as in production.

    A ``django_db`` test runs inside transactions that never commit, so callbacks would never run (or only
    at the end of a ``django_capture_on_commit_callbacks`` block). With this fixture, a service that commits
    and then queues a task (the certificate PDF, e-mails) behaves as it does in production with the inline
    task backend: the callback runs when the service's block exits, or at once outside any block.
    """
    from django.db import transaction
    from django.db.backends.base.base import BaseDatabaseWrapper

    def only_test_blocks(connection) -> bool:
        return all(getattr(block, "_from_testcase", False) for block in connection.atomic_blocks)

    def run(callbacks):
        for _savepoints, callback, robust in callbacks:
            if not robust:
                callback()
                continue
            try:
                callback()
            except Exception:  # as Django does for robust callbacks
                logging.getLogger("django.db.backends.base").exception(
                    "Error calling %s in on_commit()", callback
                )

    original_exit = transaction.Atomic.__exit__

    def exit_then_run(self, exc_type, exc_value, traceback):
        result = original_exit(self, exc_type, exc_value, traceback)
        connection = transaction.get_connection(self.using)
        if exc_type is None and connection.in_atomic_block and only_test_blocks(connection):
            pending, connection.run_on_commit = connection.run_on_commit, []
            run(pending)
        return result

    original_on_commit = BaseDatabaseWrapper.on_commit

    def on_commit(self, func, robust=False):
        if self.in_atomic_block and only_test_blocks(self):
            run([(set(), func, robust)])
        else:
            original_on_commit(self, func, robust)

    monkeypatch.setattr(transaction.Atomic, "__exit__", exit_then_run)
    monkeypatch.setattr(BaseDatabaseWrapper, "on_commit", on_commit)


@pytest.fixture(scope="session")
def oidc_provider():
    """A real OpenID Connect provider (django-oauth-toolkit) in its own process on 127.0.0.1 (#18 sso)."""
    from .sso_provider import Provider

    provider = Provider().start()
    yield provider
    provider.stop()


@pytest.fixture(scope="session")
def django_db_setup(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's ``django_db_setup``, with the migrations run once and copied (tests/db_template.py)."""
    import django.core.management
    from django.db import connections
    from django.test.utils import setup_databases, teardown_databases
    from pytest_django.fixtures import _get_databases_for_setup

    from . import db_template

    verbosity = request.config.option.verbose
    keepdb = django_db_keepdb and not django_db_createdb
    aliases, serialized_aliases = _get_databases_for_setup(request.session.items)
    connection = connections["default"]
    cached = (
        django_db_use_migrations
        and not keepdb
        and connection.vendor in ("sqlite", "postgresql")
        and os.environ.get(db_template.DISABLE_ENV, "") in ("", "1")
    )
    if not cached:  # --reuse-db, --no-migrations, LMS_TEST_DB_TEMPLATE=0: pytest-django's own setup
        request.getfixturevalue("_django_db_setup_uncached")
        yield
        return

    rebuild = django_db_createdb or os.environ.get(db_template.REBUILD_ENV, "") not in ("", "0")
    run = db_template.run_uid(request.config)
    migrate_for_real = django.core.management.call_command

    with django_db_blocker.unblock():
        key = db_template.migrations_key()
        if connection.vendor == "sqlite":
            template = db_template.sqlite_template(key, rebuild=rebuild, run=run)

            def migrate_or_copy(name, *args, **kwargs):
                if name != "migrate":
                    return migrate_for_real(name, *args, **kwargs)
                target = connections[kwargs.get("database", "default")]
                if target.alias != "default" or not target.is_in_memory_db():
                    return migrate_for_real(name, *args, **kwargs)
                db_template.restore_sqlite(target, template)

            lock = contextlib.nullcontext()
        else:
            template = db_template.postgres_template_name(connection, key)
            lock = db_template.postgres_lock(connection, template)

            def migrate_or_copy(name, *args, **kwargs):
                if name != "migrate" or kwargs.get("database", "default") != "default":
                    return migrate_for_real(name, *args, **kwargs)
                # The test database was created from the migrated template: nothing to do.

        with lock as cursor:
            if connection.vendor == "postgresql":
                db_template.ensure_postgres_template(connection, cursor, template, rebuild=rebuild, run=run)
                connection.settings_dict["TEST"]["TEMPLATE"] = template
            django.core.management.call_command = migrate_or_copy
            try:
                db_cfg = setup_databases(
                    verbosity=verbosity,
                    interactive=False,
                    aliases=aliases,
                    serialized_aliases=serialized_aliases,
                )
            finally:
                django.core.management.call_command = migrate_for_real

    yield

    with django_db_blocker.unblock():
        try:
            teardown_databases(db_cfg, verbosity=verbosity)
        except Exception as exc:  # as pytest-django does
            request.node.warn(pytest.PytestWarning(f"Error when trying to teardown test databases: {exc!r}"))


@pytest.fixture(scope="session")
def _django_db_setup_uncached(
    request,
    django_test_environment,
    django_db_blocker,
    django_db_use_migrations,
    django_db_keepdb,
    django_db_createdb,
    django_db_modify_db_settings,
):
    """pytest-django's own ``django_db_setup`` (for --reuse-db and --no-migrations)."""
    from pytest_django.fixtures import django_db_setup as original

    yield from original.__wrapped__(
        request,
        django_test_environment,
        django_db_blocker,
        django_db_use_migrations,
        django_db_keepdb,
        django_db_createdb,
        django_db_modify_db_settings,
    )
