"""The SCORM screens of #19 as each role meets them, at 390 and 1280 px: the learner's lesson (playing, and
while its package is still being checked), the trainer's attempt list and one learner's answers, and the
admin's package list and edit screens (ready and refused). axe finds no serious or critical WCAG 2.1 A/AA
violation and no page scrolls sideways at 320 px outside a table's own scroll box."""

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from courses import services as course_services
from scorm import services
from scorm.models import ScormAttempt, ScormPackage

from ..factories import UserFactory, make_course, make_official
from ..scorm.packages import make_package, make_scorm_lesson, scorm_2004_zip, traversal_zip
from .a11y import DESKTOP, PHONE, assert_admin_accessible, new_context, sweep_screens

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def scorm_screens(catalog, tree):
    from django.core.files.base import ContentFile

    course = make_course(catalog, title="Dữ liệu mở của tỉnh", for_officials=True)
    package = make_package(scorm_2004_zip(title="Tình huống 2004", success="passed", scaled="0.9"))
    lesson = make_scorm_lesson(course, package, title="Tình huống tương tác")
    pending = ScormPackage(title="Gói đang kiểm tra")
    pending.file.save("package.zip", ContentFile(b"PK"), save=False)
    pending.save()
    waiting = make_scorm_lesson(course, pending, title="Bài chờ gói")
    refused = ScormPackage(title="Gói độc hại")
    refused.file.save("package.zip", ContentFile(traversal_zip()), save=False)
    refused.save()
    services.scorm_package_process(package_id=refused.pk)
    learner = make_official(tree["ptdt"]).user
    course_services.enrollment_create(user=learner, course=course)
    attempt = ScormAttempt.objects.create(
        user=learner,
        lesson=lesson,
        package=package,
        lesson_status="passed",
        completion_status="completed",
        success_status="passed",
        score_scaled="0.9",
        score_raw=90,
        interactions=[
            {
                "id": "cau-1",
                "type": "choice",
                "learner_response": "b",
                "correct_responses": ["b"],
                "result": "correct",
                "description": "Trung tâm IOC theo dõi những chỉ số nào trong một ca trực?",
            }
        ],
        objectives=[{"id": "muc-tieu-1", "success_status": "passed", "score_raw": "9"}],
    )
    trainer = UserFactory(full_name="Giảng Viên Tương Tác")
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    course.trainers.add(trainer)
    course.save()
    from ..auth import TOTP, TOTP_SECRET

    TOTP.activate(trainer, TOTP_SECRET)
    return {
        "lesson": lesson,
        "waiting": waiting,
        "attempt": attempt,
        "learner": learner,
        "trainer": trainer,
        "package": package,
        "refused": refused,
    }


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_scorm_screens_pass_axe_for_learner_and_trainer(
    browser, live_server, scorm_screens, viewport, tmp_path
):
    w = scorm_screens
    screens = [
        ("learner", w["lesson"].url, "iframe[data-scorm-frame]"),
        ("learner", w["waiting"].url, "[data-scorm-pending]"),
        ("trainer", f"/scorm/bai-hoc/{w['lesson'].pk}/luot-hoc/", ".report-table"),
        ("trainer", f"/scorm/luot-hoc/{w['attempt'].pk}/", ".scorm-records"),
    ]

    def opened(url, marker):
        def act(page):
            page.goto(url)
            page.locator(marker).first.wait_for()

        return act

    failures = sweep_screens(
        browser,
        live_server,
        users={role: w[role] for role in ("learner", "trainer")},
        screens=[(role, opened(url, marker), marker) for role, url, marker in screens],
        viewport=viewport,
        shots=tmp_path,
    )
    assert not failures, "\n".join(failures)


def test_scorm_admin_screens_pass_axe(browser, live_server, scorm_screens):
    w = scorm_screens
    context = new_context(browser, live_server, viewport=DESKTOP, user=w["trainer"])
    page = context.new_page()
    try:
        page.goto("/admin/snippets/scorm/scormpackage/")
        page.get_by_text("Gói độc hại").first.wait_for()
        assert_admin_accessible(page, "SCORM package list")
        page.goto(f"/admin/snippets/scorm/scormpackage/edit/{w['refused'].pk}/")
        page.locator('[data-scorm-state="refused"]').wait_for()
        assert_admin_accessible(page, "SCORM package refused")
        page.goto(f"/admin/snippets/scorm/scormpackage/edit/{w['package'].pk}/")
        page.locator('[data-scorm-state="ready"]').wait_for()
        assert_admin_accessible(page, "SCORM package ready")
    finally:
        context.close()
