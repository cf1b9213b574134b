"""Security headers as production serves them, and pages the strict Content Security Policy can render.

``manage.py check --deploy`` with the production settings is tested in tests/test_settings.py. Here the
settings production.py computes are read in a subprocess (it refuses to load without its environment), applied
to the test run, and the headers and cookies of real responses are asserted.
"""

import json
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from .auth import sign_in
from .security_world import build_world, pages_by_reader
from .test_settings import PRODUCTION_ENV, run_manage

DUMP_SECURITY_SETTINGS = """
import json
from django.conf import settings
prefixes = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "LANGUAGE_COOKIE_", "LMS_CSP_")
names = [n for n in dir(settings) if n.startswith(prefixes)]
names += ["X_FRAME_OPTIONS", "MIDDLEWARE", "DEBUG", "PASSWORD_HASHERS"]
print(json.dumps({name: getattr(settings, name) for name in names}))
"""


@pytest.fixture(scope="module")
def production_values() -> dict:
    result = run_manage("shell", "--no-imports", "-c", DUMP_SECURITY_SETTINGS, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


@pytest.fixture
def production(settings, production_values):
    """This test runs with production's security settings (and its middleware)."""
    for name, value in production_values.items():
        setattr(settings, name, value)
    return production_values


def policy(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_production_settings_are_the_hardened_ones(production_values):
    assert production_values["DEBUG"] is False
    assert production_values["SECURE_SSL_REDIRECT"] is True
    assert production_values["SECURE_HSTS_SECONDS"] >= 365 * 24 * 3600
    assert "lms.middleware.CSPMiddleware" in production_values["MIDDLEWARE"]


@pytest.mark.django_db
def test_public_page_headers_in_production(client, production, catalog):
    response = client.get(catalog.url, secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = policy(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    for directive in ("script-src", "style-src"):
        assert csp[directive][0] == "'self'"
        # Nothing but this response's nonce may sit beside 'self': no inline code, no eval, no other host.
        assert all(value.startswith("'nonce-") for value in csp[directive][1:]), csp[directive]


@pytest.mark.django_db
def test_plain_http_is_redirected_to_https(client, production, catalog):
    response = client.get(catalog.url)
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


@pytest.mark.django_db
def test_cookies_are_secure_httponly_and_same_site(client, production):
    from .factories import ProfileFactory

    user = ProfileFactory().user
    login_url = reverse("account_login")
    page = client.get(login_url, secure=True)
    csrf = page.cookies["csrftoken"]
    assert csrf["secure"] is True
    assert csrf["samesite"] == "Lax"

    response = client.post(login_url, {"login": user.email, "password": "Mat-khau-an-toan-2026"}, secure=True)
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    assert session["secure"] is True
    assert session["httponly"] is True
    assert session["samesite"] == "Lax"

    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, secure=True)
    language = response.cookies["lms_language"]
    assert (language["secure"], language["httponly"], language["samesite"]) == (True, True, "Lax")


@pytest.mark.django_db
def test_passwords_are_argon2_and_older_hashes_are_rewritten_at_sign_in(client, production):
    """Argon2id for new passwords; a PBKDF2 hash from before still signs in and becomes Argon2id then."""
    from django.contrib.auth.hashers import check_password, make_password

    from .factories import ProfileFactory

    password = "Mat-khau-an-toan-2026"
    user = ProfileFactory().user
    user.set_password(password)
    assert user.password.startswith("argon2$argon2id$")
    user.password = make_password(password, hasher="pbkdf2_sha256")
    user.save(update_fields=["password"])
    login_url = reverse("account_login")

    refused = client.post(login_url, {"login": user.email, "password": "Sai-mat-khau-2026"}, secure=True)
    assert refused.status_code == 200
    user.refresh_from_db()
    assert user.password.startswith("pbkdf2_sha256$")  # a wrong password changes nothing

    response = client.post(login_url, {"login": user.email, "password": password}, secure=True)
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$")
    assert check_password(password, user.password)


@pytest.mark.django_db
def test_wagtail_admin_gets_its_own_policy(staff_admin_client, production):
    """The admin may run its inline code, but still loads nothing from elsewhere and is framed by itself only."""
    response = staff_admin_client.get(reverse("wagtailadmin_home"), secure=True)
    assert response.status_code == 200
    csp = policy(response["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert "'unsafe-inline'" in csp["script-src"]
    assert csp["frame-ancestors"] == ["'self'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


class InlineCodeFinder(HTMLParser):
    """Collects what a strict CSP would block: style/on* attributes, javascript: links, un-nonced inline code."""

    def __init__(self, nonce: str | None):
        super().__init__()
        self.nonce = nonce
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name == "style" or name.startswith("on"):
                self.problems.append(f"<{tag} {name}={value!r}>")
            if name in ("href", "src", "action") and (value or "").strip().lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}={value!r}>")
        inline_script = tag == "script" and "src" not in attributes
        is_data = attributes.get("type") in ("application/json", "application/ld+json")
        needs_nonce = (inline_script and not is_data) or tag == "style"
        if needs_nonce and (self.nonce is None or attributes.get("nonce") != self.nonce):
            self.problems.append(f"<{tag}> without this response's nonce")
        for name in ("src", "href"):
            host = urlsplit(attributes.get(name) or "").netloc
            # The test client's host; Wagtail's user bar writes protocol-relative URLs to it.
            if tag in ("script", "link", "img", "iframe") and host not in ("", "testserver"):
                self.problems.append(f"<{tag} {name}={attributes[name]!r}> loads from another origin")


def response_nonce(response) -> str | None:
    values = policy(response["Content-Security-Policy"]).get("script-src", [])
    return next((value[len("'nonce-") : -1] for value in values if value.startswith("'nonce-")), None)


def inline_code(response) -> list[str]:
    finder = InlineCodeFinder(response_nonce(response))
    finder.feed(response.content.decode())
    return finder.problems


@pytest.mark.django_db
def test_public_pages_contain_nothing_the_policy_blocks(client, catalog, tree):
    """Home, catalogue, course, lesson, quiz, attempt, result, certificates, sign-in and sign-up, HR pages."""
    world = build_world(catalog, tree)
    problems = {}
    for user, urls in pages_by_reader(world, catalog):
        if user:
            sign_in(client, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if found := inline_code(response):
                problems[url] = found
    assert not problems


@pytest.mark.django_db
def test_certificate_colours_reach_the_verification_page_through_the_nonce(client, catalog, tree):
    world = build_world(catalog, tree)
    template = world.certificate.template
    response = client.get(
        reverse("certificates:verify", kwargs={"code": world.certificate.verification_code})
    )
    html = response.content.decode()
    assert f'<style nonce="{response_nonce(response)}">' in html
    assert f"--cert-color: {template.primary_color}" in html
    assert not inline_code(response)
