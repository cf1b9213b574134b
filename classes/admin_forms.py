"""Admin form for a class and its sessions: schedule conflicts are warned about, never refused."""

from django.utils.translation import gettext as _
from wagtail.admin.forms import WagtailAdminModelForm

from . import selectors
from .models import default_periods


class TrainingClassForm(WagtailAdminModelForm):
    """Saves the class with its inline sessions; after validation, ``conflict_warnings`` lists sessions that
    share a trainer or a venue with another session at the same time (the view shows them as warnings)."""

    def clean(self):
        cleaned = super().clean()
        self.conflict_warnings = []
        sessions_formset = self.formsets.get("sessions")
        if sessions_formset is None:
            return cleaned
        drafts = []
        for form in sessions_formset.forms:
            data = getattr(form, "cleaned_data", None) or {}
            if not data or data.get("DELETE") or not data.get("starts_at") or not data.get("ends_at"):
                continue
            if data["ends_at"] <= data["starts_at"]:
                form.add_error("ends_at", _("The session must end after it starts."))
                continue
            if not data.get("periods"):
                form.instance.periods = default_periods(starts_at=data["starts_at"], ends_at=data["ends_at"])
            drafts.append((form.instance.pk, data))
        self.conflict_warnings = selectors.schedule_warnings(drafts=drafts)
        return cleaned
