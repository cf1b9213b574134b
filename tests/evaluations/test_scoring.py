"""Validity, means and bands against figures computed by hand (ADR 0031)."""

import pytest
from django.utils import timezone

from evaluations import scoring, selectors, services
from evaluations.models import EvaluationResponse

from .conftest import answers, invite

# Six valid forms (A, B, C scores; D the option chosen) and one invalid one (B left blank: 1 of 4 counted
# items, 25 % > 5 %).
VALID = [
    {"A": 8, "B": 9, "C": 7, "D": 0, "E": "Rất bổ ích"},
    {"A": 10, "B": 8, "C": 6, "D": 1},
    {"A": 7, "B": 7, "C": 9, "D": 0, "E": "Cần thêm thực hành"},
    {"A": 9, "B": 10, "C": 8, "D": 2},
    {"A": 6, "B": 8, "C": 5, "D": 0},
    {"A": 8, "B": 7, "C": 7, "D": 1},
]
INVALID = {"A": 1, "C": 1, "D": 0, "E": "Không hợp lệ"}


def _submit(evaluation, form, rows):
    for row in rows:
        invitation = invite(evaluation)
        services.evaluation_submit(invitation=invitation, user=invitation.user, data=answers(form, **row))


def test_blank_item_rule_at_the_five_percent_line(settings):
    assert settings.LMS_EVALUATION_MAX_BLANK_SHARE == 0.05
    assert scoring.is_valid(blank=0, counted=4)
    assert scoring.is_valid(blank=1, counted=20)  # exactly 5 %: not more than 5 %
    assert not scoring.is_valid(blank=2, counted=20)  # 10 %
    assert not scoring.is_valid(blank=1, counted=19)  # 5.26 %
    assert scoring.is_valid(blank=0, counted=0)


def test_bands_follow_the_thresholds_setting(settings):
    assert [band.key for band in scoring.bands()] == ["excellent", "good", "fair", "average", "poor"]
    assert [scoring.band_of(value).key for value in (10, 9, 8.99, 8, 6.5, 6.49, 5, 4.99, 1)] == [
        "excellent", "excellent", "good", "good", "fair", "average", "average", "poor", "poor",
    ]  # fmt: skip
    settings.LMS_EVALUATION_BAND_THRESHOLDS = (9.5, 8.5, 7, 5.5)
    assert scoring.band_of(9).key == "good" and scoring.band_of(5.4).key == "poor"


def test_means_per_item_section_and_form_match_hand_computed_figures(evaluation, form):
    _submit(evaluation, form, [*VALID, INVALID])
    assert EvaluationResponse.objects.filter(evaluation=evaluation).count() == 7
    results = selectors.evaluation_results(evaluation=evaluation)
    assert (results.responses, results.valid, results.invalid, results.shown) == (7, 6, 1, True)
    first, second = results.sections
    a, b = first.items
    c, d, e = second.items
    assert a.mean == pytest.approx(48 / 6)  # 8.0, the invalid form's 1 excluded
    assert b.mean == pytest.approx(49 / 6)  # 8.1667
    assert c.mean == pytest.approx(42 / 6)  # 7.0
    assert first.mean == pytest.approx((48 / 6 + 49 / 6) / 2)  # 8.0833
    assert second.mean == pytest.approx(7.0)
    assert results.mean == pytest.approx((48 + 49 + 42) / 18)  # 7.7222: every item weighs the same
    assert (a.band.key, b.band.key, c.band.key) == ("good", "good", "fair")
    assert (first.band.key, second.band.key, results.band.key) == ("good", "fair", "fair")
    assert d.options == [("Một", 3), ("Hai", 2), ("Ba", 1)] and d.answered == 6
    assert e.texts == ["Cần thêm thực hành", "Rất bổ ích"]  # sorted, never in answering order; no names
    assert "Không hợp lệ" not in e.texts


def test_below_the_minimum_only_counts_are_shown(evaluation, form, settings):
    _submit(evaluation, form, [*VALID[:4], INVALID])
    results = selectors.evaluation_results(evaluation=evaluation)
    assert (results.responses, results.valid, results.shown, results.mean) == (5, 4, False, None)
    assert all(item.mean is None and not item.texts for section in results.sections for item in section.items)
    settings.LMS_EVALUATION_MIN_ANSWERS = 4
    assert selectors.evaluation_results(evaluation=evaluation).mean == pytest.approx((34 + 34 + 30) / 12)


def test_list_rows_and_trend_use_the_same_means(evaluation, form, tree):
    from accounts.models import User

    _submit(evaluation, form, VALID)
    admin = User.objects.create_superuser(email="qt@example.test", password="x")
    [row] = selectors.evaluation_rows(user=admin)
    assert row.mean == pytest.approx((48 + 49 + 42) / 18) and row.band.key == "fair"
    [point] = selectors.evaluation_trend(evaluation=evaluation)
    year = timezone.localdate().year
    assert point.label.endswith(str(year)) and point.mean == pytest.approx(row.mean) and point.current


def test_coverage_counts_courses_and_classes_with_enough_valid_forms(evaluation, form, catalog, settings):
    from cms.models import CoursePage

    from ..factories import make_course

    for index in range(4):
        make_course(catalog, title=f"Khóa khác {index}")
    _submit(evaluation, form, VALID[:5])
    coverage = selectors.evaluation_coverage(year=timezone.localdate().year)
    courses = CoursePage.objects.live().count()
    assert (coverage.courses, coverage.courses_evaluated) == (courses, 1)
    assert coverage.course_share == pytest.approx(1 / courses)
    assert coverage.course_target_met == (1 / courses >= 0.2)
    assert coverage.classes == 0 and coverage.class_share is None and not coverage.class_target_met
    assert selectors.evaluation_coverage(year=timezone.localdate().year - 1).courses_evaluated == 0


def test_chart_values_round_like_the_tables():
    from staff.charts import score_chart

    chart = score_chart([("A", 49 / 6), ("B", 7.665), ("C", None)])
    assert [bar.value_text for bar in chart["bars"]] == ["8,17", "7,67", "—"]
