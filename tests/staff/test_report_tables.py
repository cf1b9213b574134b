"""The unit tree's precomputed cells (staff.tables) print what the template filters printed, and the summary-read
report pages keep a bounded query count."""

import re
from decimal import Decimal

import pytest
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import translation

from reports import services
from staff import tables
from staff.templatetags.staff_numbers import rounded

from ..factories import make_official, make_unit
from .conftest import at, enroll

SUMMARY_ON = override_settings(LMS_REPORTS_SUMMARY_MAX_AGE=300, LMS_REPORTS_SUMMARY_REFRESH=60)
INTEGERS = [0, 7, 999, 1000, 12345, 999999, 1_000_000, 123_456_789, -4321]
DECIMALS = [None, 0, 0.05, 0.15, 66.65, 66.649, 99.95, 100, 100.0, Decimal("12.25"), 1234.56]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_number_text_prints_what_the_template_filters_print(language):
    with translation.override(language):
        numbers = tables.NumberText()
        assert [numbers.integer(n) for n in INTEGERS] == [intcomma(n) for n in INTEGERS]
        assert [numbers.rounded(v) for v in DECIMALS] == [rounded(v, 1) for v in DECIMALS]
        assert [numbers.rounded(v, 2) for v in DECIMALS] == [rounded(v, 2) for v in DECIMALS]
    with translation.override(language), override_settings(USE_THOUSAND_SEPARATOR=True):
        numbers = tables.NumberText()
        assert [numbers.rounded(v) for v in DECIMALS] == [rounded(v, 1) for v in DECIMALS]
    with translation.override("vi"):
        assert tables.NumberText().integer(1234567) == "1.234.567"
        assert tables.NumberText().percent(66.65) == "66,7%"
        assert tables.NumberText().percent(None) == "—"


def test_detail_url_is_reverse_with_the_query():
    url = tables.detail_url("reports:unit_detail", "track=planning&amp;x=1")
    assert url(5) == reverse("reports:unit_detail", args=[5]) + "?track=planning&amp;x=1"
    assert tables.detail_url("reports:unit_detail")(123) == reverse("reports:unit_detail", args=[123])


def _table(html: str, caption_id: str) -> str:
    """The table whose caption has ``caption_id``, without the summary-age line around it."""
    start = html.index(f'<caption id="{caption_id}"')
    return html[start : html.index("</table>", start)]


@pytest.mark.django_db
def test_unit_tree_prints_the_same_table_from_the_summary_and_directly(client, tree, courses, hr_login):
    people = [make_official(unit) for unit in (tree["ptdt"], tree["cds"], tree["ward"]) for _ in range(3)]
    for i, profile in enumerate(people):
        status = ("completed", "active", "pending")[i % 3]
        enroll(profile, courses["planning"], status, enrolled_at=at(2026, 1 + i % 4), score=50 + 7 * i)
    hr_login(tree["province"])
    direct = client.get("/quan-ly-dao-tao/don-vi/", {"track": "planning"}).content.decode()
    services.report_summary_refresh()
    with SUMMARY_ON:
        response = client.get("/quan-ly-dao-tao/don-vi/", {"track": "planning"})
    summary = response.content.decode()
    assert response.context["report"].as_of is not None
    assert _table(summary, "units-caption") == _table(direct, "units-caption")
    table = _table(summary, "units-caption")
    # Every row: a row header with its level for screen readers and a link keeping the filters.
    rows = re.findall(
        r'<tr class="level-(\d)"><th scope="row"><span class="visually-hidden">([^<]+)</span>'
        r'<a href="([^"]+)">',
        table,
    )
    assert len(rows) == len(response.context["report"].rows) == 6
    assert (
        rows[0][0] == "0" and rows[0][2] == f"/quan-ly-dao-tao/don-vi/{tree['province'].pk}/?track=planning"
    )
    assert '<tfoot><tr><th scope="row">' in table and table.count('<td class="num') == 8 * 7


@pytest.mark.django_db
def test_summary_report_pages_do_not_grow_in_queries(client, tree, courses, hr_login):
    hr_login(tree["province"])
    urls = ["/quan-ly-dao-tao/", "/quan-ly-dao-tao/don-vi/", "/quan-ly-dao-tao/khoa-hoc/"]

    def counts():
        services.report_summary_refresh()
        found = {}
        with SUMMARY_ON:
            for url in urls:
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(url)
                assert response.status_code == 200, url
                if url != "/quan-ly-dao-tao/khoa-hoc/":  # the course report shows no summary age
                    assert response.context["as_of"] is not None, url
                found[url] = len(captured.captured_queries)
        return found

    profile = make_official(tree["ptdt"])
    enroll(profile, courses["planning"], "completed", enrolled_at=at(2026, 1), score=80)
    client.get("/")  # the first request of a content generation caches the sites (cms.sites)
    small = counts()
    for i in range(12):
        unit = make_unit(f"SXD-Q{i}", f"Phòng {i}", tree["sxd"])
        for status in ("completed", "active"):
            enroll(make_official(unit), courses["economy"], status, enrolled_at=at(2026, 1 + i % 6), score=70)
    grown = counts()
    # The first round may take a few more (a refresh request queued once); never more with more rows.
    assert all(grown[url] <= small[url] for url in urls), (small, grown)
    assert max(small.values()) <= 16
