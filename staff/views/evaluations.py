"""Evaluation reports: the list with the year's coverage, one evaluation's results (charts, each with its data
table, comments, the trend across runs) and its XLSX export.

HR managers and administrators may open the area, and trainers who have results of their own; what each sees
is ``evaluations.selectors.evaluations_visible_to`` (another person's evaluation is a 404). The coverage is
province-wide and shown to HR and administrators only.
"""

from functools import wraps

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from evaluations import scoring, selectors
from reports.evaluation_reports import evaluation_title, evaluation_xlsx

from ..charts import score_chart
from ..permissions import user_may_use_hr_area

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def evaluation_readers_required(view):
    """Sign-in first, then 403 for anyone who may read no evaluation results."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not selectors.user_may_read_evaluations(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return login_required(wrapped)


def _year(request) -> int:
    today = timezone.localdate()
    try:
        year = int(request.GET.get("nam", today.year))
    except (TypeError, ValueError):
        return today.year
    return year if 2000 <= year <= today.year + 1 else today.year


@evaluation_readers_required
@require_GET
def evaluation_list(request):
    year = _year(request)
    rows = selectors.evaluation_rows(user=request.user)
    hr = user_may_use_hr_area(user=request.user)
    context = {
        "rows": rows,
        "year": year,
        "years": list(range(timezone.localdate().year, 2023, -1)),
        "coverage": selectors.evaluation_coverage(year=year) if hr else None,
        "bands": scoring.bands(),
        "minimum": settings.LMS_EVALUATION_MIN_ANSWERS,
        "limit": selectors.LIST_LIMIT,
        "active_tab": "evaluations",
    }
    return render(request, "staff/evaluations/list.html", context)


def _visible(request, evaluation_id: int):
    return get_object_or_404(
        selectors.evaluations_visible_to(user=request.user).select_related(
            "course", "training_class", "lecturer", "form"
        ),
        pk=evaluation_id,
    )


@evaluation_readers_required
@require_GET
def evaluation_detail(request, evaluation_id: int):
    evaluation = _visible(request, evaluation_id)
    results = selectors.evaluation_results(evaluation=evaluation)
    trend = selectors.evaluation_trend(evaluation=evaluation)
    context = {
        "evaluation": evaluation,
        "title": evaluation_title(evaluation),
        "results": results,
        "section_chart": score_chart([(row.section.title, row.mean) for row in results.sections]),
        "item_charts": [
            (
                section,
                score_chart([(row.item.text, row.mean) for row in section.items if row.item.kind == "scale"]),
                f"chart-section-{index}",
            )
            for index, section in enumerate(results.sections, start=1)
        ],
        "trend": trend,
        "trend_chart": score_chart([(point.label, point.mean) for point in trend]),
        "bands": scoring.bands(),
        "active_tab": "evaluations",
    }
    return render(request, "staff/evaluations/detail.html", context)


@evaluation_readers_required
@require_GET
def evaluation_export(request, evaluation_id: int):
    evaluation = _visible(request, evaluation_id)
    content = evaluation_xlsx(
        results=selectors.evaluation_results(evaluation=evaluation),
        trend=selectors.evaluation_trend(evaluation=evaluation),
    )
    response = HttpResponse(content, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="danh-gia-{evaluation.pk}.xlsx"'
    return response
