"""The official's own training record ("Quá trình đào tạo, bồi dưỡng", learner area) and the evidence
download that the person and HR in scope share."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import Audience, PersonalDataAccess
from accounts.services import personal_data_access_log

from . import printing, selectors, services
from .forms import ExternalTrainingForm


def parse_year(value) -> int:
    """``?nam=`` as a year between 2000 and 2100, else the current year."""
    try:
        year = int(value)
    except (TypeError, ValueError):
        return selectors.current_year()
    return year if 2000 <= year <= 2100 else selectors.current_year()


def _official(request):
    profile = getattr(request.user, "profile", None)
    if profile is None or profile.audience != Audience.OFFICIAL:
        raise PermissionDenied
    return profile


@login_required
@require_GET
def my_record(request):
    """The official's record for one year: entries, periods against the target, entries awaiting approval."""
    _official(request)
    year = parse_year(request.GET.get("nam"))
    record = selectors.person_record(person=request.user, year=year)
    context = {
        "record": record,
        "years": selectors.record_years(person=request.user),
        "year": year,
    }
    return render(request, "records/my_record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def external_new(request):
    """Khai báo khóa bồi dưỡng bên ngoài: the official records training done elsewhere, with evidence."""
    _official(request)
    form = ExternalTrainingForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            entry = services.external_training_submit(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Submitted: HR will check the evidence and approve the entry."))
            return redirect(_record_url(entry.ends_on.year))
    status = 400 if request.method == "POST" else 200
    return render(request, "records/external_form.html", {"form": form}, status=status)


def _record_url(year: int) -> str:
    return f"{reverse('records:my_record')}?nam={year}"


@login_required
@require_POST
def external_withdraw(request, public_id):
    """The official withdraws an entry of their own that still waits for approval."""
    try:
        entry = selectors.external_entry_for(reader=request.user, public_id=public_id)
    except selectors.OutOfScope:
        raise Http404 from None
    if entry.user_id != request.user.pk:
        raise Http404
    try:
        services.external_training_withdraw(user=request.user, entry=entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("The entry was withdrawn."))
    return redirect(_record_url(entry.ends_on.year))


@login_required
@require_GET
def my_record_pdf(request):
    _official(request)
    year = parse_year(request.GET.get("nam"))
    response = HttpResponse(
        printing.record_pdf(person=request.user, year=year), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'inline; filename="{printing.record_filename(person=request.user, year=year)}"'
    )
    return response


@never_cache
@login_required
@require_GET
def evidence(request, public_id):
    """The evidence file of an external entry, for its owner and HR in scope only (404 for anyone else)."""
    try:
        entry = selectors.external_entry_for(reader=request.user, public_id=public_id)
    except selectors.OutOfScope:
        raise Http404 from None
    if not entry.evidence:
        raise Http404
    if entry.user_id != request.user.pk:
        personal_data_access_log(
            actor=request.user,
            subject=entry.user,
            action=PersonalDataAccess.Action.VIEW_LEARNER,
            detail=f"evidence {entry.public_id}",
        )
    response = FileResponse(
        entry.evidence.open("rb"),
        as_attachment=False,
        filename=entry.evidence_name or "minh-chung",
        content_type=entry.evidence_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
