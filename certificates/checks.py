"""Deployment checks for what certificates print."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "0.0.0.0", ""}  # noqa: S104  (refused, not bound)


@checks.register(checks.Tags.security, deploy=True)
def check_public_base_url(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Certificates outlive the server: the address printed on them must be the real public https one."""
    url = getattr(settings, "LMS_PUBLIC_BASE_URL", "") or ""
    parts = urlsplit(url)
    if parts.scheme != "https" or (parts.hostname or "") in _LOCAL_HOSTS or parts.path not in ("", "/"):
        return [
            checks.Error(
                f"LMS_PUBLIC_BASE_URL is {url!r}: certificates would print and encode an address nobody "
                "can open.",
                hint="Set DJANGO_PUBLIC_BASE_URL to the site's public https address, e.g. "
                "https://daotao.tayninh.gov.vn (no path).",
                id="certificates.E010",
            )
        ]
    return []
