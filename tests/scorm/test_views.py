"""The lesson's player, the package's files under a launch token, and the cmi commit endpoint."""

import json
import re
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.test import Client, override_settings
from django.urls import reverse

from courses import services as course_services
from courses.models import LessonProgress
from scorm import selectors, services
from scorm.models import ScormAttempt

from ..auth import sign_in
from ..factories import make_official
from .packages import make_package, make_scorm_lesson, scorm_2004_zip


def _launch_url(world, lesson=None):
    return reverse(
        "scorm:launch",
        kwargs={"lesson_id": (lesson or world["lesson"]).pk, "package_id": world["package"].pk},
    )


def _launch(world, user=None, client=None):
    """What the lesson page's script does: fetch this learner's launch. Returns (JSON, launch cookie)."""
    client = client or Client()
    if user is not None or not client.session.get("_auth_user_id"):
        sign_in(client, user or world["learner"])
    response = client.get(_launch_url(world))
    assert response.status_code == 200, response.content
    return response.json(), response.cookies[selectors.launch_cookie_name(world["package"])]


def _frame(cookie=None):
    """The package's sandboxed frame: no session cookie, only the launch cookie of its path (if any)."""
    client = Client()
    if cookie is not None:
        client.cookies[cookie.key] = cookie.value
    return client


def _file_url(launch, path="index.html"):
    return f"/scorm/tep/{launch['token']}/{path}"


def _commit_url(world, lesson=None):
    return reverse(
        "scorm:commit",
        kwargs={"lesson_id": (lesson or world["lesson"]).pk, "package_id": world["package"].pk},
    )


def _post(client, url, data, **extra):
    return client.post(url, data=json.dumps(data), content_type="application/json", **extra)


# --- The lesson page and the learner's launch ----------------------------------------------------


@pytest.mark.django_db
def test_lesson_page_markup_holds_nothing_of_the_learner(client, scorm_world, django_assert_max_num_queries):
    """The block's markup is the same for every learner (a rendered body may be cached): the frame has no
    src, and no launch token, cmi data or CSRF token is in it; the script fetches them from scorm:launch."""
    sign_in(client, scorm_world["learner"])
    client.get(scorm_world["lesson"].url)  # warm the content cache, as a learner's earlier pages do
    with django_assert_max_num_queries(14):
        response = client.get(scorm_world["lesson"].url)
    html = response.content.decode()
    frame = re.search(r"<iframe[^>]*>", html).group(0)
    assert 'sandbox="allow-scripts"' in frame and "allow-same-origin" not in frame and "src=" not in frame
    assert "/scorm/tep/" not in html and "scorm-cmi" not in html
    assert f'data-launch-endpoint="{_launch_url(scorm_world)}"' in html
    assert "vendor/scorm-again/scorm12.min.js" in html and "vendor/scorm-again/cross-frame-lms.min.js" in html
    other = make_official(scorm_world["learner"].profile.organisation_unit).user
    course_services.enrollment_create(user=other, course=scorm_world["course"])
    sign_in(client, other)
    other_html = client.get(scorm_world["lesson"].url).content.decode()
    section = re.compile(r'<section class="scorm-player".*?</section>', re.S)
    assert section.search(html).group(0) == section.search(other_html).group(0)


