"""A large import runs on the real task worker (a separate `db_worker` process, as in production): the upload
queues the dry-run job, the worker checks the file; applying queues the second job, the worker writes it and
sends the invitations."""

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from accounts.models import Notification, User
from lms.settings.base import tasks_settings
from officials import services

from ..factories import make_hr_manager
from ..test_tasks_workers import run_worker, shared_database
from .conftest import csv_bytes, person


@pytest.mark.django_db(transaction=True)
@override_settings(LMS_OFFICIALS_IMPORT_BACKGROUND_BYTES=10)
def test_a_large_import_is_checked_and_applied_by_the_worker(tmp_path, tree):
    hr = make_hr_manager(tree["sxd"])
    with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
        record = services.official_import_create(
            owner=hr,
            upload=SimpleUploadedFile("lon.csv", csv_bytes(person(1), person(2))),
            deactivate_missing=False,
        )
        assert record.status == "checking" and record.job.status == "queued"
        with shared_database(tmp_path) as url:
            run_worker("database", url)
        record.refresh_from_db()
        assert record.status == "ready", record.plan
        assert record.plan["counts"]["create"] == 2

        services.official_import_apply(record=record)
        record.refresh_from_db()
        assert record.status == "applying"
        assert not User.objects.filter(email__endswith="@sxd.tayninh.test").exists()
        with shared_database(tmp_path) as url:
            run_worker("database", url)
    record.refresh_from_db()
    assert record.status == "applied" and not record.file
    assert User.objects.filter(email__endswith="@sxd.tayninh.test").count() == 2
    assert Notification.objects.filter(kind="official_invitation").count() == 2
