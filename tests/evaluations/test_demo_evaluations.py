"""The demo has evaluations to show: the finished class and two courses above the minimum, one course below."""

import pytest
from django.core.management import call_command

from accounts.models import User
from evaluations import selectors
from evaluations.models import Evaluation, EvaluationResponse

from ..auth import sign_in


@pytest.mark.django_db
def test_demo_evaluations_show_results_where_enough_answered(client):
    call_command("load_demo", "--quiet")
    counts = EvaluationResponse.objects.count()
    call_command("load_demo", "--quiet")
    assert EvaluationResponse.objects.count() == counts  # idempotent

    class_eval = Evaluation.objects.get(training_class__code="SXD-CPXD-2026-01", target="class")
    results = selectors.evaluation_results(evaluation=class_eval)
    assert (results.responses, results.valid, results.invalid, results.shown) == (7, 6, 1, True)
    lecturer = Evaluation.objects.get(training_class__code="SXD-CPXD-2026-01", target="lecturer")
    assert selectors.evaluation_results(evaluation=lecturer).shown
    shown = {
        evaluation.course.slug: selectors.evaluation_results(evaluation=evaluation).shown
        for evaluation in Evaluation.objects.filter(target="course").select_related("course")
    }
    assert shown == {
        "gioi-thieu-do-thi-thong-minh": True,
        "su-dung-dich-vu-cong-truc-tuyen": True,
        "chuyen-doi-so-doanh-nghiep-nho-va-vua": False,
    }

    sign_in(client, User.objects.get(email="giangvien@dothithongminh.test"))
    page = client.get(f"/quan-ly-dao-tao/danh-gia/{lecturer.pk}/").content.decode()
    assert "Phiếu đánh giá giảng viên" in page and '<svg class="chart"' in page
    sign_in(client, User.objects.get(email="nhansu.sxd@dothithongminh.test"))
    listing = client.get("/quan-ly-dao-tao/danh-gia/").content.decode()
    assert "Chưa đủ số phiếu hợp lệ" in listing and "SXD-CPXD-2026-01" in listing