@pytest.mark.django_db
def test_launch_gives_the_signed_url_the_cmi_and_a_short_cookie_scoped_to_its_path(
    client, scorm_world, django_assert_max_num_queries
):
    sign_in(client, scorm_world["learner"])
    with django_assert_max_num_queries(12):
        response = client.get(_launch_url(scorm_world))
    launch = response.json()
    assert response.headers["Cache-Control"] == "private, no-store"
    assert launch["launch_url"] == f"/scorm/tep/{launch['token']}/index.html" and launch["version"] == "1.2"
    assert launch["commit_url"] == _commit_url(scorm_world) and launch["csrf_token"]
    assert launch["cmi"]["cmi.core.entry"] == "ab-initio"
    assert launch["cmi"]["cmi.core.lesson_status"] == "not attempted"
    cookie = response.cookies[selectors.launch_cookie_name(scorm_world["package"])]
    assert cookie["path"] == f"/scorm/tep/{launch['token']}/"
    assert cookie["max-age"] == settings.LMS_SCORM_LAUNCH_MAX_AGE == 15 * 60
    assert cookie["httponly"] and cookie["secure"] and cookie["samesite"] == "None"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("saved", "resumed"),
    [
        pytest.param(
            {
                "lesson_status": "incomplete",
                "suspend_data": "buoc=2",
                "lesson_location": "trang-2",
                "exit": "suspend",
                "total_time": "0000:02:00.00",
            },
            {
                "cmi.suspend_data": "buoc=2",
                "cmi.core.lesson_location": "trang-2",
                "cmi.core.entry": "resume",
                "cmi.core.total_time": "0000:02:00.00",
            },
            id="suspended",
        ),
        # 100.00 was handed back as "1E+2", which scorm-again refuses: the package no longer opened.
        pytest.param(
            {"lesson_status": "passed", "score_raw": 100},
            {"cmi.core.score.raw": "100"},
            id="full-score-as-a-plain-number",
        ),
    ],
)
def test_launch_resumes_the_saved_cmi(scorm_world, saved, resumed):
    ScormAttempt.objects.create(
        user=scorm_world["learner"], lesson=scorm_world["lesson"], package=scorm_world["package"], **saved
    )
    cmi = _launch(scorm_world)[0]["cmi"]
    assert {key: cmi.get(key) for key in resumed} == resumed


@pytest.mark.django_db
def test_launch_resumes_saved_interactions_and_objectives_of_scorm_1_2(scorm_world):
    ScormAttempt.objects.create(
        user=scorm_world["learner"],
        lesson=scorm_world["lesson"],
        package=scorm_world["package"],
        lesson_status="incomplete",
        score_raw=Decimal("40"),
        score_max=Decimal("100"),
        suspend_data="buoc=2",
        lesson_location="trang-2",
        interactions=[
            {
                "id": "q1",
                "type": "choice",
                "student_response": "a",
                "result": "wrong",
                "correct_responses": ["b"],
                "learner_response": "2004 name, not given to a 1.2 package",
            },
            {"type": "choice"},  # no id: never saved, never resumed
            {"id": "q2", "result": "correct"},
        ],
        objectives=[{"id": "o1", "status": "failed", "score_raw": "3"}],
    )
    launch, cookie = _launch(scorm_world)
    cmi = launch["cmi"]
    assert (cmi["cmi.core.lesson_status"], cmi["cmi.core.score.raw"], cmi["cmi.core.score.max"]) == (
        "incomplete",
        "40",
        "100",
    )
    assert cmi["cmi.suspend_data"] == "buoc=2" and cmi["cmi.core.lesson_location"] == "trang-2"
    resumed = {key: value for key, value in cmi.items() if ".interactions." in key or ".objectives." in key}
    assert resumed == {
        "cmi.interactions.0.id": "q1",
        "cmi.interactions.0.type": "choice",
        "cmi.interactions.0.student_response": "a",
        "cmi.interactions.0.result": "wrong",
        "cmi.interactions.0.correct_responses.0.pattern": "b",
        "cmi.interactions.1.id": "q2",
        "cmi.interactions.1.result": "correct",
        "cmi.objectives.0.id": "o1",
        "cmi.objectives.0.status": "failed",
        "cmi.objectives.0.score.raw": "3",
    }
    # The package's frame starts from the same values (the bridge's data-cmi).
    html = _frame(cookie).get(_file_url(launch)).content.decode()
    assert "cmi.interactions.1.id&quot;: &quot;q2" in html and "cmi.objectives.0.status" in html


