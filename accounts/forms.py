"""Signup and profile forms. Each audience has its own required fields; the server decides."""

import secrets

from django import forms
from django.contrib.auth.hashers import make_password
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .models import Audience, DeletionRequest, OrganisationUnit, Profile
from .places import commune_choices
from .selectors import unit_choices
from .text import nfc
from .validators import clean_plain_text, validate_phone, validate_plain_text, validate_tax_code

REQUIRED_BY_AUDIENCE = {
    Audience.OFFICIAL: ("organisation_unit", "position"),
    Audience.CITIZEN: (),
    Audience.BUSINESS: ("enterprise_name", "tax_code"),
}


class PlainTextField(forms.CharField):
    """A text input for names, titles and other text people read: NFC, nothing hidden, length after NFC.

    ``max_length`` is checked on the NFC form (``validate_plain_text``), not on the typed code points, so a
    150-letter Vietnamese name typed decomposed is accepted. Single-line values have their spaces collapsed;
    ``multiline`` allows line breaks and tabs and uses a textarea.
    """

    def __init__(self, *, max_length=None, multiline=False, **kwargs):
        self.plain_max_length = max_length
        self.multiline = multiline
        if multiline:
            kwargs.setdefault("widget", forms.Textarea)
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.plain_max_length is not None and not widget.is_hidden:
            # Browsers count typed code points; a decomposed Vietnamese letter takes up to three.
            attrs["maxlength"] = str(self.plain_max_length * 3)
        return attrs

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            validate_plain_text(value, max_length=self.plain_max_length, multiline=self.multiline)

    def clean(self, value):
        value = super().clean(value)
        if value in self.empty_values:
            return value
        return clean_plain_text(value, max_length=self.plain_max_length, multiline=self.multiline)


class UnitChoiceField(forms.ModelChoiceField):
    """A select of units in tree order, indented so the hierarchy is readable (also by screen readers)."""

    def __init__(self, **kwargs):
        super().__init__(queryset=OrganisationUnit.objects.filter(is_active=True), **kwargs)

    def _set_tree_choices(self):
        self.choices = [("", "---------"), *unit_choices()]


