"""Client addresses behind reverse proxies (#12 "Rate limits behind a proxy")."""

import pytest
from django.test import Client, RequestFactory

from accounts.network import client_ip

from ..factories import UserFactory

PROXY = "10.0.0.2"


def _request(remote=PROXY, **headers):
    return RequestFactory().get("/", REMOTE_ADDR=remote, headers=headers)


def test_with_no_trusted_proxy_a_forged_header_is_ignored(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote="198.51.100.9", x_forwarded_for="1.2.3.4")) == "198.51.100.9"


def test_one_trusted_proxy_takes_the_address_it_appended(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the address it really saw.
    assert client_ip(_request(x_forwarded_for="1.2.3.4, 203.0.113.7")) == "203.0.113.7"
    assert client_ip(_request()) == PROXY  # no header: the request came in directly
    assert client_ip(_request(x_forwarded_for="not-an-address")) == PROXY
    settings.LMS_TRUSTED_PROXY_COUNT = 3  # fewer entries than proxies never raises
    assert client_ip(_request(x_forwarded_for="203.0.113.7")) == "203.0.113.7"


def test_a_header_the_proxy_overwrites(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    settings.LMS_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(_request(x_real_ip="203.0.113.7", x_forwarded_for="1.2.3.4")) == "203.0.113.7"


def test_allauth_uses_the_same_settings(settings):
    from allauth.account.adapter import get_adapter

    settings.LMS_TRUSTED_PROXY_COUNT = 1
    assert get_adapter().get_client_ip(_request(x_forwarded_for="203.0.113.7")) == "203.0.113.7"


def _client(address):
    return Client(REMOTE_ADDR=PROXY, headers={"x-forwarded-for": address})


@pytest.mark.django_db
def test_two_clients_behind_one_proxy_do_not_lock_each_other_out_of_login(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    attacker, victim = _client("203.0.113.66"), _client("203.0.113.7")
    for n in range(12):  # beyond the 10/m/ip limit on failed logins
        attacker.post("/accounts/login/", {"login": f"x{n}@example.vn", "password": "sai-mat-khau-123"})
    user = UserFactory()
    # The attacker's address is now blocked, even with the right password...
    attacker.post("/accounts/login/", {"login": user.email, "password": "Mat-khau-an-toan-2026"})
    assert "_auth_user_id" not in attacker.session
    # ...but another client behind the same proxy signs in.
    response = victim.post("/accounts/login/", {"login": user.email, "password": "Mat-khau-an-toan-2026"})
    assert response.status_code == 302
    assert "_auth_user_id" in victim.session


@pytest.mark.django_db
def test_two_clients_behind_one_proxy_do_not_lock_each_other_out_of_certificate_lookup(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 1
    attacker, victim = _client("203.0.113.66"), _client("203.0.113.7")
    statuses = [attacker.get("/tra-cuu-chung-nhan/", {"so": "TN-1999-000001"}).status_code for _ in range(35)]
    assert 429 in statuses
    assert victim.get("/tra-cuu-chung-nhan/", {"so": "TN-1999-000001"}).status_code == 404


@pytest.mark.django_db
def test_a_spoofed_header_without_trusted_proxies_does_not_escape_the_limit(settings):
    settings.LMS_TRUSTED_PROXY_COUNT = 0
    statuses = [
        _client(f"203.0.113.{n}").get("/tra-cuu-chung-nhan/", {"so": "TN-1999-000001"}).status_code
        for n in range(35)
    ]
    assert 429 in statuses