@pytest.mark.django_db
def test_launch_resumes_saved_interactions_and_objectives_of_scorm_2004(scorm_world):
    package = make_package(scorm_2004_zip(), title="Gói SCORM 2004")
    lesson = make_scorm_lesson(scorm_world["course"], package, title="Bài SCORM 2004")
    world = {**scorm_world, "package": package, "lesson": lesson}
    services.scorm_cmi_save(
        user=world["learner"],
        lesson=lesson,
        package=package,
        data={
            "cmi.completion_status": "incomplete",
            "cmi.success_status": "failed",
            "cmi.score.scaled": "0.4",
            "cmi.score.raw": "4",
            "cmi.location": "trang-3",
            "cmi.suspend_data": "buoc=3",
            "cmi.exit": "suspend",
            "cmi.interactions.0.id": "cau-1",
            "cmi.interactions.0.type": "choice",
            "cmi.interactions.0.learner_response": "b",
            "cmi.interactions.0.correct_responses.0.pattern": "a",
            "cmi.interactions.0.result": "incorrect",
            "cmi.interactions.0.description": "Trung tâm IOC theo dõi gì?",
            "cmi.objectives.0.id": "muc-tieu-1",
            "cmi.objectives.0.success_status": "failed",
            "cmi.objectives.0.score.scaled": "0.4",
        },
    )
    cmi = _launch(world)[0]["cmi"]
    assert (cmi["cmi.completion_status"], cmi["cmi.success_status"], cmi["cmi.entry"]) == (
        "incomplete",
        "failed",
        "resume",
    )
    assert (cmi["cmi.score.scaled"], cmi["cmi.score.raw"]) == ("0.4", "4")
    assert (cmi["cmi.location"], cmi["cmi.suspend_data"]) == ("trang-3", "buoc=3")
    assert cmi["cmi.interactions.0.id"] == "cau-1" and cmi["cmi.interactions.0.type"] == "choice"
    assert cmi["cmi.interactions.0.learner_response"] == "b"
    assert cmi["cmi.interactions.0.correct_responses.0.pattern"] == "a"
    assert cmi["cmi.interactions.0.result"] == "incorrect"
    assert cmi["cmi.interactions.0.description"] == "Trung tâm IOC theo dõi gì?"
    assert cmi["cmi.objectives.0.id"] == "muc-tieu-1"
    assert cmi["cmi.objectives.0.success_status"] == "failed"
    assert cmi["cmi.objectives.0.score.scaled"] == "0.4"
    assert not any(key.startswith("cmi.interactions.1.") for key in cmi)


@pytest.mark.django_db
def test_free_preview_lesson_asks_a_visitor_to_sign_in_and_serves_no_launch_token(client, scorm_world):
    lesson = make_scorm_lesson(scorm_world["course"], scorm_world["package"], free_preview=True)
    html = client.get(lesson.url).content.decode()
    assert "/scorm/tep/" not in html
    refused = client.get(_launch_url(scorm_world, lesson=lesson))
    assert refused.status_code == 403 and "đăng nhập và đăng ký học" in refused.json()["message"]
    assert not refused.cookies


@pytest.mark.django_db
def test_someone_not_enrolled_reaches_neither_the_lesson_nor_a_launch(client, scorm_world):
    sign_in(client, scorm_world["other"])
    response = client.get(scorm_world["lesson"].url)
    assert response.status_code == 302 and "/scorm/tep/" not in response.content.decode()
    assert client.get(_launch_url(scorm_world)).status_code == 403


# --- Package files -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_launch_file_is_served_to_the_frame_with_its_cookie_under_a_strict_policy(
    scorm_world, django_assert_max_num_queries
):
    launch, cookie = _launch(scorm_world)
    frame = _frame(cookie)  # a sandboxed frame sends no session cookie, only the launch cookie
    with django_assert_max_num_queries(6):
        response = frame.get(_file_url(launch))
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
    assert 'data-version="1.2"' in html
    assert scorm_world["learner"].email in html or scorm_world["learner"].get_full_name() in html


@pytest.mark.django_db
def test_other_package_files_are_served_with_their_type(scorm_world):
    launch, cookie = _launch(scorm_world)
    response = _frame(cookie).get(_file_url(launch, "sco.js"))
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
    launch, cookie = _launch(scorm_world)
    response = _frame(cookie).get(_file_url(launch, path))
    assert response.status_code in (400, 404)
    assert b"LMSInitialize" not in response.content and b"root:" not in response.content


