"""A real OpenID Connect provider for the SSO tests: tests/oidc_provider (django-oauth-toolkit) run as its own
process on 127.0.0.1, with its own SQLite file, and helpers to sign in through it.

Two clients stand for the province's two kinds of provider: "tayninh" (officials; trusted for a second
factor, no consent screen) and "vneid" (citizens; not trusted for one, asks for consent). The people it
knows and the claims each gets are in PEOPLE.
"""

import html
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import requests
from django.conf import settings

PROVIDER_PASSWORD = "Mat-khau-nha-cung-cap-1"
PEOPLE = {
    # A learner whose account exists here with the same address, which the provider has verified.
    "hocvien": {"email": "hocvien.sso@example.test", "email_verified": True, "name": "Phạm Thị Học"},
    # Someone new to the platform: an official of Sở Xây dựng.
    "nguoimoi": {
        "email": "nguoimoi@example.test",
        "email_verified": True,
        "name": "Trần Thị Mới",
        "unit_code": "SXD",
        "audience": "official",
    },
    # The provider has not verified this address, which belongs to an account here: no linking.
    "chuaxacminh": {"email": "hocvien.sso@example.test", "email_verified": False, "name": "Người Lạ"},
    # A trainer who signed in at the provider with a password only.
    "giangvien": {
        "email": "giangvien.sso@example.test",
        "email_verified": True,
        "name": "Lê Văn Giảng",
        "amr": ["pwd"],
    },
    # An administrator who signed in at the provider with a password and a one-time code.
    "quantri": {
        "email": "quantri.sso@example.test",
        "email_verified": True,
        "name": "Võ Minh Quản",
        "amr": ["pwd", "otp", "mfa"],
        "acr": "urn:tayninh:loa:2",
    },
}
CLIENTS = {
    "tayninh": {"secret": "bi-mat-tay-ninh", "skip_authorization": True},
    "vneid": {"secret": "bi-mat-vneid", "skip_authorization": False},
}
NAMES = {"tayninh": "Tài khoản công vụ Tây Ninh", "vneid": "VNeID (thử nghiệm)"}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Provider:
    def __init__(self):
        self.workdir = Path(tempfile.mkdtemp(prefix="lms-oidc-provider-"))
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.issuer = f"{self.url}/o"
        people = {
            username: {"password": PROVIDER_PASSWORD, "claims": {"sub": username, **claims}}
            for username, claims in PEOPLE.items()
        }
        self.people_file = self.workdir / "people.json"
        self.people_file.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "OIDC_TEST_DB": str(self.workdir / "provider.sqlite3"),
            "OIDC_TEST_PEOPLE": str(self.people_file),
        }
        self.process = None
        self.bases: list[str] = []

    def _manage(self, *args):
        subprocess.run(
            [sys.executable, "-m", "django", *args],
            cwd=settings.BASE_DIR,
            env=self.env,
            check=True,
            capture_output=True,
            timeout=120,
        )

    def start(self):
        self._manage("migrate", "--run-syncdb", "-v0")
        self.register("http://testserver")
        log = (self.workdir / "server.log").open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "django",
                "runserver",
                f"127.0.0.1:{self.port}",
                "--noreload",
                "--skip-checks",
            ],
            cwd=settings.BASE_DIR,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                if requests.get(f"{self.issuer}/.well-known/openid-configuration", timeout=2).ok:
                    return self
            except requests.ConnectionError:
                pass
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(
            f"the test OpenID provider did not start: {(self.workdir / 'server.log').read_text()}"
        )

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)

    def set_claims(self, username: str, **claims):
        """Change what the provider says about ``username`` from the next token on (a value of None drops the
        claim); returns the previous claims, for ``restore_claims``. The provider reads the file per token."""
        people = json.loads(self.people_file.read_text(encoding="utf-8"))
        before = dict(people[username]["claims"])
        updated = {**before, **claims}
        people[username]["claims"] = {k: v for k, v in updated.items() if v is not None}
        self.people_file.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")
        return before

    def restore_claims(self, username: str, claims: dict):
        people = json.loads(self.people_file.read_text(encoding="utf-8"))
        people[username]["claims"] = claims
        self.people_file.write_text(json.dumps(people, ensure_ascii=False), encoding="utf-8")

    def register(self, *bases: str):
        """Allow the platform at each base URL (its callback and post-logout addresses) for both clients."""
        self.bases = [*self.bases, *bases]
        clients = [
            {
                "client_id": provider_id,
                "client_secret": client["secret"],
                "skip_authorization": client["skip_authorization"],
                "redirect_uris": [
                    f"{base}/accounts/oidc/{provider_id}/login/callback/" for base in self.bases
                ],
                "post_logout_redirect_uris": [f"{base}/" for base in self.bases],
            }
            for provider_id, client in CLIENTS.items()
        ]
        clients_file = self.workdir / "clients.json"
        clients_file.write_text(json.dumps(clients), encoding="utf-8")
        self._manage("provider_setup", str(self.people_file), str(clients_file))

    def environment(self, **overrides) -> dict:
        """The platform's LMS_OIDC_* variables for both clients, as an operator would set them."""
        env = {"LMS_OIDC_PROVIDERS": "tayninh,vneid"}
        for provider_id, client in CLIENTS.items():
            prefix = f"LMS_OIDC_{provider_id.upper()}_"
            env |= {
                f"{prefix}NAME": NAMES[provider_id],
                f"{prefix}ISSUER": self.issuer,
                f"{prefix}CLIENT_ID": provider_id,
                f"{prefix}CLIENT_SECRET": client["secret"],
            }
        env |= {
            "LMS_OIDC_TAYNINH_SCOPES": "openid profile email unit",
            "LMS_OIDC_TAYNINH_TRUST_MFA": "true",
            "LMS_OIDC_TAYNINH_AUDIENCE": "official",
            "LMS_OIDC_VNEID_AUDIENCE": "citizen",
        }
        return env | overrides


