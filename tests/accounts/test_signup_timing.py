"""Signing up with a known or a new address does the same work (#12 "Signup timing").

The timing itself is measured by bench/signup_timing.py (never a timed test); here both paths are checked
to hash one password and hand exactly one e-mail to the background "emails" queue.
"""

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail

from accounts import tasks

from ..factories import UserFactory
from .test_signup import SIGNUP_URL, signup_data


@pytest.fixture
def enqueued(monkeypatch):
    calls = []
    original = tasks.send_account_email

    class Recorder:
        def enqueue(self, **kwargs):
            calls.append(kwargs)
            return original.enqueue(**kwargs)

    monkeypatch.setattr(tasks, "send_account_email", Recorder())
    return calls


@pytest.fixture
def hashes(monkeypatch):
    calls = []
    encode = MD5PasswordHasher.encode

    def counting(self, password, salt):
        calls.append(1)
        return encode(self, password, salt)

    monkeypatch.setattr(MD5PasswordHasher, "encode", counting)
    return calls


@pytest.mark.django_db
@pytest.mark.parametrize("known", [False, True])
def test_both_signup_paths_hash_once_and_enqueue_one_email(client, tree, enqueued, hashes, known):
    email = "nguyen.thi.anh.tuyet@example.test"
    if known:
        UserFactory(email=email)
    hashes.clear()
    response = client.post(SIGNUP_URL, signup_data(email=email))
    assert response.status_code == 302
    assert len(enqueued) == 1 and enqueued[0]["to"] == [email]
    assert len(hashes) == 1
    assert len(mail.outbox) == 1  # tests run the queue inline; a worker sends it in production
    assert response["Location"] == client.post(SIGNUP_URL, signup_data(email="x" + email))["Location"]


def test_the_task_sends_what_the_request_rendered():
    tasks.send_account_email.call(
        subject="Xác nhận",
        body="Văn bản",
        from_email="lms@example.test",
        to=["a@example.test"],
        alternatives=[["<p>Văn bản</p>", "text/html"]],
        headers={"X-Test": "1"},
    )
    sent = mail.outbox[-1]
    assert (sent.subject, sent.to, sent.extra_headers["X-Test"]) == ("Xác nhận", ["a@example.test"], "1")
    assert sent.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_a_repeated_known_address_still_pays_the_hash(client, tree, hashes):
    """allauth sends the "account exists" mail once per address and 3 minutes; the hash is paid every time."""
    email = "nguyen.thi.anh.tuyet@example.test"
    UserFactory(email=email)
    for _ in range(2):
        hashes.clear()
        assert client.post(SIGNUP_URL, signup_data(email=email)).status_code == 302
        assert len(hashes) == 1


@pytest.mark.django_db
def test_an_invalid_signup_for_a_known_address_hashes_nothing(client, tree, hashes):
    UserFactory(email="nguyen.thi.anh.tuyet@example.test")
    hashes.clear()
    response = client.post(SIGNUP_URL, signup_data(password2="khac-mat-khau-2026"))
    assert response.status_code == 200 and hashes == []