@pytest.mark.django_db
def test_a_leaked_url_opens_for_nobody_else(scorm_world):
    """Learner A's launch URL: without A's launch cookie it is refused, whoever holds it (anonymous, learner B
    signed in with B's own launch of the same lesson), and B holding A's cookie is refused too."""
    launch, cookie = _launch(scorm_world)
    assert _frame(cookie).get(_file_url(launch)).status_code == 200
    assert Client().get(_file_url(launch)).status_code == 404
    # The package's other files come from its opaque-origin frame, which sends no cookie: the token alone
    # serves them (ADR 0030), to nobody signed in as someone else.
    assert Client().get(_file_url(launch, "sco.js")).status_code == 200
    other = make_official(scorm_world["learner"].profile.organisation_unit).user
    course_services.enrollment_create(user=other, course=scorm_world["course"])
    client_b = Client()
    _launch_b, cookie_b = _launch(scorm_world, user=other, client=client_b)
    frame_b = Client()  # the frame of B's launch (a copy: the test client shares Morsel objects)
    frame_b.cookies[cookie_b.key] = cookie_b.value
    assert client_b.get(_file_url(launch)).status_code == 404  # B's session, B's cookie, A's URL
    client_b.cookies[cookie.key] = cookie.value  # B even got A's cookie: still not B's launch
    assert client_b.get(_file_url(launch)).status_code == 404
    assert client_b.get(_file_url(launch, "sco.js")).status_code == 404
    # The cookie of B's launch does not open A's URL either (it is bound to B's token).
    assert frame_b.get(_file_url(launch)).status_code == 404
    assert frame_b.get(_file_url(_launch_b)).status_code == 200  # while it opens B's own


@pytest.mark.django_db
def test_a_launch_expires_unless_the_lesson_page_renews_it(scorm_world):
    client = Client()
    launch, cookie = _launch(scorm_world, client=client)
    url = _file_url(launch)
    with override_settings(LMS_SCORM_LAUNCH_MAX_AGE=-1):
        assert _frame(cookie).get(url).status_code == 404  # the cookie is past its age
    renewed = client.get(_launch_url(scorm_world), {"renew": launch["token"]})
    assert renewed.status_code == 200 and renewed.json() == {"result": True}
    fresh = renewed.cookies[cookie.key]
    assert fresh["path"] == cookie["path"] and _frame(fresh).get(url).status_code == 200
    with override_settings(LMS_SCORM_SESSION_MAX_AGE=-1):
        assert _frame(fresh).get(url).status_code == 404  # renewals cannot keep a launch open for ever
    # Another session (even of the same learner) or another learner cannot renew it.
    other_session = Client()
    sign_in(other_session, scorm_world["learner"])
    assert other_session.get(_launch_url(scorm_world), {"renew": launch["token"]}).status_code == 403
    assert client.get(_launch_url(scorm_world), {"renew": "forged~token"}).status_code == 403


@pytest.mark.django_db
def test_a_forged_or_altered_token_is_refused(scorm_world):
    launch, cookie = _launch(scorm_world)
    token = launch["token"]
    altered = token.replace(f"{scorm_world['learner'].pk}.", f"{scorm_world['other'].pk}.", 1)
    for bad in ("forged", altered, token[:-2] + "xx"):
        assert _frame(cookie).get(_file_url({"token": bad})).status_code == 404


@pytest.mark.django_db
def test_a_token_ends_when_the_learner_withdraws(scorm_world):
    launch, cookie = _launch(scorm_world)
    course_services.enrollment_withdraw(enrollment=scorm_world["enrollment"])
    assert _frame(cookie).get(_file_url(launch)).status_code == 404


@pytest.mark.django_db
def test_a_token_ends_when_the_package_is_replaced(scorm_world):
    launch, cookie = _launch(scorm_world)
    package = scorm_world["package"]
    package.key = uuid.uuid4()  # what a new upload does (scorm.wagtail_hooks.ScormPackageForm)
    package.save()
    assert _frame(cookie).get(_file_url(launch)).status_code == 404


@pytest.mark.django_db
def test_a_token_for_someone_who_may_not_see_the_lesson_is_refused(scorm_world):
    token = selectors.launch_token(
        user=scorm_world["other"], lesson=scorm_world["lesson"], package=scorm_world["package"]
    )
    cookie = selectors.launch_cookie(token=token)
    client = Client()
    client.cookies[selectors.launch_cookie_name(scorm_world["package"])] = cookie
    assert client.get(_file_url({"token": token})).status_code == 404


# --- The cmi commit endpoint -------------------------------------------------------------------


@pytest.mark.django_db
def test_commit_saves_cmi_and_completes_the_lesson(client, scorm_world, django_assert_max_num_queries):
    sign_in(client, scorm_world["learner"])
    client.get("/")  # the first request of a content generation caches the sites (cms.sites)
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
    token = client.get(_launch_url(scorm_world)).json()["csrf_token"]
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