class ProfileFieldsMixin(forms.Form):
    full_name = PlainTextField(
        label=_("Full name"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    audience = forms.ChoiceField(label=_("You are"), choices=Audience.choices, widget=forms.RadioSelect)
    organisation_unit = UnitChoiceField(
        label=_("Organisation unit"),
        required=False,
        help_text=_("Required for officials and civil servants."),
    )
    position = PlainTextField(
        label=_("Position"),
        max_length=150,
        required=False,
        help_text=_("Required for officials and civil servants."),
    )
    commune = forms.TypedChoiceField(
        label=_("Commune / ward"),
        # The province's real list (accounts.places); the value is the official code.
        choices=lambda: [("", "---------"), *commune_choices()],
        required=False,
        empty_value="",
        help_text=_("Optional. The commune or ward where you live."),
    )
    enterprise_name = PlainTextField(
        label=_("Enterprise name"), max_length=255, required=False, help_text=_("Required for businesses.")
    )
    tax_code = forms.CharField(
        label=_("Tax code"),
        max_length=20,
        required=False,
        help_text=_("Required for businesses: 10 digits, or 10 digits-3 digits for a branch."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        max_length=20,
        required=False,
        help_text=_("Optional."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation_unit"]._set_tree_choices()

    def clean_full_name(self):
        value = nfc(self.cleaned_data["full_name"])
        if len(value) < 2:
            raise forms.ValidationError(_("Enter your full name."))
        return value

    def clean_tax_code(self):
        value = self.cleaned_data.get("tax_code", "").strip()
        if value:
            validate_tax_code(value)
        return value

    def clean_phone(self):
        value = self.cleaned_data.get("phone", "").strip()
        if value:
            validate_phone(value)
        return value

    def clean(self):
        cleaned = super().clean()
        audience = cleaned.get("audience")
        messages = {
            "organisation_unit": _("Choose your organisation unit."),
            "position": _("Enter your position."),
            "enterprise_name": _("Enter the enterprise name."),
            "tax_code": _("Enter the enterprise's tax code."),
        }
        for name in REQUIRED_BY_AUDIENCE.get(audience, ()):
            if not cleaned.get(name) and name not in self.errors:
                self.add_error(name, messages[name])
        return cleaned

    def profile_values(self) -> dict:
        values = {k: v for k, v in self.cleaned_data.items() if k not in {"full_name", "audience", "consent"}}
        values["commune_code"] = values.pop("commune", "")
        return values


class ProfileSignupForm(ProfileFieldsMixin):
    """Extra fields for allauth's signup form (ACCOUNT_SIGNUP_FORM_CLASS); the adapter saves them."""

    consent = forms.BooleanField(
        label=_("I consent to the processing of my personal data"),
        required=True,
        error_messages={
            "required": _("You must consent to the processing of your personal data to sign up.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "email" in self.fields:  # added by allauth's SignupForm, which subclasses this one
            self.fields["email"].error_messages["invalid"] = _(
                "Enter a valid email address, for example ten.ban@example.com."
            )

    def _post_clean(self):
        # Runs after every field and form check (allauth's password validation included). allauth answers a
        # valid signup for a known address without creating an account, which skips the password hash a new
        # signup pays; hash here too so the two answers take the same time (#12).
        super()._post_clean()
        if getattr(self, "account_already_exists", False) and not self.errors:
            make_password(self.cleaned_data.get("password1") or secrets.token_urlsafe(16))

    def signup(self, request, user):
        """allauth requires this hook; the profile is written by the adapter in the same transaction."""


class ProfileForm(ProfileFieldsMixin):
    """The profile page: a learner corrects their own data."""

    rank = PlainTextField(
        label=pgettext_lazy("civil service", "Rank"),
        max_length=150,
        required=False,
        help_text=_("Officials and civil servants: your civil-service rank (ngạch), if any."),
    )
    job_position = PlainTextField(
        label=_("Job position"),
        max_length=150,
        required=False,
        help_text=_("Officials and civil servants: your job position (vị trí việc làm), if any."),
    )
    field_order = ["full_name", "audience", "organisation_unit", "position", "rank", "job_position"]

    email_opt_out = forms.BooleanField(
        label=_("Do not send me reminder emails"),
        required=False,
        help_text=_("Essential messages (enrollment, assignments, certificates) are still sent."),
    )

    @classmethod
    def initial_for(cls, profile: Profile) -> dict:
        return {
            "full_name": profile.user.full_name,
            "audience": profile.audience,
            "organisation_unit": profile.organisation_unit_id,
            "position": profile.position,
            "rank": profile.rank,
            "job_position": profile.job_position,
            "commune": profile.commune_code,
            "enterprise_name": profile.enterprise_name,
            "tax_code": profile.tax_code,
            "phone": profile.phone,
            "email_opt_out": profile.email_opt_out,
        }


class DeletionRequestForm(forms.Form):
    reason = PlainTextField(label=_("Reason (optional)"), required=False, max_length=2000, multiline=True)
    confirm = forms.BooleanField(
        label=_("I have read what will be erased and what will be kept"),
        error_messages={"required": _("Tick the box to confirm your request.")},
    )


class PersonalDataRequestForm(forms.Form):
    """A request about one's personal data other than deletion (which has its own form and explanation)."""

    kind = forms.ChoiceField(
        label=_("What do you ask for?"),
        choices=[
            (DeletionRequest.Kind.ACCESS, DeletionRequest.Kind.ACCESS.label),
            (DeletionRequest.Kind.CORRECTION, DeletionRequest.Kind.CORRECTION.label),
            (DeletionRequest.Kind.WITHDRAWAL, DeletionRequest.Kind.WITHDRAWAL.label),
        ],
        widget=forms.RadioSelect,
    )
    details = PlainTextField(
        label=_("Details"),
        required=False,
        max_length=2000,
        multiline=True,
        help_text=_("For a correction: which data is wrong and what it should be."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == DeletionRequest.Kind.CORRECTION and not cleaned.get("details"):
            self.add_error("details", _("Say which data is wrong and what it should be."))
        return cleaned


class SignupEmailChangeForm(forms.Form):
    """The "I mistyped my address" form of the confirm-your-email page."""

    email = forms.EmailField(
        label=_("Correct email address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid email address, for example ten.ban@example.com.")},
    )
