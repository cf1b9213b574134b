"""Charts and the data tables beside them print the same rounded figures (half up, Vietnamese decimal
comma), through one helper: ``staff.charts.rounded_text`` and its template filter ``rounded``."""

import datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from staff.charts import bar_chart, line_chart, rounded_text, score_chart

# Figures that a cut-off (number_format alone) and a half-up rounding print differently.
RATES = [66.65, 12.96, 99.99, 0.05, 50.0]
EXPECTED = ["66,7%", "13,0%", "100,0%", "0,1%", "50,0%"]


@pytest.fixture(autouse=True)
def vietnamese():
    with translation.override("vi"):
        yield


def _table_cell(rate) -> str:
    """The dashboard's rate cell as the template draws it (``staff/includes/count_cells.html``)."""
    counts = SimpleNamespace(
        assigned=1, enrolled=1, in_progress=0, completed=1, overdue=0, rate=rate, average_score=None
    )
    html = Template('{% include "staff/includes/count_cells.html" %}').render(Context({"counts": counts}))
    return html.split('<td class="num">')[-2].split("</td>")[0]  # the rate, before the average


def test_bar_chart_and_its_table_show_the_same_rounded_percent():
    chart = bar_chart([(f"Đơn vị {index}", rate) for index, rate in enumerate(RATES)])
    assert [bar.value_text for bar in chart["bars"]] == EXPECTED
    assert [_table_cell(rate) for rate in RATES] == EXPECTED


def test_line_chart_points_round_like_the_table():
    months = [datetime.date(2026, month, 1) for month in range(1, 6)]
    chart = line_chart(list(zip(months, RATES, strict=True)))
    assert [point.value_text for point in chart["points"]] == EXPECTED


def test_evaluation_means_round_alike_in_chart_and_table():
    means = [49 / 6, 7.665, 7.725, None]
    chart = score_chart([(str(index), mean) for index, mean in enumerate(means)])
    table = Template("{% load staff_numbers %}{% for m in means %}{{ m|rounded:2 }};{% endfor %}").render(
        Context({"means": means})
    )
    assert [bar.value_text for bar in chart["bars"]] == ["8,17", "7,67", "7,73", "—"]
    assert table.split(";")[:-1] == ["8,17", "7,67", "7,73", "—"]


def test_rounded_text_follows_the_active_language():
    assert rounded_text(66.65, 1) == "66,7"
    with translation.override("en"):
        assert rounded_text(66.65, 1) == "66.7"


def test_shares_print_as_rounded_percentages_not_cut_off():
    """The evaluation coverage table printed shares through widthratio, which cuts 66.67 % to "66%"."""
    from staff.templatetags.staff_numbers import share_percent

    with translation.override("vi"):
        assert share_percent(2 / 3) == "66,7%"
        assert share_percent(0.2) == "20,0%"
        assert share_percent(None) == "—"
