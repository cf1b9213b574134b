"""The staff area's forms. They parse and validate input; scope is checked by selectors and services.

- ``ReportFilterForm``: the filters shared by every report page and export;
- ``AssignmentForm``: assigning a course to a unit or to listed learners.
"""

import io

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import PlainTextField
from accounts.models import Audience, OrganisationUnit
from accounts.scoping import units_readable_by
from cms.models import CoursePage, Track
from courses import services as course_services
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
        )


MAX_UPLOAD = 2 * 1024 * 1024


class AssignmentForm(forms.Form):
    course = forms.ModelChoiceField(label=_("Course"), queryset=CoursePage.objects.none())
    due_date = forms.DateField(label=_("Due date"), help_text=_("For example 31/12/2026."))
    unit = forms.ModelChoiceField(
        label=_("Organisation unit"), queryset=OrganisationUnit.objects.none(), required=False
    )
    include_descendants = forms.BooleanField(label=_("Include sub-units"), required=False, initial=True)
    learners = forms.CharField(
        label=_("Or learners: one email or staff code per line"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    upload = forms.FileField(
        label=_("Or a CSV/XLSX file of emails or staff codes (first column)"), required=False
    )
    note = PlainTextField(label=_("Note"), required=False, max_length=500)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["course"].queryset = CoursePage.objects.live().order_by("title")
        self.fields["unit"].queryset = units_readable_by(user=user).order_by("path")
        self.fields["unit"].label_from_instance = lambda unit: unit.indented_name

    def clean_due_date(self):
        due = self.cleaned_data["due_date"]
        if due < timezone.localdate():
            raise forms.ValidationError(_("The due date must be in the future."))
        return due

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload and upload.size > MAX_UPLOAD:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return upload

    def clean(self):
        cleaned = super().clean()
        text = cleaned.get("learners", "")
        upload = cleaned.get("upload")
        if upload:
            text = "\n".join(filter(None, [text, _list_from_file(upload)]))
        if not cleaned.get("unit") and not text.strip():
            raise forms.ValidationError(_("Choose a unit or list at least one learner."))
        if text.strip():
            learners, errors = course_services.learners_from_list(text=text, by=self.user)
            if errors:
                raise forms.ValidationError(
                    [
                        _("Line %(line)s: %(problem)s") % {"line": line, "problem": problem}
                        for line, problem in errors
                    ]
                )
            cleaned["learner_users"] = learners
        return cleaned


def _list_from_file(upload) -> str:
    data = upload.read()
    if data[:4] == b"PK\x03\x04":
        from openpyxl import load_workbook

        from courses.uploads import UnsafeArchiveError, check_zip_limits

        try:
            check_zip_limits(data)
        except UnsafeArchiveError as exc:
            raise forms.ValidationError(str(exc)) from exc
        try:
            sheet = load_workbook(io.BytesIO(data), read_only=True, data_only=True).worksheets[0]
        except Exception as exc:  # any unreadable workbook is reported to the user
            raise forms.ValidationError(_("The Excel file cannot be read.")) from exc
        return "\n".join(str(row[0] or "") for row in sheet.iter_rows(values_only=True) if row)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise forms.ValidationError(_("The file must be UTF-8 CSV or XLSX.")) from exc
