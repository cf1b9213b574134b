"""Display values of the long report tables (the unit tree: 300 rows for the province), made in one pass in the
view so that the template only prints strings.

Rendering a row through ``{% include %}``, ``{% url %}``, ``intcomma`` and ``rounded`` costs about a
millisecond; a table of 300 rows cost most of the page. ``NumberText`` reads the active language's number
format once and prints exactly what ``intcomma`` and the ``rounded`` filter print (tests/staff/test_tables.py
compares them), and ``detail_url`` reverses a URL once per table.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from html import escape

from django.conf import settings
from django.contrib.humanize.templatetags.humanize import intcomma
from django.urls import reverse
from django.utils.formats import get_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from reports.selectors import Counts, UnitReport, UnitRow

from .charts import rounded_text

# An id no unit has, reversed once and replaced by each row's id.
_PLACEHOLDER = 2_147_483_647


class NumberText:
    """Numbers in the active language's format, with its separators read once (build one per request)."""

    def __init__(self) -> None:
        self.thousand = get_format("THOUSAND_SEPARATOR")
        self.decimal = get_format("DECIMAL_SEPARATOR")
        # The fast path covers the usual grouping by threes; any other convention goes through Django.
        self.fast = get_format("NUMBER_GROUPING") == 3
        self.group_decimals = settings.USE_THOUSAND_SEPARATOR
        self._table = str.maketrans({",": self.thousand, ".": self.decimal})

    def integer(self, value: int) -> str:
        """As ``{{ value|intcomma }}``: "1.234.567" in Vietnamese."""
        if not self.fast or not isinstance(value, int):
            return intcomma(value)
        return f"{value:,}".translate(self._table)

    def rounded(self, value, places: int = 1) -> str:
        """As ``{{ value|rounded:places }}`` (``charts.rounded_text``): half up, "66,7"; "—" for None."""
        if value is None or value == "":
            return "—"
        if not self.fast:
            return rounded_text(value, places)
        number = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        text = f"{number:,.{places}f}" if self.group_decimals else f"{number:.{places}f}"
        return text.translate(self._table)

    def percent(self, value) -> str:
        """``66,7%``, or "—" for None (no percent sign after the dash)."""
        return "—" if value is None else f"{self.rounded(value)}%"


def count_cells(counts: Counts, numbers: NumberText, *, with_learners: bool) -> list[tuple[str, str]]:
    """(class, text) of the figure cells, in the order of ``staff/includes/count_headers.html``."""
    cells = [("num", numbers.integer(counts.learners))] if with_learners else []
    cells += [
        ("num", numbers.integer(counts.assigned)),
        ("num", numbers.integer(counts.enrolled)),
        ("num", numbers.integer(counts.in_progress)),
        ("num", numbers.integer(counts.completed)),
        ("num is-overdue" if counts.overdue else "num", numbers.integer(counts.overdue)),
        ("num", numbers.percent(counts.rate)),
        ("num", numbers.percent(counts.average_score)),
    ]
    return cells


def cells_html(cells: list[tuple[str, str]]) -> SafeString:
    """The ``<td>`` elements of (class, text) cells: the one piece of markup made here, because a template
    loop over 300 rows x 8 cells took 50 ms, most of the unit tree's time."""
    # Both strings are escaped, though ours hold only digits, separators, "%" and "—".
    return mark_safe("".join(f'<td class="{escape(css)}">{escape(text)}</td>' for css, text in cells))


def detail_url(name: str, query: str = ""):
    """A function of an object id giving ``reverse(name, args=[id])`` (plus ``?query``), reversing once."""
    head, _, tail = reverse(name, args=[_PLACEHOLDER]).partition(str(_PLACEHOLDER))
    tail = f"{tail}?{query}" if query else tail
    return lambda pk: f"{head}{pk}{tail}"


@dataclass
class TreeRow:
    level: int
    css_class: str  # "level-2"; the CSS indent stops at 8 levels
    level_text: str  # "Level 2:" for screen readers, which do not see the indent
    name: str
    url: str
    cells: SafeString  # the figure cells' <td> elements, made by ``cells_html``


def unit_tree_rows(report: UnitReport, *, query: str = "") -> tuple[list[TreeRow], SafeString]:
    """The unit tree's rows and its total cells, ready to print."""
    numbers = NumberText()
    url = detail_url("reports:unit_detail", query)
    level_texts: dict[int, str] = {}
    rows = []
    for row in report.rows:
        level = row.level
        if level not in level_texts:
            # The msgid of the template's former {% blocktranslate %}, so the translation is the same.
            level_texts[level] = gettext("Level %(level)s:") % {"level": level + 1}
        rows.append(
            TreeRow(
                level=level,
                css_class=f"level-{min(level, 8)}",
                level_text=level_texts[level],
                name=row.unit.name,
                url=url(row.unit.pk),
                cells=cells_html(count_cells(row.total, numbers, with_learners=True)),
            )
        )
    return rows, cells_html(count_cells(report.total, numbers, with_learners=True))


@dataclass
class UnitLine:
    name: str
    url: str
    cells: SafeString


def dashboard_unit_rows(rows: list[UnitRow]) -> list[UnitLine]:
    """The dashboard's unit table (the province's 99 departments and communes): enrolled, completed, overdue
    and completion rate of each unit's subtree, with the link to its drill-down."""
    numbers = NumberText()
    url = detail_url("reports:unit_detail")
    lines = []
    for row in rows:
        counts = row.total
        cells = [
            ("num", numbers.integer(counts.enrolled)),
            ("num", numbers.integer(counts.completed)),
            ("num", numbers.integer(counts.overdue)),
            ("num", numbers.percent(counts.rate)),
        ]
        lines.append(UnitLine(name=row.unit.name, url=url(row.unit.pk), cells=cells_html(cells)))
    return lines
