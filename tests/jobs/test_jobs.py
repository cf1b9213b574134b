"""The job pipeline: runner (status, progress, file, errors, idempotence), retention purge and the one
download view (owner only, the kind's own checks, every download logged)."""

import datetime as dt
import io
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from jobs import registry, services, tasks
from jobs.models import Job, JobEvent

from ..auth import sign_in
from ..factories import UserFactory, make_hr_manager

CALLS = []


def _write_numbers(job, out, progress):
    CALLS.append(job.pk)
    total = job.parameters["count"]
    progress(0, total)
    for number in range(1, total + 1):
        out.write(f"{number}\n".encode())
        progress(number)
    return {"lines": total, "filename": "so.txt"}


def _fail_politely(job, out, progress):
    raise registry.JobError(_("Enrolled"))  # any catalogue string: the message is kept in the job's language


def _check(job, user):
    if user.email.startswith("blocked"):
        raise PermissionDenied


registry.register(
    registry.JobKind(
        name="tests.numbers",
        label="Numbers",
        run=_write_numbers,
        retention_days=lambda: 3,
        content_type="text/plain",
        check_access=_check,
    )
)
registry.register(registry.JobKind(name="tests.fail", label="Fails", run=_fail_politely))


@pytest.mark.django_db
def test_job_runs_records_progress_and_stores_a_private_file():
    owner = UserFactory()
    job = services.job_create(kind="tests.numbers", owner=owner, parameters={"count": 5})
    assert (job.status, job.progress_done, job.progress_total, job.percent) == ("done", 5, 5, 100)
    assert job.result == {"lines": 5} and job.filename == "so.txt"
    assert job.file.read() == b"1\n2\n3\n4\n5\n"
    path = Path(job.file.path)
    assert path.is_relative_to(Path(settings.STORAGES["certificates"]["OPTIONS"]["location"]))
    assert job.public_id.hex in job.file.name
    assert job.expires_at == job.finished_at + dt.timedelta(days=3)
    assert list(job.events.values_list("action", flat=True)) == ["done", "requested"]


@pytest.mark.django_db
def test_running_a_finished_job_again_does_nothing():
    job = services.job_create(kind="tests.numbers", owner=UserFactory(), parameters={"count": 2})
    CALLS.clear()
    assert tasks.run_job.call(job.pk) == "done"
    assert CALLS == [] and Job.objects.get(pk=job.pk).file.name == job.file.name


@pytest.mark.django_db
def test_a_job_left_running_by_a_dead_worker_starts_again_from_nothing():
    job = services.job_create(kind="tests.numbers", owner=UserFactory(), parameters={"count": 3})
    Job.objects.filter(pk=job.pk).update(status="running", progress_done=1)
    job = services.job_run(job_id=job.pk)
    assert (job.status, job.progress_done) == ("done", 3) and job.file.read() == b"1\n2\n3\n"
    # The file of the run before is replaced, not kept beside the new one.
    assert [p.name for p in Path(job.file.path).parent.iterdir()] == ["so.txt"]


@pytest.mark.django_db
def test_a_failed_job_keeps_the_translated_error():
    with translation.override("vi"):
        job = services.job_create(kind="tests.fail", owner=UserFactory(), parameters={})
    assert job.status == "failed" and not job.file and job.finished_at
    with translation.override("vi"):
        assert job.error == _("Enrolled")
    assert JobEvent.objects.filter(job=job, action="failed").exists()


@pytest.mark.django_db
def test_purge_deletes_expired_files_only_and_once():
    owner = UserFactory()
    old = services.job_create(kind="tests.numbers", owner=owner, parameters={"count": 1})
    fresh = services.job_create(kind="tests.numbers", owner=owner, parameters={"count": 1})
    Job.objects.filter(pk=old.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    old_path, fresh_path = Path(old.file.path), Path(fresh.file.path)
    out = io.StringIO()
    call_command("purge_job_files", stdout=out)
    assert "Deleted 1 job file" in out.getvalue()
    assert not old_path.exists() and fresh_path.is_file()
    old.refresh_from_db()
    assert old.file.name == "" and old.purged_at and old.status == "done"
    assert JobEvent.objects.filter(job=old, action="purged").count() == 1
    assert tasks.purge_job_files.call() == 0
    # --days: by the finish time instead of the stored expiry.
    assert services.job_files_purge(now=timezone.now() + dt.timedelta(days=2), days=1) == 1
    assert not fresh_path.exists()


@pytest.mark.django_db
def test_download_is_for_the_owner_only_and_logged(client):
    owner = UserFactory()
    job = services.job_create(kind="tests.numbers", owner=owner, parameters={"count": 2})
    url = f"/tep/{job.public_id}/tai-ve/"
    sign_in(client, UserFactory())
    assert client.get(url).status_code == 404
    sign_in(client, owner)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"1\n2\n"
    assert response["Cache-Control"] == "private, no-store" and "so.txt" in response["Content-Disposition"]
    assert JobEvent.objects.filter(job=job, action="downloaded", actor=owner).count() == 1
    blocked = UserFactory(email="blocked-owner@example.test")
    other = services.job_create(kind="tests.numbers", owner=blocked, parameters={"count": 1})
    sign_in(client, blocked)
    assert client.get(f"/tep/{other.public_id}/tai-ve/").status_code == 403


@pytest.mark.django_db
def test_hr_export_is_not_served_to_another_hr_manager_out_of_scope(client, tree, with_totp):
    from reports import services as report_services
    from reports.selectors import ReportFilters

    owner = with_totp(make_hr_manager(tree["sxd"]))
    job = report_services.export_job_create(user=owner, report="units", filters=ReportFilters(), format="csv")
    other = with_totp(make_hr_manager(tree["khcn"]))
    sign_in(client, other)
    for url in (
        f"/tep/{job.public_id}/tai-ve/",
        f"/quan-ly-dao-tao/xuat-du-lieu/viec/{job.public_id}/tai-ve/",
    ):
        assert client.get(url).status_code == 404
    sign_in(client, owner)
    assert client.get(f"/tep/{job.public_id}/tai-ve/").status_code == 200
    # The owner is no longer an HR manager: no more downloads, whichever URL.
    owner.hr_scopes.all().delete()
    for url in (
        f"/tep/{job.public_id}/tai-ve/",
        f"/quan-ly-dao-tao/xuat-du-lieu/viec/{job.public_id}/tai-ve/",
    ):
        assert client.get(url).status_code == 403
