"""An uploaded package is checked and unpacked by the real task worker (a separate `db_worker` process, as
in production); until then the lesson tells learners, in Vietnamese, that it is being prepared."""

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings

from courses import services as course_services
from lms.settings.base import tasks_settings
from scorm import services
from scorm.models import ScormPackage

from ..auth import sign_in
from ..factories import make_course, make_official
from ..test_tasks_workers import run_worker, shared_database
from .packages import make_scorm_lesson, scorm_zip, traversal_zip


def _upload(content: bytes, title: str) -> ScormPackage:
    with transaction.atomic():
        package = ScormPackage(title=title)
        package.file.save("package.zip", ContentFile(content), save=False)
        package.save()
        services.scorm_package_queue(package=package)
    package.refresh_from_db()
    return package


@pytest.mark.django_db(transaction=True)
def test_the_worker_unpacks_a_good_package_and_refuses_a_malicious_one(client, catalog, tree, tmp_path):
    course = make_course(catalog, title="Học liệu tương tác", for_officials=True)
    learner = make_official(tree["ptdt"]).user
    course_services.enrollment_create(user=learner, course=course)
    with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
        good = _upload(scorm_zip(title="Gói tốt"), "Gói tốt")
        bad = _upload(traversal_zip(), "Gói độc hại")
        assert good.state == bad.state == "pending"
        lesson = make_scorm_lesson(course, good)
        sign_in(client, learner)
        html = client.get(lesson.url).content.decode()
        assert "đang được kiểm tra và chuẩn bị" in html and "data-scorm-player" not in html
        with shared_database(tmp_path) as url:
            run_worker("database", url)
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.state == "ready" and good.launch_path == "index.html" and "sco.js" in good.files
    assert bad.state == "refused" and "ngoài thư mục của gói" in bad.refusal
    html = client.get(lesson.url).content.decode()
    assert "data-scorm-player" in html and "đang được kiểm tra" not in html
