"""Showing the personal-data export (JSON-ready values) to the person it describes."""

import datetime

from django import template
from django.utils import timezone
from django.utils.formats import date_format

register = template.Library()


@register.filter
def when(value):
    """An ISO date or date-time string of the export as Vietnamese readers write it ("04/12/2026 09:30")."""
    if not value:
        return "—"
    try:
        parsed = datetime.datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return value
    if len(value) == 10:  # a date
        return date_format(parsed.date(), "d/m/Y")
    if timezone.is_aware(parsed):
        parsed = timezone.localtime(parsed)
    return date_format(parsed, "d/m/Y H:i")
