from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Audience
from accounts.text import nfc

from .models import Level, Track

DURATION_CHOICES = [
    ("short", _("Under 2 hours")),
    ("medium", _("2 to 5 hours")),
    ("long", _("5 hours or more")),
]


def _with_all(choices):
    return [("", _("All")), *choices]


class CatalogFilterForm(forms.Form):
    """The catalogue's search and filters (GET). Invalid values are reported and ignored."""

    q = forms.CharField(label=_("Search courses"), required=False, max_length=200)
    track = forms.ChoiceField(label=_("Track"), required=False, choices=_with_all(Track.choices))
    audience = forms.ChoiceField(label=_("Audience"), required=False, choices=_with_all(Audience.choices))
    level = forms.ChoiceField(label=_("Level"), required=False, choices=_with_all(Level.choices))
    duration = forms.ChoiceField(label=_("Duration"), required=False, choices=_with_all(DURATION_CHOICES))

    def cleaned_filters(self) -> dict:
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        filters = {name: data.get(name) or "" for name in ("track", "audience", "level", "duration")}
        filters["query"] = nfc(data.get("q") or "")
        return {k: v for k, v in filters.items() if v}
