"""scorm-again is pinned in package-lock.json and vendored with its licence; trainers upload packages in the
Wagtail admin, where a malicious zip is refused with a Vietnamese message and nothing is stored."""

import json
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accounts import roles
from scorm.models import ScormPackage
from tests.auth import sign_in
from tests.factories import UserFactory

from .packages import bomb_zip, scorm_zip, traversal_zip

VENDOR = Path(settings.BASE_DIR) / "static" / "vendor" / "scorm-again"


def test_scorm_again_is_pinned_and_vendored_with_its_licence():
    lock = json.loads((Path(settings.BASE_DIR) / "package-lock.json").read_text())
    pinned = lock["packages"]["node_modules/scorm-again"]["version"]
    manifest = json.loads((Path(settings.BASE_DIR) / "package.json").read_text())
    assert manifest["dependencies"]["scorm-again"] == pinned  # an exact version, no range
    assert (VENDOR / "VERSION").read_text().strip() == pinned
    assert "MIT License" in (VENDOR / "LICENSE").read_text()
    for name in ("scorm12.min.js", "cross-frame-lms.min.js", "cross-frame-api.min.js"):
        assert (VENDOR / name).stat().st_size > 1000
        installed = Path(settings.BASE_DIR) / "node_modules" / "scorm-again" / "dist" / name
        if installed.exists():  # after `npm ci`, the vendored copy is the pinned package's file
            assert installed.read_bytes() == (VENDOR / name).read_bytes()


def test_nothing_of_scorm_again_is_fetched_from_elsewhere():
    player = (Path(settings.BASE_DIR) / "templates" / "scorm" / "player.html").read_text()
    assert "http" not in player and "vendor/scorm-again/" in player


@pytest.fixture
def trainer_client(client, catalog, with_totp):
    trainer = with_totp(UserFactory())
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    sign_in(client, trainer)
    return client


def _upload(client, content: bytes, title="Gói tải lên"):
    return client.post(
        reverse("wagtailsnippets_scorm_scormpackage:add"),
        {"title": title, "file": SimpleUploadedFile("goi.zip", content, content_type="application/zip")},
    )


@pytest.mark.django_db
def test_trainer_uploads_a_package_which_is_checked_and_unpacked_in_the_background(
    trainer_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        response = _upload(trainer_client, scorm_zip(title="Gói của giảng viên"))
    assert response.status_code == 302, response.content.decode()[:2000]
    package = ScormPackage.objects.get()
    # The request only stored the zip: the check and the unpacking wait for the task.
    assert package.state == "pending" and package.unpacked_at is None and package.uploaded_by is not None
    edit = trainer_client.get(reverse("wagtailsnippets_scorm_scormpackage:edit", args=[package.pk]))
    assert 'data-scorm-state="pending"' in edit.content.decode()
    listing = trainer_client.get(reverse("wagtailsnippets_scorm_scormpackage:list")).content.decode()
    assert "đang được kiểm tra" in listing
    assert "Thời điểm tải lên" in listing and "Created at" not in listing  # every column heading translated
    for callback in queued:
        callback()  # the task (ImmediateBackend in tests; tests/scorm/test_worker.py runs the real worker)
    package.refresh_from_db()
    assert (
        package.state == "ready" and package.unpacked_at is not None and package.launch_path == "index.html"
    )
    edit = trainer_client.get(reverse("wagtailsnippets_scorm_scormpackage:edit", args=[package.pk]))
    assert 'data-scorm-state="ready"' in edit.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [(traversal_zip(), "ngoài thư mục của gói"), (bomb_zip(megabytes=5), "bom nén"), (b"not a zip", "ZIP")],
    ids=["path-traversal", "zip-bomb", "not-a-zip"],
)
def test_malicious_zip_is_refused_with_its_reason_and_nothing_is_kept(
    trainer_client, content, message, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _upload(trainer_client, content)
    assert response.status_code == 302
    package = ScormPackage.objects.get()
    assert package.state == "refused" and message in package.refusal and package.unpacked_at is None
    edit = trainer_client.get(reverse("wagtailsnippets_scorm_scormpackage:edit", args=[package.pk]))
    html = edit.content.decode()
    assert 'data-scorm-state="refused"' in html and message in html
    root = Path(settings.PRIVATE_ROOT) / "scorm" / package.key.hex
    stored = [p for p in (Path(settings.PRIVATE_ROOT) / "scorm").rglob("*") if p.is_file()]
    assert not any(str(package.key) in str(p) for p in stored), stored
    assert not root.exists()
