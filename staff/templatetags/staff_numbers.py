"""The one way staff pages print a rounded figure: ``{{ value|rounded:1 }}`` in tables, ``charts.rounded_text``
in the charts beside them, so a chart and its data table always show the same digits."""

from decimal import Decimal

from django import template

from ..charts import rounded_text

register = template.Library()


@register.filter
def rounded(value, places=1) -> str:
    """``value`` rounded half up to ``places`` decimals in the reader's number format (Vietnamese: a decimal
    comma); "—" for None."""
    return rounded_text(value, int(places))


@register.filter
def share_percent(value, places=1) -> str:
    """A share (0.2 for a fifth) as a rounded percentage, "20%" or "66,7%"; "—" for None."""
    if value is None or value == "":
        return "—"
    rounded = rounded_text(Decimal(str(value)) * 100, int(places))
    return f"{rounded}%"
