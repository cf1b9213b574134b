"""Training records in the HR area: the target report, one official's record (with PDF and external
training entered by HR), the external entries awaiting approval, and the annual targets.

Everything a view shows comes from ``records.selectors`` (scoped to the reader's subtrees); every write
goes through ``records.services``, which checks the scope once more. A person, entry or target outside
the reader's scope is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.models import PersonalDataAccess
from accounts.scoping import units_readable_by
from accounts.services import personal_data_access_log
from records import printing, selectors, services
from records.forms import ExternalTrainingForm, RejectForm, TargetForm
from records.views import parse_year

from ..permissions import hr_area_required

PER_PAGE = 50


def _year(request) -> int:
    return parse_year(request.GET.get("nam"))


@hr_area_required
@require_GET
def target_report(request):
    """Chỉ tiêu bồi dưỡng: officials of the reader's subtrees (or one unit's) with periods against target."""
    year = _year(request)
    below_only = request.GET.get("duoi-chi-tieu") == "1"
    units = list(units_readable_by(user=request.user).order_by("path"))
    unit = None
    if request.GET.get("don-vi"):
        try:
            unit_id = int(request.GET["don-vi"])
        except ValueError:
            raise Http404 from None
        unit = next((u for u in units if u.pk == unit_id), None)
        if unit is None:
            raise Http404
    rows = selectors.target_report(reader=request.user, year=year, unit=unit, below_only=below_only)
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    top = min((u.depth for u in units), default=1)
    query = {"nam": year}
    if unit:
        query["don-vi"] = unit.pk
    if below_only:
        query["duoi-chi-tieu"] = 1
    context = {
        "year": year,
        "years": list(range(selectors.current_year(), selectors.current_year() - 5, -1)),
        "unit": unit,
        "unit_choices": [(u.pk, "— " * (u.depth - top) + u.name) for u in units],
        "below_only": below_only,
        "page": page,
        "total": len(rows),
        "below": rows.below,
        "query": urlencode(query),
        "export_query": urlencode({"year": year, **({"unit": unit.pk} if unit else {})}),
        "pending": selectors.pending_external_for(reader=request.user).count(),
        "active_tab": "records",
    }
    return render(request, "staff/records/target_report.html", context)


def _person(request, public_id):
    try:
        return selectors.record_person(reader=request.user, public_id=public_id)
    except selectors.OutOfScope:
        raise Http404 from None


@hr_area_required
@require_GET
def person_record(request, public_id):
    """One official's record for a year, as HR in scope sees it (pending and rejected entries included)."""
    profile = _person(request, public_id)
    year = _year(request)
    personal_data_access_log(
        actor=request.user, subject=profile.user, action=PersonalDataAccess.Action.VIEW_LEARNER
    )
    context = {
        "profile": profile,
        "person": profile.user,
        "record": selectors.person_record(person=profile.user, year=year),
        "years": selectors.record_years(person=profile.user),
        "year": year,
        "export_query": urlencode({"learner": str(public_id), "year": year}),
        "active_tab": "records",
    }
    return render(request, "staff/records/person_record.html", context)


@hr_area_required
@require_GET
def person_record_pdf(request, public_id):
    profile = _person(request, public_id)
    year = _year(request)
    personal_data_access_log(
        actor=request.user,
        subject=profile.user,
        action=PersonalDataAccess.Action.EXPORT_TRANSCRIPT,
        detail=f"training_record.pdf {year}",
    )
    pdf = printing.record_pdf(person=profile.user, year=year)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = printing.record_filename(person=profile.user, year=year)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@hr_area_required
@require_http_methods(["GET", "POST"])
def external_enter(request, public_id):
    """HR enters external training for an official in scope; it counts at once."""
    profile = _person(request, public_id)
    form = ExternalTrainingForm(request.POST or None, request.FILES or None, evidence_required=False)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.external_training_enter(
                actor=request.user, person=profile.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The training was added to the record."))
            url = reverse("records_staff:person", args=[public_id])
            return redirect(f"{url}?nam={entry.ends_on.year}")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "profile": profile, "active_tab": "records"}
    return render(request, "staff/records/external_form.html", context, status=status)


def _pending_page(request, *, failed=None, failed_form=None, status=200):
    pending = selectors.pending_external_for(reader=request.user)
    page = Paginator(pending, 25).get_page(request.GET.get("page"))
    context = {"page": page, "failed": failed, "failed_form": failed_form, "active_tab": "records"}
    return render(request, "staff/records/pending.html", context, status=status)


@hr_area_required
@require_GET
def pending(request):
    """Khóa bồi dưỡng bên ngoài chờ duyệt: entries of people in scope, oldest first."""
    return _pending_page(request)


@hr_area_required
@require_POST
def decide(request, public_id):
    """Approve, or reject with a reason, one pending entry. Bad input re-shows the list; nothing changes."""
    entry = get_object_or_404(selectors.pending_external_for(reader=request.user), public_id=public_id)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _pending_page(request, failed=entry.pk, failed_form=form, status=400)
    approve = form.cleaned_data["decision"] == "approve"
    try:
        services.external_training_decide(
            actor=request.user, entry=entry, approve=approve, reason=form.cleaned_data["note"]
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _pending_page(request, failed=entry.pk, failed_form=form, status=400)
    except PermissionDenied:
        raise Http404 from None
    if approve:
        messages.success(
            request,
            _("Approved: “%(title)s” of %(name)s.") % {"title": entry.title, "name": entry.user.full_name},
        )
    else:
        messages.success(
            request,
            _("Rejected: “%(title)s” of %(name)s.") % {"title": entry.title, "name": entry.user.full_name},
        )
    page = request.GET.get("page")
    url = reverse("records_staff:pending")
    return redirect(f"{url}?page={page}" if page and page.isdigit() else url)


@hr_area_required
@require_http_methods(["GET", "POST"])
def targets(request):
    """Chỉ tiêu bồi dưỡng hằng năm: the targets of a year for the reader's units (and positions, for
    administrators), with a form to set one."""
    year = _year(request)
    units = units_readable_by(user=request.user).order_by("path")
    form = TargetForm(
        request.POST or None,
        initial={"year": year},
        units=units,
        may_set_positions=request.user.is_superuser,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            target = services.training_target_set(
                actor=request.user,
                year=data["year"],
                periods=data["periods"],
                unit=data.get("unit"),
                position=data.get("position") or "",
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("The target was saved."))
            return redirect(f"{reverse('records_staff:targets')}?nam={target.year}")
    context = {
        "form": form,
        "year": year,
        "page": Paginator(selectors.targets_visible_to(reader=request.user, year=year), PER_PAGE).get_page(
            request.GET.get("page")
        ),
        "active_tab": "records",
    }
    return render(request, "staff/records/targets.html", context, status=400 if form.errors else 200)


@hr_area_required
@require_POST
def target_delete(request, pk: int):
    target = get_object_or_404(selectors.targets_visible_to(reader=request.user, year=None), pk=pk)
    try:
        services.training_target_delete(actor=request.user, target=target)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("The target was deleted."))
    return redirect(f"{reverse('records_staff:targets')}?nam={target.year}")
