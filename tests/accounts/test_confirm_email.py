"""The "confirm your email" page after signup: where the email went, resend, correct the address, help."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse
from wagtail.models import Site

from accounts.models import User
from cms.models import ContactSettings

from ..factories import UserFactory
from .test_signup import SIGNUP_URL, signup_data

PAGE = "/accounts/confirm-email/"
RESEND = "/tai-khoan/xac-nhan-email/gui-lai/"
CHANGE = "/tai-khoan/xac-nhan-email/doi-dia-chi/"
TYPO = "tuyet.ngyuen@example.test"
RIGHT = "tuyet.nguyen@example.test"


def confirmation_links(outbox, to):
    return [
        re.search(r"/accounts/confirm-email/\S+/", message.body).group(0)
        for message in outbox
        if message.to == [to] and re.search(r"/accounts/confirm-email/\S+/", message.body)
    ]


def sign_up(client, email=TYPO):
    response = client.post(SIGNUP_URL, signup_data(email=email))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    return client.get(PAGE)


def visible(response) -> str:
    """The page's main content with tags stripped and whitespace collapsed, as a reader meets it."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return " ".join(re.sub(r"<[^>]+>", " ", main).split())


@pytest.mark.django_db
def test_page_after_signup_names_the_address_says_what_to_do_and_offers_resend_and_correction(client):
    page = sign_up(client)
    text = visible(page)
    assert f"Chúng tôi đã gửi email xác nhận đến {TYPO}" in text
    assert "Gửi lại email xác nhận" in text
    assert "Gõ nhầm địa chỉ email?" in text
    html = page.content.decode()
    assert f'action="{RESEND}"' in html and f'action="{CHANGE}"' in html


@pytest.mark.django_db
def test_page_shows_the_help_contact_site_setting(client, catalog):
    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    contact.hotline, contact.email = "0276 3822 100", "hotro@example.test"
    contact.save()
    html = sign_up(client).content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    assert 'href="tel:02763822100"' in main
    assert 'href="mailto:hotro@example.test"' in main


@pytest.mark.django_db
def test_resend_sends_a_working_link_again_and_is_rate_limited(client):
    sign_up(client)
    assert len(confirmation_links(mail.outbox, TYPO)) == 1
    response = client.post(RESEND, follow=True)
    assert f"Chúng tôi đã gửi lại email xác nhận đến {TYPO}" in visible(response)
    assert len(confirmation_links(mail.outbox, TYPO)) == 2
    # A second request within the minute sends nothing and says to wait.
    response = client.post(RESEND, follow=True)
    assert "vừa được gửi" in visible(response)
    assert len(confirmation_links(mail.outbox, TYPO)) == 2


@pytest.mark.django_db
def test_resend_is_post_only(client):
    sign_up(client)
    assert client.get(RESEND).status_code == 405


@pytest.mark.django_db
def test_signup_with_a_known_address_looks_the_same_and_never_mails_a_link(client):
    known = UserFactory(email="da.co@example.test")
    new_client_page = sign_up(client.__class__(), email="moi.hoan.toan@example.test")
    page = sign_up(client, email=known.email)
    # The same page, the same actions, only the address differs.
    assert visible(page).replace(known.email, "X") == visible(new_client_page).replace(
        "moi.hoan.toan@example.test", "X"
    )
    # Resend and correction answer exactly as for a new account...
    response = client.post(RESEND, follow=True)
    assert f"Chúng tôi đã gửi lại email xác nhận đến {known.email}" in visible(response)
    response = client.post(CHANGE, {"email": "khac@example.test"}, follow=True)
    assert "khac@example.test" in visible(response)
    # ...but no account was created or changed, and no confirmation link went to either address.
    assert set(User.objects.values_list("email", flat=True)) == {known.email, "moi.hoan.toan@example.test"}
    assert not confirmation_links(mail.outbox, known.email)
    assert not confirmation_links(mail.outbox, "khac@example.test")
    assert any(message.to == [known.email] for message in mail.outbox)  # "you already have an account"


@pytest.mark.django_db
def test_correcting_the_address_changes_the_unverified_account_and_sends_the_link_there(client):
    sign_up(client)
    old_link = confirmation_links(mail.outbox, TYPO)[0]
    response = client.post(CHANGE, {"email": RIGHT.upper()}, follow=True)
    assert f"Chúng tôi đã gửi email xác nhận đến {RIGHT}" in visible(response)
    user = User.objects.get()
    assert user.email == RIGHT
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified")) == [(RIGHT, False)]
    new_link = confirmation_links(mail.outbox, RIGHT)[0]
    # The link sent to the mistyped address no longer confirms anything; the new one does.
    assert client.post(old_link).status_code in (302, 404)
    assert not EmailAddress.objects.filter(verified=True).exists()
    assert client.post(new_link).status_code == 302
    assert EmailAddress.objects.get(user=user).verified


