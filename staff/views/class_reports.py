"""HR report of classes: per class the roster with attendance and outcome, per unit subtree who attended
what; exports go through the common export view (report ``class_attendance``)."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.scoping import units_readable_by
from reports import class_reports
from reports.selectors import OutOfScope

from ..forms import ReportFilterForm
from ..permissions import hr_area_required


@hr_area_required
@require_GET
def class_attendance(request):
    form = ReportFilterForm(request.GET)
    form.is_valid()
    filters = form.filters()
    try:
        rows = class_reports.class_attendance_rows(user=request.user, filters=filters)
    except OutOfScope:
        raise Http404 from None
    units = list(units_readable_by(user=request.user).order_by("path"))
    top = min((unit.depth for unit in units), default=1)
    context = {
        "form": form,
        "filters": filters,
        "rows": rows,
        "limit": class_reports.MAX_ROWS,
        "unit_choices": [(unit.pk, "— " * (unit.depth - top) + unit.name) for unit in units],
        "class_choices": class_reports.classes_for_filter(),
        "export_query": urlencode(filters.to_json()),
        "active_tab": "classes",
    }
    return render(request, "staff/class_attendance.html", context)
