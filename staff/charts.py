"""Geometry for the dashboard's inline SVG charts (templates draw them; no script, nothing fetched).

Values are percentages (0-100). Coordinates are returned as strings with a decimal point, so the
Vietnamese number format (decimal comma) can never reach the SVG. Every chart also has a data table on the
page: the picture is never the only way to read the numbers.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import date_format, number_format

# A narrow drawing scales up on wide screens and stays legible on a phone.
WIDTH = 400
LABEL_MAX = 46


def rounded_text(value: float | Decimal | None, places: int = 1) -> str:
    """``value`` rounded half up to ``places`` decimals (as ``floatformat`` and Excel round, never cut off as
    ``number_format`` alone does: 66.65 -> "66,7", not "66,6") in the active number format; "—" for None.
    Charts and their data tables both print through this (the ``rounded`` template filter)."""
    if value is None or value == "":
        return "—"
    rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    return number_format(rounded, places)


def percent_text(value: float | None) -> str:
    return "—" if value is None else f"{rounded_text(value, 1)}%"


def _n(value: float) -> str:
    return f"{value:.1f}"


def _short(label: str) -> str:
    return label if len(label) <= LABEL_MAX else label[: LABEL_MAX - 1].rstrip() + "…"


@dataclass
class Bar:
    label: str
    short_label: str
    value: float | None
    value_text: str
    label_y: str
    bar_y: str
    value_y: str
    bar_width: str
    text_x: str


def bar_chart(items: list[tuple[str, float | None]]) -> dict:
    """Horizontal bars, one per (label, percent): the label above its bar, the value after it."""
    row_height, bar_height, bar_area = 44, 14, WIDTH - 70
    bars = []
    for index, (label, value) in enumerate(items):
        top = index * row_height
        width = bar_area * (value or 0) / 100
        bars.append(
            Bar(
                label=label,
                short_label=_short(label),
                value=value,
                value_text=percent_text(value),
                label_y=_n(top + 14),
                bar_y=_n(top + 20),
                value_y=_n(top + 32),
                bar_width=_n(width),
                text_x=_n(width + 6),
            )
        )
    rated = [bar for bar in bars if bar.value is not None]
    return {
        "width": WIDTH,
        "height": max(row_height * len(bars), row_height),
        "bar_height": bar_height,
        "bar_area": bar_area,
        "bars": bars,
        "best": max(rated, key=lambda bar: bar.value, default=None),
        "worst": min(rated, key=lambda bar: bar.value, default=None),
    }


@dataclass
class Point:
    x: str
    y: str
    label: str
    value_text: str


def line_chart(items: list[tuple[object, float | None]]) -> dict:
    """A line over months: (date, percent) pairs; months without enrollments leave a gap in the line."""
    height, left, right, top, bottom = 230, 40, 20, 12, 34
    plot_width, plot_height = WIDTH - left - right, height - top - bottom
    count = len(items)
    step = plot_width / max(count - 1, 1)
    points, labels, segments, current = [], [], [], []
    for index, (month, value) in enumerate(items):
        x = left + index * step
        label = date_format(month, "YEAR_MONTH_FORMAT")
        labels.append({"x": _n(x), "label": label})
        if value is None:
            if current:
                segments.append(" ".join(current))
            current = []
            continue
        y = top + plot_height * (1 - value / 100)
        points.append(Point(x=_n(x), y=_n(y), label=label, value_text=percent_text(value)))
        current.append(f"{_n(x)},{_n(y)}")
    if current:
        segments.append(" ".join(current))
    every = max(1, math.ceil(count / 6))
    return {
        "width": WIDTH,
        "height": height,
        "left": left,
        "right_edge": WIDTH - right,
        "bottom_y": _n(top + plot_height),
        "label_y": _n(top + plot_height + 20),
        "grid": [
            {
                "y": _n(top + plot_height * (1 - level / 100)),
                "text_y": _n(top + plot_height * (1 - level / 100) + 4),
                "label": f"{level}%",
            }
            for level in (0, 25, 50, 75, 100)
        ],
        "points": points,
        # Counted back from the latest month, so it is always labelled and labels never crowd.
        "x_labels": [labels[index] for index in range(count - 1, -1, -every)][::-1],
        "segments": segments,
        "first": points[0] if points else None,
        "last": points[-1] if points else None,
    }


def score_chart(items: list[tuple[str, float | None]]) -> dict:
    """Horizontal bars of means on the 1-10 evaluation scale: ``bar_chart`` drawn at a tenth per point,
    labelled with the mean itself (two decimals, the reader's number format) in a column after the track."""
    chart = bar_chart([(label, None if value is None else value * 10) for label, value in items])
    for bar, (_label, value) in zip(chart["bars"], items, strict=True):
        bar.value_text = rounded_text(value, 2)
        # Means sit close together (7-9), so the value goes after the grey track, never over it: text
        # drawn on the track is hard to read and axe reports it as covered.
        bar.text_x = _n(chart["bar_area"] + 6)
    return chart
