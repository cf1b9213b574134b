"""The filter form shared by every report page and export. It only parses; scope is checked by selectors."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Audience
from cms.models import Track
from reports.selectors import ReportFilters


class ReportFilterForm(forms.Form):
    unit = forms.IntegerField(label=_("Organisation unit"), required=False, min_value=1)
    course = forms.IntegerField(label=_("Course"), required=False, min_value=1)
    track = forms.ChoiceField(label=_("Track"), required=False, choices=[("", _("All")), *Track.choices])
    audience = forms.ChoiceField(
        label=_("Course audience"), required=False, choices=[("", _("All")), *Audience.choices]
    )
    date_from = forms.DateField(label=_("Enrolled from"), required=False)
    date_to = forms.DateField(label=_("Enrolled until"), required=False)
    learner = forms.UUIDField(required=False)
    training_class = forms.IntegerField(label=_("Class"), required=False, min_value=1)
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end of the period must not be before its start."))
        return data

    def filters(self) -> ReportFilters:
        """The valid filters (an invalid field is ignored, and shown as an error on the form)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        valid = {name: data.get(name) for name in self.fields if name not in self.errors}
        return ReportFilters(
            unit_id=valid.get("unit"),
            course_id=valid.get("course"),
            track=valid.get("track") or "",
            audience=valid.get("audience") or "",
            date_from=valid.get("date_from"),
            date_to=valid.get("date_to"),
            learner=valid.get("learner"),
            class_id=valid.get("training_class"),
            year=valid.get("year"),
        )
