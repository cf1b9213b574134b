"""The site of a request comes from the content cache (cms/sites.py) and matches Wagtail's own lookup."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, Site
from wagtail.models.sites import get_site_for_hostname

from cms.models import HomePage, StandardPage
from cms.sites import site_for_hostname, site_for_request

pytestmark = pytest.mark.django_db

HOSTS = [
    ("dothithongminh.test", 80),
    ("dothithongminh.test", 8000),
    ("hoc.dothithongminh.test", 443),
    ("hoc.dothithongminh.test", 80),
    ("khac.test", 80),
    ("khac.test", 8443),
    ("127.0.0.1", 80),
]


def _wagtails(hostname: str, port: int) -> Site | None:
    try:
        return get_site_for_hostname(hostname, port)
    except Site.DoesNotExist:
        return None


@pytest.mark.parametrize(
    "extra",
    [
        [],
        [("hoc.dothithongminh.test", 443, False)],
        [("hoc.dothithongminh.test", 443, False), ("hoc.dothithongminh.test", 80, False)],
        [("khac.test", 8443, False), ("khac.test", 9000, False)],
    ],
    ids=["default only", "one more host", "one host on two ports", "other host, two ports"],
)
def test_the_match_is_wagtails_for_every_host_and_port(catalog, extra):
    root = HomePage.objects.get()
    Site.objects.update(hostname="dothithongminh.test", port=80)
    for hostname, port, default in extra:
        Site.objects.create(hostname=hostname, port=port, root_page=root, is_default_site=default)
    sites = list(Site.objects.select_related("root_page"))

    for hostname, port in HOSTS:
        expected = _wagtails(hostname, port)
        found = site_for_hostname(sites=sites, hostname=hostname, port=port)
        assert (found.pk if found else None) == (expected.pk if expected else None), (hostname, port)


def test_no_default_site_and_an_unknown_host_finds_none(catalog):
    Site.objects.update(is_default_site=False, hostname="dothithongminh.test")
    sites = list(Site.objects.all())

    assert site_for_hostname(sites=sites, hostname="khac.test", port=80) is None
    assert _wagtails("khac.test", 80) is None


def test_a_page_view_looks_up_neither_the_site_nor_the_root_page_once_cached(client, catalog):
    client.get("/")
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/").status_code == 200

    tables = " ".join(q["sql"] for q in queries.captured_queries)
    assert "wagtailcore_site" not in tables
    assert "cms_homepage" not in tables


def test_a_new_site_and_a_changed_root_page_are_seen_on_the_next_request(catalog):
    home = HomePage.objects.get()
    request = RequestFactory().get("/", HTTP_HOST="moi.dothithongminh.test")
    assert site_for_request(request).is_default_site

    other = StandardPage(title="Cổng thông tin mới", slug="cong-moi")
    home.add_child(instance=other)
    added = Site.objects.create(hostname="moi.dothithongminh.test", port=80, root_page=other)
    request = RequestFactory().get("/", HTTP_HOST="moi.dothithongminh.test")
    found = site_for_request(request)
    assert found.pk == added.pk
    assert found.root_page.specific.title == "Cổng thông tin mới"

    other.title = "Cổng thông tin (đổi tên)"
    other.save_revision().publish()
    request = RequestFactory().get("/", HTTP_HOST="moi.dothithongminh.test")
    assert site_for_request(request).root_page.specific.title == "Cổng thông tin (đổi tên)"

    added.delete()
    request = RequestFactory().get("/", HTTP_HOST="moi.dothithongminh.test")
    assert site_for_request(request).is_default_site


def test_wagtail_reads_the_site_the_middleware_found(client, catalog):
    response = client.get("/")

    assert response.wsgi_request._wagtail_site == Site.objects.get(is_default_site=True)
    assert Site.find_for_request(response.wsgi_request).root_page_id == Page.objects.get(depth=2).pk


def test_page_urls_follow_a_moved_site_root_without_a_stale_root_path(client, catalog):
    home = HomePage.objects.get()
    other = StandardPage(title="Cổng mới", slug="cong-moi")
    home.add_child(instance=other)
    client.get("/")
    assert client.get("/").wsgi_request._wagtail_cached_site_root_paths[0].root_path == "/home/"

    Site.objects.filter(is_default_site=True).get().delete()
    Site.objects.create(hostname="localhost", port=80, root_page=other, is_default_site=True)

    paths = client.get("/").wsgi_request._wagtail_cached_site_root_paths
    assert [p.root_path for p in paths] == ["/home/cong-moi/"]