def configure(settings, provider: Provider, **overrides) -> None:
    """Point the platform's settings (pytest-django's ``settings`` fixture) at the running provider."""
    from lms.settings.base import oidc_providers_from_env

    apps, rules = oidc_providers_from_env(provider.environment(**overrides))
    settings.SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": apps}}
    settings.LMS_SSO_PROVIDERS = rules
    csp = dict(settings.SECURE_CSP)
    csp["form-action"] = [*csp["form-action"], provider.url]
    settings.SECURE_CSP = csp


_HIDDEN = re.compile(r'<input type="hidden" name="([^"]+)" value="([^"]*)"')


def provider_session(provider: Provider, username: str) -> requests.Session:
    """A browser-like session signed in at the provider as ``username``."""
    session = requests.Session()
    login = f"{provider.url}/dang-nhap/"
    session.get(login, timeout=10)
    answer = session.post(
        login,
        data={
            "username": username,
            "password": PROVIDER_PASSWORD,
            "csrfmiddlewaretoken": session.cookies["provider_csrftoken"],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    return session


def sign_in(client, provider: Provider, provider_id: str, username: str, *, allow: bool = True, session=None):
    """Sign ``client`` (Django's test client) in through ``provider_id`` as ``username``: the platform's redirect
    to the provider, the provider's answer (consent given or refused), then the platform's callback."""
    start = client.post(f"/accounts/oidc/{provider_id}/login/")
    assert start.status_code == 302, start
    authorize = start["Location"]
    assert authorize.startswith(provider.url), authorize
    session = session or provider_session(provider, username)
    answer = session.get(authorize, allow_redirects=False, timeout=10)
    if answer.status_code == 200:  # the consent screen
        fields = {name: html.unescape(value) for name, value in _HIDDEN.findall(answer.text)}
        fields["csrfmiddlewaretoken"] = session.cookies["provider_csrftoken"]
        if allow:
            fields["allow"] = "Authorize"
        answer = session.post(answer.url, data=fields, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text[:2000]
    callback = urlsplit(answer.headers["Location"])
    assert callback.netloc == "testserver", callback
    return client.get(f"{callback.path}?{callback.query}")


def sign_in_keeping_provider_session(client, provider: Provider, provider_id: str, username: str):
    """``sign_in``, returning the browser's session at the provider (to follow the logout there)."""
    session = provider_session(provider, username)
    answer = sign_in(client, provider, provider_id, username, session=session)
    assert answer.status_code == 302, answer
    return session
