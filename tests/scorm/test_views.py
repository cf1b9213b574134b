"""The lesson's player, the package's files under a launch token, and the cmi commit endpoint."""

import json
import re
import uuid

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from courses import services as course_services
from courses.models import LessonProgress
from scorm import selectors
from scorm.models import ScormAttempt

from ..auth import sign_in
from .packages import make_scorm_lesson


def _token(world, user=None):
    return selectors.launch_token(
        user=user or world["learner"], lesson=world["lesson"], package=world["package"]
    )


def _file_url(world, path="index.html", token=None):
    return f"/scorm/tep/{token or _token(world)}/{path}"


def _commit_url(world, lesson=None):
    return reverse(
        "scorm:commit",
        kwargs={"lesson_id": (lesson or world["lesson"]).pk, "package_id": world["package"].pk},
    )


def _post(client, url, data, **extra):
    return client.post(url, data=json.dumps(data), content_type="application/json", **extra)


# --- The lesson page ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_lesson_page_plays_the_package_in_a_sandboxed_frame(
    client, scorm_world, django_assert_max_num_queries
):
    sign_in(client, scorm_world["learner"])
    client.get(scorm_world["lesson"].url)  # warm the content cache, as a learner's earlier pages do
    with django_assert_max_num_queries(14):
        response = client.get(scorm_world["lesson"].url)
    html = response.content.decode()
    frame = re.search(r"<iframe[^>]*>", html).group(0)
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame
    assert 'src="/scorm/tep/' in frame and "/index.html" in frame
    assert "vendor/scorm-again/scorm12.min.js" in html and "vendor/scorm-again/cross-frame-lms.min.js" in html
    assert _commit_url(scorm_world) in html
    cmi = json.loads(
        re.search(r'<script id="scorm-cmi-\d+" type="application/json">(.*?)</script>', html).group(1)
    )
    assert cmi["cmi.core.entry"] == "ab-initio" and cmi["cmi.core.lesson_status"] == "not attempted"


@pytest.mark.django_db
def test_lesson_page_resumes_the_saved_cmi(client, scorm_world):
    ScormAttempt.objects.create(
        user=scorm_world["learner"],
        lesson=scorm_world["lesson"],
        package=scorm_world["package"],
        lesson_status="incomplete",
        suspend_data="buoc=2",
        lesson_location="trang-2",
        exit="suspend",
        total_time="0000:02:00.00",
    )
    sign_in(client, scorm_world["learner"])
    html = client.get(scorm_world["lesson"].url).content.decode()
    cmi = json.loads(
        re.search(r'<script id="scorm-cmi-\d+" type="application/json">(.*?)</script>', html).group(1)
    )
    assert cmi["cmi.suspend_data"] == "buoc=2" and cmi["cmi.core.lesson_location"] == "trang-2"
    assert cmi["cmi.core.entry"] == "resume" and cmi["cmi.core.total_time"] == "0000:02:00.00"


@pytest.mark.django_db
def test_free_preview_lesson_asks_a_visitor_to_sign_in_and_serves_no_launch_token(client, scorm_world):
    lesson = make_scorm_lesson(scorm_world["course"], scorm_world["package"], free_preview=True)
    html = client.get(lesson.url).content.decode()
    assert "<iframe" not in html and "/scorm/tep/" not in html
    assert "đăng nhập và đăng ký học" in html


@pytest.mark.django_db
def test_someone_not_enrolled_does_not_reach_the_lesson_page(client, scorm_world):
    sign_in(client, scorm_world["other"])
    response = client.get(scorm_world["lesson"].url)
    assert response.status_code == 302 and "/scorm/tep/" not in response.content.decode()


# --- Package files -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_launch_file_is_served_without_cookies_under_a_strict_policy(
    scorm_world, django_assert_max_num_queries
):
    client = Client()  # a sandboxed frame sends no cookies: the token is the credential
    with django_assert_max_num_queries(6):
        response = client.get(_file_url(scorm_world))
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    for directive in (
        "sandbox allow-scripts",
        "connect-src 'none'",
        "frame-ancestors 'self'",
        "default-src 'none'",
    ):
        assert directive in policy
    assert "allow-same-origin" not in policy
    assert response.headers["X-Frame-Options"] == "SAMEORIGIN"
    assert response.headers["Cache-Control"] == "private, no-store"
    html = response.content.decode()
    # The cross-frame bridge comes right after <head>, before any script of the package, with the saved cmi.
    assert html.index("cross-frame-api.min.js") < html.index("scorm-frame.js") < html.index('src="sco.js"')
    assert scorm_world["learner"].email in html or scorm_world["learner"].get_full_name() in html