@pytest.mark.django_db
def test_correction_never_takes_over_someone_elses_address(client):
    other = UserFactory(email="chu.so.huu@example.test")
    sign_up(client)
    response = client.post(CHANGE, {"email": other.email}, follow=True)
    assert response.status_code == 200
    assert User.objects.get(pk=other.pk).email == other.email
    mine = User.objects.exclude(pk=other.pk).get()
    assert mine.email == TYPO
    assert not confirmation_links(mail.outbox, other.email)


@pytest.mark.django_db
def test_correction_only_from_the_session_that_signed_up(client):
    sign_up(client)
    stranger = client.__class__()
    response = stranger.post(CHANGE, {"email": "ke.la@example.test"})
    assert response.status_code == 302
    assert User.objects.get().email == TYPO
    assert "Gõ nhầm địa chỉ email?" not in visible(stranger.get(PAGE))


@pytest.mark.django_db
def test_no_correction_once_the_address_is_confirmed(client):
    sign_up(client)
    client.post(confirmation_links(mail.outbox, TYPO)[0])
    assert EmailAddress.objects.get().verified
    response = client.post(CHANGE, {"email": "ke.la@example.test"}, follow=True)
    assert User.objects.get().email == TYPO
    assert "Gõ nhầm địa chỉ email?" not in visible(response)


@pytest.mark.django_db
def test_no_correction_after_a_blocked_sign_in(client):
    """A sign-in blocked on an unconfirmed address offers resend, not correction (that needs the signup)."""
    user = UserFactory(email="chua.xac.nhan@example.test", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    response = client.post(
        "/accounts/login/", {"login": user.email, "password": "Mat-khau-an-toan-2026"}, follow=True
    )
    text = visible(response)
    assert f"Chúng tôi đã gửi email xác nhận đến {user.email}" in text
    assert "Gửi lại email xác nhận" in text
    assert "Gõ nhầm địa chỉ email?" not in text
    assert client.post(CHANGE, {"email": "khac@example.test"}).status_code == 302
    assert User.objects.get().email == user.email


@pytest.mark.django_db
def test_correction_is_rate_limited(client, settings):
    sign_up(client)
    for n in range(3):
        client.post(CHANGE, {"email": f"thu{n}@example.test"})
    response = client.post(CHANGE, {"email": "lan.thu.tu@example.test"}, follow=True)
    assert "Vui lòng chờ" in visible(response) or "chờ một giờ" in visible(response)
    assert User.objects.get().email == "thu2@example.test"


@pytest.mark.django_db
def test_correction_with_an_invalid_address_shows_the_error_on_the_page(client):
    sign_up(client)
    response = client.post(CHANGE, {"email": "khong-phai-email"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert User.objects.get().email == TYPO


@pytest.mark.django_db
def test_unverified_page_for_signed_in_people_names_the_address_and_the_help_contact(rf, catalog):
    from django.template.loader import render_to_string

    contact = ContactSettings.for_site(Site.objects.get(is_default_site=True))
    contact.hotline = "0276 3822 100"
    contact.save()
    user = UserFactory(email="chua.xac.nhan@example.test", verified=False)
    request = rf.get("/")
    request.user = user
    html = render_to_string("account/verified_email_required.html", {"user": user}, request=request)
    assert "<strong>chua.xac.nhan@example.test</strong>" in html
    assert 'href="tel:02763822100"' in html
    assert 'href="/accounts/email/"' in html


@pytest.mark.django_db
def test_the_confirmation_email_greets_from_the_platform_by_name_not_its_host_name(client, settings):
    sign_up(client)
    [message] = [m for m in mail.outbox if m.to == [TYPO]]
    assert message.body.startswith(f"{settings.WAGTAIL_SITE_NAME} xin gửi lời chào đến bạn!")
    assert f"Cảm ơn bạn đã sử dụng {settings.WAGTAIL_SITE_NAME}!" in message.body
    assert "testserver xin gửi" not in message.body
    # The link still carries the host the learner signed up on.
    assert "http://testserver/accounts/confirm-email/" in message.body
