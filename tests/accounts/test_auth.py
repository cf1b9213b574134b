import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from ..conftest import current_totp_code
from ..factories import UserFactory, make_hr_manager, make_official

PASSWORD = "Mat-khau-an-toan-2026"


def login(client, email, password=PASSWORD):
    return client.post("/accounts/login/", {"login": email, "password": password})


@pytest.mark.django_db
def test_unverified_user_cannot_log_in_until_confirming_email(client):
    user = UserFactory(verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = login(client, user.email)
    assert response.status_code == 302
    assert response["Location"] == "/accounts/confirm-email/"
    assert "_auth_user_id" not in client.session
    key_url = re.search(r"(/accounts/confirm-email/\S+/)", mail.outbox[-1].body).group(1)
    confirm = client.post(key_url)
    assert confirm.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert login(client, user.email)["Location"] == "/hoc-tap/"  # a learner lands on "Khóa học của tôi" (#14)
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_login_errors_do_not_reveal_whether_an_account_exists(client):
    user = UserFactory()
    wrong_password = login(client, user.email, "sai-mat-khau-123")
    unknown = login(client, "khong-ton-tai@example.test", "sai-mat-khau-123")
    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.context["form"].errors == unknown.context["form"].errors
    assert "không chính xác" in str(unknown.context["form"].errors)


@pytest.mark.django_db
def test_password_reset_same_answer_for_known_and_unknown_email(client):
    user = UserFactory()
    known = client.post("/accounts/password/reset/", {"email": user.email})
    unknown = client.post("/accounts/password/reset/", {"email": "khong-ton-tai@example.test"})
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"] == "/accounts/password/reset/done/"
    # The known owner gets a reset link; the unknown address gets an "no account here" notice.
    assert {tuple(m.to) for m in mail.outbox} == {(user.email,), ("khong-ton-tai@example.test",)}


@pytest.mark.django_db
def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory()
    client.post("/accounts/password/reset/", {"email": user.email})
    link = re.search(r"(/accounts/password/reset/key/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    action = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(action, {"password1": "Mat-khau-moi-2026!", "password2": "Mat-khau-moi-2026!"})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Mat-khau-moi-2026!")
    # The page after it leads on to signing in (it ended on "Mật khẩu của bạn đã được thay đổi." alone).
    html = client.get(done["Location"]).content.decode()
    assert "Mật khẩu của bạn đã được thay đổi." in html
    assert '<a class="button" href="/accounts/login/">Đăng nhập</a>' in html


@pytest.mark.django_db
def test_failed_logins_are_rate_limited(client):
    user = UserFactory()
    for _ in range(5):
        assert login(client, user.email, "sai-mat-khau-123").status_code == 200
    blocked = login(client, user.email, PASSWORD)
    assert blocked.status_code in (200, 429)
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_logout_ends_the_session(client):
    user = UserFactory()
    login(client, user.email)
    assert client.session.get("_auth_user_id") == str(user.pk)
    client.post("/accounts/logout/")
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_staff_without_totp_is_sent_to_set_it_up_before_the_admin(client, tree):
    hr = make_hr_manager(tree["sxd"])
    login(client, hr.email)
    for url in ("/admin/", "/quan-ly-dao-tao/hoc-vien/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/accounts/2fa/totp/activate/"


@pytest.mark.django_db
def test_staff_with_totp_must_enter_the_code_at_login(client, tree, with_totp):
    hr = with_totp(make_hr_manager(tree["sxd"]))
    first = login(client, hr.email)
    assert first["Location"] == "/accounts/2fa/authenticate/"
    assert "_auth_user_id" not in client.session
    wrong = client.post("/accounts/2fa/authenticate/", {"code": "000000"})
    assert wrong.status_code == 200
    assert "_auth_user_id" not in client.session
    client.post("/accounts/2fa/authenticate/", {"code": current_totp_code()})
    assert client.session["_auth_user_id"] == str(hr.pk)
    assert client.get("/quan-ly-dao-tao/hoc-vien/").status_code == 200


@pytest.mark.django_db
def test_learners_are_not_asked_for_mfa(client, tree):
    learner = make_official(tree["ptdt"]).user
    login(client, learner.email)
    assert client.get("/tai-khoan/ho-so/").status_code == 200
    # ... and the admin is not theirs: Wagtail sends them to log in as someone with access.
    assert client.get("/admin/").status_code == 302
