"""IDOR matrix: every URL that names an object, requested by users who must not reach learner A's.

The URL patterns are read from the resolver, so a new URL with a parameter fails
``test_every_object_url_is_in_the_matrix`` until it gets a case here or an exception with its reason.
Each case requests learner A's object as other users (another learner, a citizen, the HR manager of
another subtree, a trainer without rights, an anonymous visitor), by GET and by POST, and checks that the
answer is a refusal (403/404/405 or a login redirect) or, for shared pages, carries none of A's data; that no
answer is a 500; and that nothing in the database changed.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from wagtail.models import Page

from accounts import roles
from accounts.models import DeletionRequest, HRScope
from courses.models import Enrollment
from jobs.models import Job

from .auth import sign_in
from .security_world import (
    SECRET_LESSON_TEXT,
    World,
    build_world,
    class_pending,
    class_session,
    evaluation_invitation,
    official_import,
    scorm_attempt,
    scorm_lesson,
    state,
)

DENY = "deny"  # 403, 404 or 405, or a redirect to a login page
HARMLESS = "harmless"  # any answer below 500, as long as it carries none of A's data and changes nothing


@dataclass(frozen=True)
class Case:
    url: Callable[[World], str]
    actors: tuple[str, ...]
    expect: str = DENY
    methods: tuple[str, ...] = ("get", "post")
    data: dict = field(default_factory=dict)
    secrets: Callable[[World], list[str]] = World.secrets


def _url(name: str, **kwargs: Callable[[World], object]) -> Callable[[World], str]:
    return lambda w: reverse(name, kwargs={key: value(w) for key, value in kwargs.items()})


OTHERS = ("anonymous", "learner_b", "citizen", "hr_b", "trainer")


def media_lesson(w: World):
    """A lesson of A's course with a video (Vietnamese captions, poster) and an attachment, and A's watch record
    (#19): made once per world, on first use."""
    if not hasattr(w, "_media_lesson"):
        from django.utils import timezone

        from lessonmedia.models import Caption
        from lessonmedia.services import watch_report

        from .factories import make_lesson
        from .lessonmedia.conftest import make_document, make_media

        media, document = make_media("Video bài 3"), make_document("Tài liệu bài 3")
        lesson = make_lesson(
            w.course,
            title="Bài 3",
            body=[
                ("media", {"media": media, "title": "Video", "required_percent": 50, "transcript": ""}),
                ("document", {"document": document, "title": "Tài liệu"}),
            ],
        )
        watch_report(
            user=w.learner_a,
            lesson_id=lesson.pk,
            media=media,
            ranges=[(0, 5)],
            position=5,
            now=timezone.now(),
        )
        w._media_lesson = (lesson, media, Caption.objects.get(media=media), document)
    return w._media_lesson


def _media_url(name: str, **extra: Callable) -> Callable[[World], str]:
    def build(w: World) -> str:
        lesson, media, caption, document = media_lesson(w)
        kwargs = {"lesson_id": lesson.pk}
        kwargs.update({key: value(media, caption, document) for key, value in extra.items()})
        return reverse(name, kwargs=kwargs)

    return build


NOT_ENROLLED = ("anonymous", "citizen", "hr_b", "trainer")  # learner B also studies A's course

CASES: dict[str, Case] = {
    # Learning. Enrolling and the quiz page name shared objects: the other user may see them, never A's rows.
    "courses:enroll": Case(_url("courses:enroll", course_id=lambda w: w.draft_course.pk), OTHERS),
    # "Tiếp tục học" reads only the caller's own enrollment: others reach their own next step or a 404.
    "courses:resume": Case(_url("courses:resume", course_id=lambda w: w.course.pk), NOT_ENROLLED, HARMLESS),
    "courses:withdraw": Case(_url("courses:withdraw", course_id=lambda w: w.approval_course.pk), OTHERS),
    "courses:lesson_complete": Case(
        _url("courses:lesson_complete", lesson_id=lambda w: w.lessons[1].pk), NOT_ENROLLED, HARMLESS
    ),
    "courses:quiz": Case(_url("courses:quiz", quiz_id=lambda w: w.quiz.pk), OTHERS, HARMLESS),
    "courses:quiz_start": Case(
        _url("courses:quiz_start", quiz_id=lambda w: w.quiz.pk), NOT_ENROLLED, HARMLESS
    ),
    "courses:attempt": Case(
        _url("courses:attempt", public_id=lambda w: w.attempt_open.public_id),
        (*OTHERS, "hr_a"),
        data={"action": "submit"},
    ),
    "courses:attempt_autosave": Case(
        _url("courses:attempt_autosave", public_id=lambda w: w.attempt_open.public_id), (*OTHERS, "hr_a")
    ),
    "courses:attempt_confirm": Case(
        _url("courses:attempt_confirm", public_id=lambda w: w.attempt_open.public_id),
        (*OTHERS, "hr_a"),
        methods=("get",),
    ),
    "courses:attempt_result": Case(
        _url("courses:attempt_result", public_id=lambda w: w.attempt_done.public_id), (*OTHERS, "hr_a")
    ),
    # Lessons are pages: a visitor who is not enrolled reaches neither the lesson nor its text.
    "wagtail_serve": Case(
        lambda w: w.lessons[1].url,
        ("anonymous", "citizen"),
        HARMLESS,
        methods=("get",),
        secrets=lambda w: [SECRET_LESSON_TEXT],
    ),
    # Lesson media (#19): a lesson's video, poster, captions and attachment are served to those who may see the
    # lesson (learner B studies the course too; staff preview lessons); the watch report writes only the
    # caller's own record, and nothing for anyone the lesson is not served to.
    "lessonmedia:file": Case(
        _media_url("lessonmedia:file", media_id=lambda m, c, d: m.pk),
        ("anonymous", "citizen"),
        methods=("get",),
    ),
    "lessonmedia:poster": Case(
        _media_url("lessonmedia:poster", media_id=lambda m, c, d: m.pk), ("anonymous", "citizen")
    ),
    "lessonmedia:caption": Case(
        _media_url("lessonmedia:caption", media_id=lambda m, c, d: m.pk, caption_id=lambda m, c, d: c.pk),
        ("anonymous", "citizen"),
    ),
    "lessonmedia:progress": Case(
        _media_url("lessonmedia:progress", media_id=lambda m, c, d: m.pk),
        ("anonymous", "citizen"),
        data={"ranges": "[[0, 20]]", "position": "20"},
    ),
    "lessonmedia:document": Case(
        _media_url("lessonmedia:document", document_id=lambda m, c, d: d.pk), ("anonymous", "citizen")
    ),
    "wagtaildocs_serve": Case(lambda w: media_lesson(w)[3].url, ("anonymous", "citizen"), methods=("get",)),
    # Classes: A's class is still being planned, so nobody else may open it, join it, leave it or read its
    # calendar; trainers of the group reach only the classes they teach in the admin.
    "classes:detail": Case(_url("classes:detail", pk=lambda w: w.training_class.pk), OTHERS),
    "classes:register": Case(_url("classes:register", pk=lambda w: w.training_class.pk), OTHERS),
    "classes:withdraw": Case(_url("classes:withdraw", pk=lambda w: w.training_class.pk), OTHERS),
    "classes:class_feed": Case(_url("classes:class_feed", pk=lambda w: w.training_class.pk), OTHERS),
    "wagtailsnippets_classes_trainingclass:edit": Case(
        _url("wagtailsnippets_classes_trainingclass:edit", pk=lambda w: w.training_class.pk),
        OTHERS,
        data={"name": "Bị sửa"},
    ),
    # Certificates.
    "certificates:download": Case(
        _url("certificates:download", serial=lambda w: w.certificate.serial), OTHERS
    ),
    "certificate_staff:revoke": Case(
        _url("certificate_staff:revoke", pk=lambda w: w.certificate.pk), OTHERS, data={"reason": "Thử"}
    ),
    "certificate_staff:reissue": Case(
        _url("certificate_staff:reissue", pk=lambda w: w.certificate.pk), OTHERS, data={"reason": "Thử"}
    ),
    "certificate_staff:archive": Case(
        _url("certificate_staff:archive", public_id=lambda w: w.archive.public_id), OTHERS
    ),
    "certificate_staff:archive_download": Case(
        _url("certificate_staff:archive_download", public_id=lambda w: w.archive.public_id), OTHERS
    ),
    # HR reports: the other subtree's manager gets 404, anyone else 403.
    # Training records: A's own pages, evidence and entries; HR of A's subtree only (ADR 0033).
    "records:external_withdraw": Case(
        _url("records:external_withdraw", public_id=lambda w: w.external_entry.public_id), (*OTHERS, "hr_a")
    ),
    "records:evidence": Case(
        _url("records:evidence", public_id=lambda w: w.external_entry.public_id), OTHERS
    ),
    "records_staff:person": Case(
        _url("records_staff:person", public_id=lambda w: w.learner_a.public_id), OTHERS
    ),
    "records_staff:person_pdf": Case(
        _url("records_staff:person_pdf", public_id=lambda w: w.learner_a.public_id), OTHERS
    ),
    "records_staff:external_enter": Case(
        _url("records_staff:external_enter", public_id=lambda w: w.learner_a.public_id),
        OTHERS,
        data={
            "title": "X",
            "provider": "Y",
            "periods": "8",
            "starts_on": "2026-01-01",
            "ends_on": "2026-01-02",
        },
    ),
    "records_staff:decide": Case(
        _url("records_staff:decide", public_id=lambda w: w.external_entry.public_id),
        OTHERS,
        data={"decision": "approve"},
    ),
    "records_staff:target_delete": Case(
        _url("records_staff:target_delete", pk=lambda w: w.target.pk), OTHERS
    ),
    "reports:unit_detail": Case(_url("reports:unit_detail", unit_id=lambda w: w.tree["ptdt"].pk), OTHERS),
    "reports:learner_detail": Case(
        _url("reports:learner_detail", public_id=lambda w: w.learner_a.public_id), OTHERS
    ),
    "reports:export": Case(
        lambda w: (
            reverse("reports:export", kwargs={"report": "learners", "fmt": "csv"})
            + f"?unit={w.tree['ptdt'].pk}"
        ),
        OTHERS,
    ),
    "reports:export_job": Case(
        _url("reports:export_job", public_id=lambda w: w.export_job.public_id), OTHERS
    ),
    "reports:export_job_download": Case(
        _url("reports:export_job_download", public_id=lambda w: w.export_job.public_id), OTHERS
    ),
    # The one download view of job files, reached without a kind in the URL.
    "jobs:download": Case(_url("jobs:download", public_id=lambda w: w.export_job.public_id), OTHERS),
    # Enrollment requests: only the learner's HR manager, the course's trainers and administrators decide.
    "enrollment_request_decide": Case(
        _url("enrollment_request_decide", pk=lambda w: w.pending_a.pk),
        OTHERS,
        data={"decision": "approve"},
    ),
    # Class registrations: only the learner's HR manager, the class's trainers and administrators decide.
    "class_registration_decide": Case(
        _url("class_registration_decide", pk=lambda w: class_pending(w).pk),
        OTHERS,
        data={"decision": "approve"},
    ),
    # Classes (#15): a class's trainer screens are 404 for anyone who does not teach it; the check-in link
    # without a current token records nothing (400) and shows nothing of A.
    "class_staff:detail": Case(
        _url("class_staff:detail", class_id=lambda w: class_session(w).training_class_id), OTHERS
    ),
    "class_staff:roster": Case(
        _url("class_staff:roster", session_id=lambda w: class_session(w).pk),
        OTHERS,
        data={"status-1": "present", "status-2": "present", "status-3": "present"},
    ),
    "class_staff:checkin_screen": Case(
        _url("class_staff:checkin_screen", session_id=lambda w: class_session(w).pk), OTHERS
    ),
    "class_staff:checkin_state": Case(
        _url("class_staff:checkin_state", session_id=lambda w: class_session(w).pk), OTHERS
    ),
    "class_staff:sign_in_sheet": Case(
        _url("class_staff:sign_in_sheet", session_id=lambda w: class_session(w).pk), OTHERS
    ),
    "checkin:scan": Case(
        lambda w: reverse("checkin:scan", kwargs={"session_id": class_session(w).pk}) + "?ma=forged:token",
        OTHERS,
        HARMLESS,
    ),
    # SCORM (#19): the commit endpoint saves only the caller's own cmi data, and only for a learner of the
    # course (the others get 403/404, nothing saved); a package's files need a signed launch token, which
    # a forged one is not (tests/scorm/test_views.py: expired, altered, withdrawn, traversal).
    "scorm:commit": Case(
        lambda w: reverse(
            "scorm:commit", kwargs={"lesson_id": scorm_lesson(w).pk, "package_id": scorm_lesson(w).package.pk}
        ),
        NOT_ENROLLED,
        data={"cmi.core.lesson_status": "completed"},
    ),
    # The learner's launch (signed URL, cmi, cookie) is the caller's own: another learner of the course and a
    # trainer previewing get their own, never A's suspend data or name.
    "scorm:launch": Case(
        lambda w: reverse(
            "scorm:launch", kwargs={"lesson_id": scorm_lesson(w).pk, "package_id": scorm_lesson(w).package.pk}
        ),
        OTHERS,
        HARMLESS,
        methods=("get",),
    ),
    # The trainer's view of attempts: trainers of the course and HR of A's subtree only. HR of another
    # subtree reaches the list, with none of A's rows (tests/scorm/test_attempts.py); A's attempt is a 404.
    "scorm:lesson_attempts": Case(
        lambda w: reverse("scorm:lesson_attempts", kwargs={"lesson_id": scorm_lesson(w).pk}),
        OTHERS,
        HARMLESS,
    ),
    "scorm:attempt": Case(
        lambda w: reverse("scorm:attempt", kwargs={"attempt_id": scorm_attempt(w).pk}),
        OTHERS,
    ),
    "scorm:file": Case(
        lambda w: reverse(
            "scorm:file", kwargs={"token": f"{w.learner_a.pk}.1.1.0~forged~x", "path": "index.html"}
        ),
        OTHERS,
    ),
    # Evaluations (#17): A's invitation is A's alone (404 for everyone else, answers or not); the results
    # are for A's HR manager, administrators and the evaluated trainers only.
    "evaluations:answer": Case(
        _url("evaluations:answer", invitation_id=lambda w: evaluation_invitation(w).pk),
        (*OTHERS, "hr_a"),
        data={"item-1": "10"},
    ),
    "evaluation_staff:detail": Case(
        _url("evaluation_staff:detail", evaluation_id=lambda w: evaluation_invitation(w).evaluation_id),
        OTHERS,
    ),
    "evaluation_staff:export": Case(
        _url("evaluation_staff:export", evaluation_id=lambda w: evaluation_invitation(w).evaluation_id),
        OTHERS,
    ),
    # Admin views the project adds, and two Wagtail ones a trainer's group does not grant.
    "quiz_stats": Case(_url("quiz_stats", quiz_id=lambda w: w.quiz.pk), ("anonymous", "learner_b", "hr_b")),
    "quiz_questions_import": Case(
        _url("quiz_questions_import", quiz_id=lambda w: w.quiz.pk), ("anonymous", "learner_b", "hr_b")
    ),
    "certificate_template_preview": Case(
        _url("certificate_template_preview", pk=lambda w: w.certificate.template_id), OTHERS
    ),
    "certificate_template_regenerate": Case(
        _url("certificate_template_regenerate", pk=lambda w: w.certificate.template_id), OTHERS
    ),
    "wagtailadmin_pages:edit": Case(
        _url("wagtailadmin_pages:edit", page_id=lambda w: Page.objects.get(depth=2).pk),
        OTHERS,
        data={"title": "Bị sửa"},
    ),
    # Processing a deletion request erases the account: administrators only (an erasure would change
    # A's enrollments and attempts, which the state check sees).
    "accounts_deletion_request_process": Case(
        _url(
            "accounts_deletion_request_process",
            pk=lambda w: DeletionRequest.objects.get_or_create(user=w.learner_a, status="pending")[0].pk,
        ),
        OTHERS,
        data={"action": "erase"},
    ),
    # An import of officials is its uploader's: nobody else sees its dry run (names, masked numbers) or
    # applies it (which would create an official in A's unit).
    "officials_import_detail": Case(
        _url("officials_import_detail", public_id=lambda w: official_import(w).public_id), OTHERS
    ),
    "officials_import_apply": Case(
        _url("officials_import_apply", public_id=lambda w: official_import(w).public_id), OTHERS
    ),
    "wagtailsnippets_accounts_hrscope:edit": Case(
        _url(
            "wagtailsnippets_accounts_hrscope:edit",
            pk=lambda w: HRScope.objects.get(user=w.hr_a).pk,
        ),
        OTHERS,
        data={"user": "", "unit": ""},
    ),
}

# Parameterised URLs outside the matrix, each with the reason.
EXCEPTIONS: dict[str, str] = {
    "openid_connect_callback": "the provider's redirect back after sign-in (allauth's callback, kept under its "
    "own name to hold the ID token): the provider id names a configured provider, not an object, and the "
    "state/PKCE check refuses a callback nobody started (tests/accounts/test_sso.py)",
    "certificates:verify": "public by design: anyone holding the unguessable code sees what the certificate "
    "states (tests/certificates cover that nothing else is shown)",
    "certificates:verify_pdf": "public by design: the unguessable code gives the PDF of a valid certificate "
    "only (tests/certificates/test_certificate_files.py)",
    "account_confirm_email": "django-allauth: the key is an unguessable one-time token sent by e-mail",
    "account_reset_password_from_key": "django-allauth: the key is an unguessable one-time token sent by e-mail",
    "classes:learner_feed": "the learner's private calendar: the token is an unguessable secret the learner "
    "can regenerate or turn off (tests/classes/test_views.py)",
    "wagtaildocs_authenticate_with_password": "Wagtail's password form for a private collection",
    "wagtailcore_authenticate_with_password": "Wagtail's password form for a private page",
}
# Wagtail's own admin views check Wagtail's page, collection and snippet permissions; the project's admin
# views and two representative Wagtail ones are in CASES above.
EXCEPTED_PREFIXES = {
    "admin/": "Wagtail admin: guarded by Wagtail's permission policies",
    "api/v1/": "the API takes a token, not a session: API_CASES below, test_api_idor_matrix",
}


def _walk(patterns, prefix="", namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield prefix + str(pattern.pattern), name, pattern


def parameterised_urls() -> list[tuple[str, str | None]]:
    """(route, name) of every URL pattern that takes a parameter (a converter or a regex group)."""
    return [
        (route, name)
        for route, name, pattern in _walk(get_resolver().url_patterns)
        if getattr(pattern.pattern, "converters", None) or pattern.pattern.regex.groups
    ]


def test_every_object_url_is_in_the_matrix():
    urls = parameterised_urls()
    missing = [
        (route, name)
        for route, name in urls
        if name not in CASES
        and name not in EXCEPTIONS
        and not any(route.startswith(prefix) for prefix in EXCEPTED_PREFIXES)
    ]
    assert not missing, f"URLs with a parameter neither in CASES nor in EXCEPTIONS: {missing}"
    names = {name for _route, name in urls}
    # A case or exception for a URL that no longer exists is a sign the matrix went stale.
    assert not (set(CASES) | set(EXCEPTIONS)) - names
    admin = [name for route, name in urls if route.startswith(tuple(EXCEPTED_PREFIXES)) and name not in CASES]
    print(
        f"\n{len(urls)} parameterised URL patterns: {len(CASES)} in the matrix, {len(EXCEPTIONS)} excepted by "
        f"name, {len(admin)} Wagtail admin views excepted by prefix"
    )


def _body(response) -> str:
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    return content.decode("utf-8", errors="replace")


def _is_refusal(response) -> bool:
    """403/404/405, a redirect to a login page, or Wagtail's refusal (a redirect to the admin dashboard)."""
    if response.status_code in (403, 404, 405):
        return True
    location = response.get("Location", "") if response.status_code == 302 else None
    return location is not None and ("login" in location or location == reverse("wagtailadmin_home"))


@pytest.fixture
def world(catalog, tree) -> World:
    return build_world(catalog, tree)


@pytest.mark.django_db
def test_idor_matrix(client, world):
    """Each (URL, actor, method): refused or harmless, never a 500, never A's data, and nothing changed."""
    problems = []
    requests = 0
    for name, case in CASES.items():
        url = case.url(world)
        secrets = case.secrets(world)
        for actor in case.actors:
            user = world.actors.get(actor) or getattr(world, actor, None)
            client.logout()
            if user is not None:
                sign_in(client, user)
            for method in case.methods:
                before = state(world)
                response = client.post(url, case.data) if method == "post" else client.get(url)
                requests += 1
                where = f"{name} {method.upper()} {url} as {actor}: {response.status_code}"
                body = _body(response)
                if response.status_code >= 500:
                    problems.append(f"{where} (server error)")
                if case.expect == DENY and not _is_refusal(response):
                    problems.append(f"{where} (expected a refusal)")
                leaked = [secret for secret in secrets if secret in body]
                if leaked:
                    problems.append(f"{where} (shows {leaked})")
                if state(world) != before:
                    problems.append(f"{where} (changed the database)")
    assert requests > 100
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_owner_and_own_hr_still_reach_the_objects(client, world):
    """The matrix refuses others; the same URLs work for A and A's HR manager (so the refusals are real)."""
    sign_in(client, world.learner_a)
    for url in (
        reverse("courses:attempt", kwargs={"public_id": world.attempt_open.public_id}),
        reverse("courses:attempt_confirm", kwargs={"public_id": world.attempt_open.public_id}),
        reverse("courses:attempt_result", kwargs={"public_id": world.attempt_done.public_id}),
        reverse("certificates:download", kwargs={"serial": world.certificate.serial}),
    ):
        assert client.get(url).status_code == 200, url
    sign_in(client, world.hr_a)
    response = client.get(reverse("reports:learner_detail", kwargs={"public_id": world.learner_a.public_id}))
    assert world.learner_a.full_name in response.content.decode()
    for url in (
        reverse("reports:unit_detail", kwargs={"unit_id": world.tree["ptdt"].pk}),
        reverse("reports:export_job_download", kwargs={"public_id": world.export_job.public_id}),
        reverse("certificate_staff:archive_download", kwargs={"public_id": world.archive.public_id}),
    ):
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_class_registration_of_another_unit_cannot_be_decided_but_its_own_hr_can(client, world):
    """The decision URL names the registration: another unit's HR and a trainer of other classes get a 404
    and do not see it listed; A's own HR manager approves it."""
    pending = class_pending(world)
    url = reverse("class_registration_decide", kwargs={"pk": pending.pk})
    for actor in (world.hr_b, world.trainer):
        sign_in(client, actor)
        assert client.post(url, {"decision": "approve"}).status_code == 404
        assert world.learner_a.full_name not in client.get(reverse("class_registrations")).content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"
    sign_in(client, world.hr_a)
    assert world.learner_a.full_name in client.get(reverse("class_registrations")).content.decode()
    assert client.post(url, {"decision": "approve"}).status_code == 302
    pending.refresh_from_db()
    assert pending.status == "registered" and pending.decided_by == world.hr_a


@pytest.mark.django_db
def test_enrollment_request_of_another_unit_cannot_be_decided(client, world):
    """The decision URL names the request: another unit's HR and a trainer of other courses get a 404."""
    for actor in (world.hr_b, world.trainer):
        sign_in(client, actor)
        response = client.post(
            reverse("enrollment_request_decide", kwargs={"pk": world.pending_a.pk}), {"decision": "approve"}
        )
        assert response.status_code == 404
        assert world.learner_a.full_name not in client.get(reverse("enrollment_requests")).content.decode()
        world.pending_a.refresh_from_db()
        assert world.pending_a.status == Enrollment.Status.PENDING
        assert world.pending_a.decided_by is None


@pytest.mark.django_db
def test_course_assignment_to_another_subtree_is_refused(client, world):
    """Assigning names the unit in the form: a unit outside the manager's subtrees is an invalid choice."""
    sign_in(client, world.hr_b)
    response = client.post(
        reverse("course_assignments"),
        {"course": world.course.pk, "due_date": "31/12/2099", "unit": world.tree["ptdt"].pk},
    )
    assert response.status_code == 200
    assert not Enrollment.objects.filter(
        user=world.learner_a, course=world.course, source="assigned"
    ).exists()
    assert "form" in response.context and response.context["form"].errors


@pytest.mark.django_db
def test_archive_of_a_former_hr_manager_is_no_longer_served(client, world):
    """Losing the HR scope also ends access to the ZIPs of certificates built while it lasted."""
    HRScope.objects.filter(user=world.hr_a).delete()
    world.hr_a.groups.remove(Group.objects.get(name=roles.HR_MANAGERS))
    sign_in(client, world.hr_a)
    for name in ("certificate_staff:archive", "certificate_staff:archive_download"):
        response = client.get(reverse(name, kwargs={"public_id": world.archive.public_id}))
        assert response.status_code == 403, name
    assert Job.objects.filter(pk=world.archive.pk).exists()


# --- The API (#18): a client of another subtree (Sở KH&CN) asks for A's objects by id, with every scope. ---

API_CASES: dict[str, tuple[str, Callable[[World], str]]] = {
    "api-v1:unit": ("get", lambda w: f"/api/v1/units/{w.tree['ptdt'].pk}"),
    "api-v1:official": ("get", lambda w: f"/api/v1/officials/{w.learner_a.public_id}"),
    "api-v1:class_nominations": (
        "post",
        lambda w: f"/api/v1/classes/{class_session(w).training_class_id}/nominations",
    ),
    "api-v1:official_record": ("get", lambda w: f"/api/v1/officials/{w.learner_a.public_id}/records"),
    "api-v1:external_training_create": (
        "post",
        lambda w: f"/api/v1/officials/{w.learner_a.public_id}/external-trainings",
    ),
}
API_BODIES = {
    "api-v1:external_training_create": {
        "title": "Bồi dưỡng ngoài (IDOR)",
        "provider": "Học viện",
        "content_category": "QLNN",
        "periods": 8,
        "starts_on": "2026-01-05",
        "ends_on": "2026-01-06",
    },
}
API_EXCEPTIONS = {
    "api-v1:verify": "public by design, like certificates:verify (tests/api/test_verify.py)",
}
API_LISTS = [
    "units",
    "officials",
    "enrollments",
    "completions",
    "certificates",
    "attendance",
    "classes",
    "records",
]


@pytest.mark.django_db
def test_api_idor_matrix(client, world):
    """A's unit, A's record and a nomination of A, asked for by a client of another subtree (and by no
    client): refused, never A's data, nothing changed; A's rows appear in none of its lists."""
    from datetime import timedelta

    from django.utils import timezone

    from api.models import SCOPE_VALUES
    from api.services import api_client_create

    api_routes = {name for route, name in parameterised_urls() if route.startswith("api/v1/")}
    assert api_routes == set(API_CASES) | set(API_EXCEPTIONS)
    _other, token = api_client_create(
        name="Sở KH&CN",
        unit=world.tree["khcn"],
        scopes=SCOPE_VALUES,
        expires_at=timezone.now() + timedelta(days=1),
        by=None,
    )
    problems = []
    for headers in ({"HTTP_AUTHORIZATION": f"Bearer {token}"}, {}):
        for name, (method, url_of) in API_CASES.items():
            url = url_of(world)
            before = state(world)
            if method == "post":
                body = API_BODIES.get(
                    name, {"learner_ids": [str(world.learner_a.public_id)], "unit_id": world.tree["ptdt"].pk}
                )
                response = client.post(url, body, content_type="application/json", **headers)
            else:
                response = client.get(url, **headers)
            where = f"{name} {url} {'with' if headers else 'without'} a token: {response.status_code}"
            if response.status_code not in (401, 404, 422):
                problems.append(f"{where} (expected a refusal)")
            if any(secret in response.content.decode() for secret in world.secrets()):
                problems.append(f"{where} (shows A's data)")
            if state(world) != before:
                problems.append(f"{where} (changed the database)")
        for name in API_LISTS:
            response = client.get(f"/api/v1/{name}?limit=1000", **headers)
            text = response.content.decode()
            if response.status_code >= 500 or str(world.learner_a.public_id) in text:
                problems.append(f"list {name}: {response.status_code} (shows A or fails)")
            if any(secret in text for secret in world.secrets()):
                problems.append(f"list {name} (shows A's data)")
    assert not problems, "\n".join(problems)
    # The refusals are real: a client of A's own subtree reaches the same record.
    _own, own_token = api_client_create(
        name="Sở Xây dựng",
        unit=world.tree["sxd"],
        scopes=SCOPE_VALUES,
        expires_at=timezone.now() + timedelta(days=1),
        by=None,
    )
    own = {"HTTP_AUTHORIZATION": f"Bearer {own_token}"}
    response = client.get(API_CASES["api-v1:official"][1](world), **own)
    assert response.status_code == 200 and response.json()["email"] == world.learner_a.email
    response = client.get(API_CASES["api-v1:official_record"][1](world), **own)
    assert response.status_code == 200 and response.json()["official_id"] == str(world.learner_a.public_id)
    url = API_CASES["api-v1:external_training_create"][1](world)
    body = API_BODIES["api-v1:external_training_create"]
    response = client.post(url, body, content_type="application/json", **own)
    assert response.status_code == 201, response.content
