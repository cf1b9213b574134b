"""The HR reports and exports: HR managers see only their organisation subtrees.

Each view parses the filters, calls ``reports`` selectors and exports (which apply the scope) and renders.
A unit, course or learner named in the query string that the reader may not see is a 404, whichever page or
export names it.
"""

import dataclasses
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.models import OrganisationUnit, PersonalDataAccess
from accounts.scoping import units_readable_by
from accounts.selectors import personal_id_shown, profiles_visible_to
from accounts.services import personal_data_access_log
from accounts.text import nfc
from classes.selectors import classes_visible_to
from cms.models import CoursePage
from jobs.models import Job
from reports import exports, selectors, services
from reports.models import ExportFormat, ExportLog, Report
from reports.selectors import OutOfScope, ReportFilters

from .. import charts, tables
from ..forms import ReportFilterForm
from ..permissions import hr_area_required, user_may_decide_enrollments, user_may_use_hr_area

LEARNERS_PER_PAGE = 50
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    ExportFormat.CSV: "text/csv; charset=utf-8",
    ExportFormat.XLSX: XLSX_CONTENT_TYPE,
    ExportFormat.JSON: "application/json; charset=utf-8",
}


def _parse_filters(request, data=None, **forced) -> tuple[ReportFilterForm, ReportFilters]:
    form = ReportFilterForm(data if data is not None else request.GET)
    form.is_valid()
    filters = form.filters()
    if forced:
        filters = dataclasses.replace(filters, **forced)
    try:
        selectors.check_filters(user=request.user, filters=filters)
    except OutOfScope:
        raise Http404 from None
    return form, filters


def _summary_context(as_of, filters: ReportFilters) -> dict:
    """The summary's time and age for the page; asks the worker for a new one when it is over a minute old."""
    if not (filters.date_from or filters.date_to) and selectors.summary_is_stale(as_of):
        services.report_summary_request_refresh()
    if as_of is None:
        return {"as_of": None}
    return {"as_of": as_of, "summary_age": max(0, int((timezone.now() - as_of).total_seconds()))}


def _filter_context(request, form: ReportFilterForm, filters: ReportFilters, units=None) -> dict:
    """What the filter form and the export links need; two queries at most.

    The choices are (value, label, selected) with the value already text: a province has 300 units, and
    printing an integer in a template localizes it.
    """
    if units is None:
        units = list(units_readable_by(user=request.user).order_by("path"))
    top = min((unit.depth for unit in units), default=1)
    courses = CoursePage.objects.order_by("title", "pk").values_list("pk", "title")
    return {
        "form": form,
        "filters": filters,
        "unit_choices": [
            (str(unit.pk), "— " * (unit.depth - top) + unit.name, unit.pk == filters.unit_id)
            for unit in units
        ],
        "course_choices": [(str(pk), title, pk == filters.course_id) for pk, title in courses],
        "export_query": urlencode(filters.to_json()),
    }


@login_required
def staff_home(request):
    """/quan-ly-dao-tao/: HR managers see the dashboard; trainers and reviewers, who reach the area's root
    from a bookmark or the address bar, go to the screen they may use instead of a 403."""
    if user_may_use_hr_area(user=request.user):
        return dashboard(request)
    if classes_visible_to(user=request.user).exists():
        return redirect("class_staff:list")
    if user_may_decide_enrollments(user=request.user):
        return redirect("enrollment_requests")
    raise PermissionDenied


