"""Forms of the training record, used by the learner's pages (records.views) and the staff area."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import PlainTextField
from accounts.models import OrganisationUnit
from cms.models import ContentCategory

from .evidence import evidence_accept, evidence_check, evidence_help_text


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ExternalTrainingForm(forms.Form):
    """Training done elsewhere. ``evidence_required``: an official must attach evidence; HR may not."""

    title = PlainTextField(label=gettext_lazy("Training name"), max_length=255)
    provider = PlainTextField(label=gettext_lazy("Organised by"), max_length=255)
    content_category = forms.ModelChoiceField(
        label=gettext_lazy("Content category"), queryset=ContentCategory.objects.filter(is_active=True)
    )
    periods = forms.IntegerField(label=gettext_lazy("Periods"), min_value=1, max_value=2000)
    starts_on = forms.DateField(label=gettext_lazy("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=gettext_lazy("Ends on"), widget=DateInput)
    certificate_number = PlainTextField(
        label=gettext_lazy("Certificate number"), max_length=64, required=False
    )
    certificate_issuer = PlainTextField(label=gettext_lazy("Issued by"), max_length=255, required=False)
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (certificate or decision)"),
        widget=forms.ClearableFileInput(attrs={"accept": evidence_accept()}),
    )

    def __init__(self, *args, evidence_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["evidence"].required = evidence_required
        # Read when the form is built, so the text follows the setting (and the active language).
        self.fields["evidence"].help_text = evidence_help_text()

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if upload:
            evidence_check(upload)
        return upload

    def clean(self):
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date is before the start date."))
        return data


class RejectForm(forms.Form):
    """Approve, or reject with a reason, an external entry (the fields of staff/includes/request_decision.html)."""

    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("approve", gettext_lazy("Approve")), ("reject", gettext_lazy("Reject"))],
    )
    note = PlainTextField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=1000,
        multiline=True,
        help_text=gettext_lazy("Required to reject; the official sees it."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "reject" and not data.get("note"):
            self.add_error("note", _("Give a reason for the rejection."))
        return data


class TargetForm(forms.Form):
    """A target for a unit in the reader's scope (``units``), or (administrators) for a position."""

    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)
    periods = forms.IntegerField(label=gettext_lazy("Periods per year"), min_value=1, max_value=2000)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Organisation unit"),
        queryset=OrganisationUnit.objects.none(),
        required=False,
        help_text=gettext_lazy(
            "Applies to the unit and its sub-units unless they have a target of their own."
        ),
    )
    position = PlainTextField(
        label=gettext_lazy("or position"),
        max_length=150,
        required=False,
        help_text=gettext_lazy(
            "A target for a position applies province-wide and takes precedence (administrators only)."
        ),
    )

    def __init__(self, *args, units=None, may_set_positions: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else OrganisationUnit.objects.none()
        if not may_set_positions:
            del self.fields["position"]

    def clean(self):
        data = super().clean()
        if bool(data.get("unit")) == bool(data.get("position")):
            raise ValidationError(_("Choose either an organisation unit or a position."))
        return data


class YearForm(forms.Form):
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100, required=False)
    below = forms.BooleanField(label=gettext_lazy("Only those below target"), required=False)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
