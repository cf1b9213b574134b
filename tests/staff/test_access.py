"""Every URL of the staff area, read from ``staff.urls``: a learner is refused, an HR manager of another subtree
reaches none of another unit's learners, and both leave the database as it was.

A new staff URL fails ``test_every_staff_url_has_arguments_here`` until it gets its arguments below, so it
cannot be left out of the sweep.
"""

import pytest
from django.urls import NoReverseMatch, URLPattern, URLResolver, reverse

from staff import urls as staff_urls

from ..auth import sign_in
from ..security_world import (
    World,
    build_world,
    class_pending,
    class_session,
    evaluation_invitation,
    official_import,
    state,
)

# The arguments that point each parameterised URL at learner A's objects (unit SXD-PTDT, under hr_a).
ARGUMENTS = {
    "reports:unit_detail": lambda w: {"unit_id": w.tree["ptdt"].pk},
    "reports:learner_detail": lambda w: {"public_id": w.learner_a.public_id},
    "reports:export": lambda w: {"report": "learners", "fmt": "csv"},
    "reports:export_job": lambda w: {"public_id": w.export_job.public_id},
    "reports:export_job_download": lambda w: {"public_id": w.export_job.public_id},
    "certificate_staff:revoke": lambda w: {"pk": w.certificate.pk},
    "certificate_staff:reissue": lambda w: {"pk": w.certificate.pk},
    "certificate_staff:archive": lambda w: {"public_id": w.archive.public_id},
    "certificate_staff:archive_download": lambda w: {"public_id": w.archive.public_id},
    "enrollment_request_decide": lambda w: {"pk": w.pending_a.pk},
    "class_registration_decide": lambda w: {"pk": class_pending(w).pk},
    "class_staff:detail": lambda w: {"class_id": class_session(w).training_class_id},
    "class_staff:roster": lambda w: {"session_id": class_session(w).pk},
    "class_staff:checkin_screen": lambda w: {"session_id": class_session(w).pk},
    "class_staff:checkin_state": lambda w: {"session_id": class_session(w).pk},
    "class_staff:sign_in_sheet": lambda w: {"session_id": class_session(w).pk},
    "evaluation_staff:detail": lambda w: {"evaluation_id": evaluation_invitation(w).evaluation_id},
    "evaluation_staff:export": lambda w: {"evaluation_id": evaluation_invitation(w).evaluation_id},
    "records_staff:person": lambda w: {"public_id": w.learner_a.public_id},
    "records_staff:person_pdf": lambda w: {"public_id": w.learner_a.public_id},
    "records_staff:external_enter": lambda w: {"public_id": w.learner_a.public_id},
    "records_staff:decide": lambda w: {"public_id": w.external_entry.public_id},
    "records_staff:target_delete": lambda w: {"pk": w.target.pk},
    "officials_import_detail": lambda w: {"public_id": official_import(w).public_id},
    "officials_import_apply": lambda w: {"public_id": official_import(w).public_id},
}


def _names(patterns, namespace=None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _names(pattern.url_patterns, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def staff_url_names() -> list[str]:
    return list(_names(staff_urls.urlpatterns))


def _url(world: World, name: str) -> str:
    kwargs = ARGUMENTS[name](world) if name in ARGUMENTS else {}
    url = reverse(name, kwargs=kwargs)
    # Name A's unit in the query string and in forms too: list pages and exports take it from there.
    return f"{url}?unit={world.tree['ptdt'].pk}"


def _post_data(world: World) -> dict:
    unit = world.tree["ptdt"].pk
    return {
        "unit": unit,
        "report": "learners",
        "format": "csv",
        "course": world.course.pk,
        "due_date": "31/12/2099",
        "enrollment": world.pending_a.pk,
        "decision": "approve",
        "reason": "Thử",
    }


def _refusals(name: str) -> tuple[int, ...]:
    """A class's trainer screens answer 404 to anyone who does not teach it (ADR 0028): nothing tells them
    the class exists. Every other staff URL answers 403."""
    return (403, 404) if name.startswith("class_staff:") else (403,)


def _body(response) -> str:
    content = (
        b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    )
    return content.decode("utf-8", errors="replace")


@pytest.fixture
def world(catalog, tree) -> World:
    return build_world(catalog, tree)


def test_every_staff_url_has_arguments_here():
    names = staff_url_names()
    assert len(names) == len(set(names)) >= 18
    for name in names:
        try:
            reverse(name)
        except NoReverseMatch:
            assert name in ARGUMENTS, f"{name} takes arguments: add them to ARGUMENTS"
    assert not set(ARGUMENTS) - set(names), "ARGUMENTS names a URL that is no longer in the staff area"


@pytest.mark.django_db
def test_every_staff_url_refuses_a_learner(client, world):
    """A signed-in learner gets 403 on every staff URL, by GET and by POST, and changes nothing."""
    sign_in(client, world.learner_b)
    problems = []
    for name in staff_url_names():
        url = _url(world, name)
        for method in ("get", "post"):
            before = state(world)
            response = client.post(url, _post_data(world)) if method == "post" else client.get(url)
            if response.status_code not in _refusals(name):
                problems.append(f"{name} {method.upper()}: {response.status_code}")
            if state(world) != before:
                problems.append(f"{name} {method.upper()}: changed the database")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_every_staff_url_keeps_another_subtree_from_its_hr_manager(client, world):
    """HR of KHCN on every staff URL aimed at SXD's learner A: refused, or a page of their own subtree that
    shows nothing of A, and nothing changed."""
    sign_in(client, world.hr_b)
    problems = []
    for name in staff_url_names():
        url = _url(world, name)
        for method in ("get", "post"):
            before = state(world)
            response = client.post(url, _post_data(world)) if method == "post" else client.get(url)
            where = f"{name} {method.upper()}: {response.status_code}"
            if response.status_code >= 500:
                problems.append(f"{where} (server error)")
            if name in ARGUMENTS and response.status_code not in (403, 404, 405):
                problems.append(f"{where} (expected a refusal)")
            leaked = [secret for secret in world.secrets() if secret in _body(response)]
            if leaked:
                problems.append(f"{where} (shows {leaked})")
            if state(world) != before:
                problems.append(f"{where} (changed the database)")
    assert not problems, "\n".join(problems)


@pytest.mark.django_db
def test_hr_manager_of_the_subtree_reaches_the_same_urls(client, world):
    """The refusals above are real: A's own HR manager opens the pages that name A's objects."""
    sign_in(client, world.hr_a)
    for name in ARGUMENTS:
        if name.endswith(("revoke", "reissue", "decide", "delete", "apply")):
            continue  # POST only
        if name.startswith("class_staff:"):
            continue  # the class's trainers only, not HR (tests/classes/test_attendance_views.py)
        response = client.get(_url(world, name))
        assert response.status_code == 200, name
