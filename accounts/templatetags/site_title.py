"""The one pattern of every page's <title>: "Page — Site", never the site's name twice."""

from django import template
from django.conf import settings
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

register = template.Library()

SEPARATOR = " — "


def site_name() -> str:
    """The platform's name as the header shows it ("Bồi dưỡng đô thị thông minh Tây Ninh")."""
    return f"{gettext('Smart-city training')} {settings.LMS_PROVINCE_NAME}"


def _words(text: str) -> set[str]:
    return set(text.casefold().split())


@register.filter(is_safe=True)
def with_site_name(title) -> str:
    """``title`` (already rendered, so already escaped) followed by the site's name.

    A page without a title of its own gets the site's name alone; a title that already holds every word of the
    site's name (the home page, "Bồi dưỡng đô thị thông minh tỉnh Tây Ninh") stands alone, so the name is never
    read twice.
    """
    title = " ".join(str(title).split())
    name = conditional_escape(site_name())
    if not title:
        return name
    if _words(name) <= _words(title):
        return mark_safe(title)
    return mark_safe(f"{title}{SEPARATOR}{name}")