@hr_area_required
@require_GET
def dashboard(request):
    """Tổng quan: key figures and three charts, each beside a table of its numbers."""
    form, filters = _parse_filters(request)
    try:
        scope = selectors.report_scope(user=request.user, unit_id=filters.unit_id)
    except OutOfScope:
        raise Http404 from None
    units, tracks = selectors.completion_by_unit_and_track(user=request.user, filters=filters, scope=scope)
    months = selectors.completion_by_month(user=request.user, filters=filters, scope=scope)
    top_units = units.top_rows()
    context = {
        **_filter_context(
            request, form, filters, units=units.scope.units if filters.unit_id is None else None
        ),
        "total": units.total,
        "top_units": tables.dashboard_unit_rows(top_units),
        "tracks": tracks,
        "months": months,
        "unit_chart": charts.bar_chart([(row.unit.name, row.total.rate) for row in top_units]),
        "track_chart": charts.bar_chart([(str(row.label), row.counts.rate) for row in tracks]),
        "month_chart": charts.line_chart([(row.month, row.rate) for row in months]),
        "active_tab": "dashboard",
        **_summary_context(units.as_of, filters),
    }
    return render(request, "staff/dashboard.html", context)


@hr_area_required
@require_GET
def unit_report(request):
    """Completion by organisation unit, as a tree with every unit's figures rolled up over its subtree."""
    form, filters = _parse_filters(request)
    try:
        report = selectors.completion_by_unit(user=request.user, filters=filters)
    except OutOfScope:
        raise Http404 from None
    filter_context = _filter_context(
        request, form, filters, units=report.scope.units if filters.unit_id is None else None
    )
    rows, total_cells = tables.unit_tree_rows(report, query=filter_context["export_query"])
    context = {
        **filter_context,
        "report": report,
        "rows": rows,
        "total_cells": total_cells,
        "active_tab": "units",
        **_summary_context(report.as_of, filters),
    }
    return render(request, "staff/units.html", context)


@hr_area_required
@require_GET
def unit_detail(request, unit_id: int):
    """One unit: its figures, its sub-units, and its learners (whole subtree) with their own figures."""
    form, filters = _parse_filters(request, unit_id=unit_id)
    try:
        report = selectors.completion_by_unit(user=request.user, filters=filters)
    except OutOfScope:
        raise Http404 from None
    unit = report.scope.unit
    step = OrganisationUnit.steplen
    ancestors = list(
        units_readable_by(user=request.user)
        .filter(path__in=[unit.path[:end] for end in range(step, len(unit.path), step)])
        .order_by("path")
    )
    learners = selectors.unit_learners(scope=report.scope, filters=filters)
    page = Paginator(learners, LEARNERS_PER_PAGE).get_page(request.GET.get("page"))
    page.object_list = selectors.with_counts(page.object_list)
    filter_query = filters.to_json()
    filter_query.pop("unit", None)
    context = {
        **_filter_context(request, form, filters),
        "unit": unit,
        "unit_row": report.rows[0],
        "children": [row for row in report.rows if row.parent_id == unit.pk],
        "ancestors": ancestors,
        "page": page,
        "filter_query": urlencode(filter_query),
        "active_tab": "units",
    }
    return render(request, "staff/unit_detail.html", context)


@hr_area_required
@require_GET
def course_report(request):
    """Completion by course across the reader's scope (or one unit's subtree)."""
    form, filters = _parse_filters(request)
    try:
        rows, total = selectors.completion_by_course(user=request.user, filters=filters)
    except OutOfScope:
        raise Http404 from None
    context = {
        **_filter_context(request, form, filters),
        "rows": rows,
        "total": total,
        "active_tab": "courses",
    }
    return render(request, "staff/courses.html", context)


@hr_area_required
@require_GET
def learner_list(request):
    query = nfc(request.GET.get("q", ""))
    profiles = profiles_visible_to(user=request.user).order_by("user__name_sort_key", "pk")
    if query:
        profiles = profiles.filter(user__full_name__icontains=query) | profiles.filter(
            user__email__icontains=query
        )
    page = Paginator(profiles, 50).get_page(request.GET.get("page"))
    return render(
        request, "staff/learner_list.html", {"page": page, "query": query, "active_tab": "learners"}
    )


