"""The admin screens of the API: an administrator creates a client and sees its token once; revokes it;
subscribers and deliveries open."""

import re

import pytest

from api.models import ApiClient

pytestmark = pytest.mark.django_db


def test_admin_creates_a_client_and_sees_its_token_once(staff_admin_client, tree):
    response = staff_admin_client.post(
        "/admin/apiclient/new/",
        {
            "name": "Phần mềm quản lý cán bộ",
            "unit": tree["sxd"].pk,
            "scopes": ["enrollments:read", "units:read"],
            "expires_at": "2099-12-31 00:00",
            "rate_limit": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client = ApiClient.objects.get()
    listing = staff_admin_client.get(response.url).content.decode()  # where the message is shown, once
    token = re.search(r"lms_[0-9a-f]+_[\w-]+", listing).group(0)
    assert token.startswith(f"lms_{client.token_prefix}_") and "sẽ không hiển thị lại" in listing
    assert client.scopes == ["enrollments:read", "units:read"]
    assert client.acting_user.hr_scopes.get().unit == tree["sxd"]
    assert not client.acting_user.is_active and not client.acting_user.has_usable_password()
    api = staff_admin_client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    # The edit screen never shows the token again; revoking there stops it.
    edit = staff_admin_client.get(f"/admin/apiclient/edit/{client.pk}/").content.decode()
    assert token not in edit and client.token_hash not in edit
    response = staff_admin_client.post(
        f"/admin/apiclient/edit/{client.pk}/",
        {
            "name": client.name,
            "unit": tree["sxd"].pk,
            "scopes": client.scopes,
            "expires_at": "2099-12-31 00:00",
            "rate_limit": "0",
            "revoke": "on",
        },
    )
    assert response.status_code == 302
    assert staff_admin_client.get("/api/v1/units", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_subscriber_and_delivery_screens_open(staff_admin_client, db):
    for url in ("/admin/webhooksubscriber/", "/admin/webhooksubscriber/new/", "/admin/webhookdelivery/"):
        response = staff_admin_client.get(url)
        assert response.status_code == 200, url
        assert 'lang="vi"' in response.content.decode()


def test_a_learner_cannot_reach_the_api_admin(client, db):
    from tests.factories import ProfileFactory

    client.force_login(ProfileFactory().user)
    assert client.get("/admin/apiclient/").status_code in (302, 403)
    assert client.post("/admin/api/deliveries/1/retry/").status_code in (302, 403)