@pytest.mark.django_db
def test_other_package_files_are_served_with_their_type(scorm_world):
    response = Client().get(_file_url(scorm_world, "sco.js"))
    assert response.status_code == 200
    assert response.headers["Content-Type"].endswith("javascript")
    assert b"LMSInitialize" in b"".join(response.streaming_content)
    assert "sandbox allow-scripts" in response.headers["Content-Security-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "../package.zip",
        "../../../../etc/passwd",
        "%2e%2e/%2e%2e/etc/passwd",
        "..%2f..%2fetc%2fpasswd",
        "/etc/passwd",
        "sco.js/../imsmanifest.xml",
        "./index.html",
        "C:/Windows/win.ini",
        "missing.html",
        "INDEX.HTML",
        "index.html%00.js",
    ],
)
def test_no_path_outside_the_recorded_files_is_served(scorm_world, path):
    response = Client().get(_file_url(scorm_world, path))
    assert response.status_code in (400, 404)
    assert b"LMSInitialize" not in response.content and b"root:" not in response.content


@pytest.mark.django_db
def test_a_forged_or_altered_token_is_refused(scorm_world):
    token = _token(scorm_world)
    altered = token.replace(f"{scorm_world['learner'].pk}.", f"{scorm_world['other'].pk}.", 1)
    for bad in ("forged", altered, token[:-2] + "xx"):
        assert Client().get(_file_url(scorm_world, token=bad)).status_code == 404


@pytest.mark.django_db
def test_an_expired_token_is_refused(scorm_world):
    url = _file_url(scorm_world)
    with override_settings(LMS_SCORM_LAUNCH_MAX_AGE=-1):
        assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_a_token_ends_when_the_learner_withdraws(scorm_world):
    url = _file_url(scorm_world)
    course_services.enrollment_withdraw(enrollment=scorm_world["enrollment"])
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_a_token_ends_when_the_package_is_replaced(scorm_world):
    url = _file_url(scorm_world)
    package = scorm_world["package"]
    package.key = uuid.uuid4()  # what a new upload does (scorm.wagtail_hooks.ScormPackageForm)
    package.save()
    assert Client().get(url).status_code == 404


@pytest.mark.django_db
def test_a_token_for_someone_who_may_not_see_the_lesson_is_refused(scorm_world):
    assert (
        Client().get(_file_url(scorm_world, token=_token(scorm_world, user=scorm_world["other"]))).status_code
        == 404
    )


# --- The cmi commit endpoint -------------------------------------------------------------------


@pytest.mark.django_db
def test_commit_saves_cmi_and_completes_the_lesson(client, scorm_world, django_assert_max_num_queries):
    sign_in(client, scorm_world["learner"])
    data = {"cmi.core.lesson_status": "completed", "cmi.suspend_data": "xong", "cmi.core.score.raw": "80"}
    # 28 measured: most are courses' completion path (the lesson recorded, the course's rule re-checked).
    with django_assert_max_num_queries(30):
        response = _post(client, _commit_url(scorm_world), data)
    assert response.status_code == 200 and response.json() == {
        "result": True,
        "errorCode": 0,
        "lesson_status": "completed",
    }
    assert LessonProgress.objects.filter(
        enrollment=scorm_world["enrollment"], lesson=scorm_world["lesson"]
    ).exists()


@pytest.mark.django_db
def test_commit_needs_the_csrf_token(scorm_world):
    client = Client(enforce_csrf_checks=True)
    sign_in(client, scorm_world["learner"])
    page = client.get(scorm_world["lesson"].url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = {"cmi.core.lesson_status": "incomplete"}
    assert _post(client, _commit_url(scorm_world), data).status_code == 403
    assert not ScormAttempt.objects.exists()
    assert _post(client, _commit_url(scorm_world), data, HTTP_X_CSRFTOKEN=token).status_code == 200


@pytest.mark.django_db
def test_commit_refuses_bad_input_with_a_translated_error_and_changes_nothing(client, scorm_world):
    sign_in(client, scorm_world["learner"])
    url = _commit_url(scorm_world)
    bad_json = client.post(url, data="{not json", content_type="application/json")
    assert bad_json.status_code == 400 and "không đọc được" in bad_json.json()["message"]
    invalid = _post(client, url, {"cmi.core.lesson_status": "xong"})
    assert invalid.status_code == 400 and "cmi.core.lesson_status" in invalid.json()["message"]
    with override_settings(LMS_SCORM_MAX_COMMIT_BYTES=100):
        too_big = _post(client, url, {"cmi.suspend_data": "x" * 200})
    assert too_big.status_code == 413 and too_big.json()["result"] is False
    assert _post(client, url, ["not", "an", "object"]).status_code == 400
    assert not ScormAttempt.objects.exists()


@pytest.mark.django_db
def test_commit_refuses_who_may_not_save_and_packages_not_in_the_lesson(client, scorm_world):
    data = {"cmi.core.lesson_status": "completed"}
    assert _post(client, _commit_url(scorm_world), data).status_code == 403  # anonymous
    sign_in(client, scorm_world["other"])
    refused = _post(client, _commit_url(scorm_world), data)
    assert refused.status_code == 403 and "đăng ký học" in refused.json()["message"]
    sign_in(client, scorm_world["learner"])
    assert (
        _post(client, _commit_url(scorm_world, lesson=scorm_world["other_lesson"]), data).status_code == 404
    )
    assert client.get(_commit_url(scorm_world)).status_code == 405
    assert not ScormAttempt.objects.exists() and not LessonProgress.objects.exists()