@hr_area_required
@require_GET
def learner_detail(request, public_id):
    """The learner's transcript: courses, quiz attempts and certificates."""
    profile = get_object_or_404(profiles_visible_to(user=request.user), user__public_id=public_id)
    personal_data_access_log(
        actor=request.user, subject=profile.user, action=PersonalDataAccess.Action.VIEW_LEARNER
    )
    context = {
        "learner": profile,
        "personal_id": personal_id_shown(profile=profile, viewer=request.user),
        **selectors.learner_transcript(profile=profile),
        "export_query": urlencode({"learner": str(public_id)}),
        "active_tab": "learners",
    }
    return render(request, "staff/learner_detail.html", context)


# --- Exports ------------------------------------------------------------------------------------------


def _export_args(report: str, fmt: str) -> tuple[Report, ExportFormat]:
    if report not in Report.values or fmt not in ExportFormat.values:
        raise Http404
    if fmt == ExportFormat.JSON and report != Report.TRAINING_RECORD:
        raise Http404  # JSON is the training record's own shape (docs/training-record-export.md)
    return Report(report), ExportFormat(fmt)


@hr_area_required
@require_GET
def export(request, report: str, fmt: str):
    """Download a report: streamed (CSV) or built in the request (XLSX) when small, else offer a job."""
    report, fmt = _export_args(report, fmt)
    _form, filters = _parse_filters(request)
    try:
        spec = exports.export_spec(user=request.user, report=report, filters=filters)
    except OutOfScope:
        raise Http404 from None
    total = spec.count()
    if total > services.stream_limit(format=fmt):
        context = {
            "report": report,
            "fmt": fmt,
            "total": total,
            "filters": filters.to_json(),
            "filter_text": exports.describe_filters(filters),
            "active_tab": "exports",
        }
        return render(request, "staff/export_confirm.html", context)
    _log_learner_export(request, filters=filters, report=report, fmt=fmt)
    chunks = services.export_chunks(user=request.user, spec=spec, filters=filters, format=fmt)
    content_type = CONTENT_TYPES[fmt]
    response = StreamingHttpResponse(chunks, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{spec.filename_stem}.{fmt}"'
    return response


def _log_learner_export(request, *, filters: ReportFilters, report: Report, fmt: ExportFormat) -> None:
    """A report narrowed to one learner is an export of that person's record: log it for them."""
    if filters.learner is None:
        return
    profile = profiles_visible_to(user=request.user).filter(user__public_id=filters.learner).first()
    if profile is not None:
        personal_data_access_log(
            actor=request.user,
            subject=profile.user,
            action=PersonalDataAccess.Action.EXPORT_TRANSCRIPT,
            detail=f"{report.value}.{fmt.value}",
        )


@hr_area_required
@require_POST
def export_job_create(request):
    report, fmt = _export_args(request.POST.get("report", ""), request.POST.get("format", ""))
    _form, filters = _parse_filters(request, data=request.POST)
    job = services.export_job_create(user=request.user, report=report, filters=filters, format=fmt)
    _log_learner_export(request, filters=filters, report=report, fmt=fmt)
    return redirect("reports:export_job", public_id=job.public_id)


def _own_job(request, public_id) -> Job:
    return _labelled(
        get_object_or_404(Job, public_id=public_id, owner=request.user, kind=services.EXPORT_JOB)
    )


def _labelled(job: Job) -> Job:
    job.report, job.fmt = Report(job.parameters["report"]), ExportFormat(job.parameters["format"])
    return job


@hr_area_required
@require_GET
def export_job_detail(request, public_id):
    job = _own_job(request, public_id)
    context = {
        "job": job,
        "filter_text": exports.describe_filters(ReportFilters.from_json(job.parameters["filters"])),
        "active_tab": "exports",
        "retention_days": settings.LMS_EXPORT_RETENTION_DAYS,
    }
    return render(request, "staff/export_job.html", context)


@hr_area_required
@require_GET
def export_list(request):
    """Xuất dữ liệu: the reader's own export jobs and export history."""
    context = {
        "jobs": [
            _labelled(job) for job in Job.objects.filter(owner=request.user, kind=services.EXPORT_JOB)[:20]
        ],
        "logs": ExportLog.objects.filter(user=request.user)[:50],
        "active_tab": "exports",
    }
    return render(request, "staff/exports.html", context)
