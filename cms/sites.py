"""Wagtail's site of a request, found among the sites cached with the content instead of a query per request.

``Site.find_for_request`` runs one query per request (a ``CASE`` ranking built by the ORM: about 8 % of a
page view's CPU, issue #20), then the page view reads the root page's specific page (one more). Both are
kept here with the published content (``cms.caching``): any page change and any site change
(``cms.signals``) starts a new generation. The match is Wagtail's own (``get_site_for_hostname``), done in
Python over the few sites of the installation; ``SiteMiddleware`` stores it where Wagtail looks for it,
with the sites' root paths (``Site.get_site_root_paths``, which every page URL reads: a cache round trip
per request otherwise).
"""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.models.sites import MATCH_DEFAULT, MATCH_HOSTNAME, MATCH_HOSTNAME_DEFAULT, MATCH_HOSTNAME_PORT

from .caching import content_cached

API_PREFIX = "/api/"


def _all_sites() -> list[Site]:
    sites = list(Site.objects.select_related("root_page").order_by("pk"))
    for site in sites:
        site.root_page.specific  # noqa: B018 (read now, so that it is cached with the site)
    return sites


def _rank(site: Site, hostname: str, port: int) -> int | None:
    if site.hostname == hostname and site.port == port:
        return MATCH_HOSTNAME_PORT
    if site.hostname == hostname and site.is_default_site:
        return MATCH_HOSTNAME_DEFAULT
    if site.is_default_site:
        return MATCH_DEFAULT
    if site.hostname == hostname:
        return MATCH_HOSTNAME
    return None


def site_for_hostname(*, sites: list[Site], hostname: str, port: int) -> Site | None:
    """``wagtail.models.sites.get_site_for_hostname`` over ``sites``; None where it raises ``DoesNotExist``."""
    ranked = sorted(
        ((rank, site) for site in sites if (rank := _rank(site, hostname, port)) is not None),
        key=lambda pair: pair[0],
    )
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == MATCH_DEFAULT:
        return ranked[len(ranked) == 2][1]
    return None


def site_for_request(request) -> Site | None:
    """The site Wagtail's ``Site.find_for_request`` would answer for ``request``, from the content cache."""
    # Wagtail's own reading of the host: the raw header, without the ALLOWED_HOSTS check.
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    sites = content_cached("sites", _all_sites, request=request)
    return site_for_hostname(sites=sites or [], hostname=hostname, port=port)


class SiteMiddleware:
    """Sets ``request._wagtail_site`` and the sites' root paths, which Wagtail reads from the request when
    present, from the content cache.

    Placed after WhiteNoise, so static files skip it, and the API skips it; other requests pay one read of the
    content generation, which the page views read anyway.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(API_PREFIX):
            # The API renders no page: no content-cache round trip (Wagtail finds the site itself if asked).
            return self.get_response(request)
        request._wagtail_site = site_for_request(request)
        # Every page URL of the response (pageurl) reads the sites' root paths; Wagtail keeps them in the
        # cache (one round trip per request), here they come with the sites.
        request._wagtail_cached_site_root_paths = content_cached(
            "site-root-paths", Site.get_site_root_paths, request=request
        )
        return self.get_response(request)
