"""Importing officials (HR area): the template, the upload, the dry run and applying it (docs/decisions/0032)."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.text import file_size_text
from officials import selectors, services
from officials.files import COLUMNS, template_csv, template_xlsx

from ..permissions import hr_area_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class OfficialImportForm(forms.Form):
    upload = forms.FileField(
        label=gettext_lazy("File of officials (.csv or .xlsx)"),
        help_text=gettext_lazy("Use the template: one line per person, the headers of its first line."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )
    deactivate_missing = forms.BooleanField(
        label=gettext_lazy("Mark those missing from their unit's file as having left"),
        required=False,
        help_text=gettext_lazy(
            "For each unit in the file, its officials the file does not list are deactivated; their records "
            "are kept."
        ),
    )

    def clean_upload(self):
        upload = self.cleaned_data["upload"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        if upload.size > settings.LMS_OFFICIALS_IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is larger than %(size)s.")
                % {"size": file_size_text(settings.LMS_OFFICIALS_IMPORT_MAX_BYTES)}
            )
        return upload


@hr_area_required
@require_http_methods(["GET", "POST"])
def officials_import(request):
    """The upload form, the template links and the person's recent imports."""
    form = OfficialImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        record = services.official_import_create(
            owner=request.user,
            upload=form.cleaned_data["upload"],
            deactivate_missing=form.cleaned_data["deactivate_missing"],
        )
        return redirect("officials_import_detail", public_id=record.public_id)
    context = {
        "form": form,
        "columns": COLUMNS,
        "imports": selectors.official_imports_of(user=request.user)[:10],
        "active_tab": "officials_import",
    }
    return render(request, "staff/officials_import.html", context, status=400 if form.errors else 200)


@hr_area_required
@require_GET
def officials_import_template(request, fmt: str):
    if fmt == "csv":
        response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(template_xlsx(), content_type=XLSX)
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="mau-danh-sach-can-bo.{fmt}"'
    return response


@hr_area_required
@require_GET
def officials_import_detail(request, public_id):
    """The dry run (or the job's progress while it runs), then what applying did."""
    record = selectors.official_import_of(user=request.user, public_id=public_id)
    if record is None:
        raise Http404
    context = {"record": record, "plan": record.plan, "job": record.job, "active_tab": "officials_import"}
    return render(request, "staff/officials_import_detail.html", context)


@hr_area_required
@require_POST
def officials_import_apply(request, public_id):
    record = selectors.official_import_of(user=request.user, public_id=public_id)
    if record is None:
        raise Http404
    try:
        services.official_import_apply(record=record)
    except services.ImportNotReady:
        messages.error(request, _("This file cannot be applied: it has errors or was applied already."))
    return redirect("officials_import_detail", public_id=record.public_id)
