"""Report pages: who may see them, what they show, and how many queries they take."""

import re

import pytest
from django.utils.translation import gettext

from ..auth import sign_in
from ..factories import make_hr_manager, make_official
from .conftest import at, enroll

REPORT_PAGES = [
    "/quan-ly-dao-tao/",
    "/quan-ly-dao-tao/don-vi/",
    "/quan-ly-dao-tao/khoa-hoc/",
    "/quan-ly-dao-tao/xuat-du-lieu/",
]


@pytest.fixture
def data(tree, courses):
    inside = make_official(tree["ptdt"])
    outside = make_official(tree["cds"])
    enroll(inside, courses["planning"], "completed", enrolled_at=at(2026, 2), score=88)
    enroll(outside, courses["economy"], "active", enrolled_at=at(2026, 2), due_at=at(2026, 3))
    return {"inside": inside, "outside": outside}


def export_urls(extra=""):
    return [
        f"/quan-ly-dao-tao/xuat-du-lieu/{report}.{fmt}{extra}"
        for report in ("units", "courses", "tracks", "months", "learners", "enrollments")
        for fmt in ("csv", "xlsx")
    ]


@pytest.mark.django_db
def test_learner_gets_403_on_every_report_url(client, data, tree):
    sign_in(client, data["inside"].user)
    urls = [
        *REPORT_PAGES,
        f"/quan-ly-dao-tao/don-vi/{tree['ptdt'].pk}/",
        f"/quan-ly-dao-tao/hoc-vien/{data['inside'].user.public_id}/",
        *export_urls(),
        f"/quan-ly-dao-tao/xuat-du-lieu/transcript.csv?learner={data['inside'].user.public_id}",
        "/quan-ly-dao-tao/xuat-du-lieu/viec/00000000-0000-0000-0000-000000000000/",
        "/quan-ly-dao-tao/xuat-du-lieu/viec/00000000-0000-0000-0000-000000000000/tai-ve/",
    ]
    for url in urls:
        assert client.get(url).status_code == 403, url
    assert (
        client.post("/quan-ly-dao-tao/xuat-du-lieu/viec/", {"report": "units", "format": "csv"}).status_code
        == 403
    )


@pytest.mark.django_db
def test_anonymous_is_sent_to_sign_in(client, data):
    for url in REPORT_PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.django_db
def test_dashboard_draws_accessible_charts_with_tables(client, data, tree, hr_login):
    hr_login(tree["province"])
    response = client.get("/quan-ly-dao-tao/")
    html = response.content.decode()
    assert response.status_code == 200
    svgs = re.findall(r"<svg [^>]*>", html)
    assert len(svgs) == 3
    for svg in svgs:
        assert 'role="img"' in svg
        ids = re.search(r'aria-labelledby="([^"]+)"', svg).group(1).split()
        for element_id in ids:
            assert f'id="{element_id}"' in html
    assert html.count("<caption") >= 3
    assert 'href="/static/css/reports.css"' in html
    assert "<script" not in html.split("<main", 1)[1]
    # Overdue count (the outside learner's active enrollment is past due) and the sub-navigation.
    assert response.context["total"].overdue == 1
    assert 'aria-current="page"' in html and "/quan-ly-dao-tao/khoa-hoc/" in html
    # SVG coordinates never take the Vietnamese decimal comma.
    assert not re.search(r'(?:x|y|width|cx|cy)="\d+,\d', html)


@pytest.mark.django_db
def test_report_pages_render_for_hr(client, data, tree, hr_login):
    hr_login(tree["sxd"])
    for url in [*REPORT_PAGES, f"/quan-ly-dao-tao/don-vi/{tree['ptdt'].pk}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert data["outside"].user.full_name not in html
        assert "Phòng Chuyển đổi số" not in html
    unit_page = client.get(f"/quan-ly-dao-tao/don-vi/{tree['ptdt'].pk}/").content.decode()
    assert data["inside"].user.full_name in unit_page
    assert "Sở Xây dựng" in unit_page  # breadcrumb up to the scope root


@pytest.mark.django_db
def test_unit_tree_page_shows_rolled_up_figures(client, data, tree, hr_login):
    hr_login(tree["province"])
    response = client.get("/quan-ly-dao-tao/don-vi/")
    rows = {row.unit.code: row for row in response.context["report"].rows}
    assert rows["TN"].total.enrolled == 2 and rows["SXD"].total.completed == 1
    html = response.content.decode()
    assert "100,0%" in html  # Vietnamese decimal comma in the table
    assert '<th scope="row">' in html and "<caption" in html


@pytest.mark.django_db
def test_invalid_filters_are_shown_not_crashing(client, data, tree, hr_login):
    hr_login(tree["province"])
    response = client.get("/quan-ly-dao-tao/don-vi/", {"date_from": "2026-05-01", "date_to": "2026-01-01"})
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    response = client.get("/quan-ly-dao-tao/don-vi/", {"date_from": "không phải ngày", "track": "nope"})
    assert response.status_code == 200


@pytest.mark.django_db
def test_transcript_shows_courses_attempts_and_certificates(client, data, tree, hr_login, courses):
    from assessment.models import Quiz, QuizAttempt
    from courses.models import Enrollment

    hr_login(tree["sxd"])
    inside = data["inside"]
    url = f"/quan-ly-dao-tao/hoc-vien/{inside.user.public_id}/"
    html = client.get(url).content.decode()
    assert "Quy hoạch đô thị thông minh" in html and "88%" in html
    enrollment = Enrollment.objects.get(user=inside.user)
    quiz = Quiz.objects.create(title="Bài kiểm tra cuối khóa", course=courses["planning"])
    QuizAttempt.objects.create(
        quiz=quiz,
        user=inside.user,
        enrollment=enrollment,
        number=1,
        status="submitted",
        started_at=at(2026, 2, 20),
        finished_at=at(2026, 2, 20),
        percent=88,
        passed=True,
    )
    QuizAttempt.objects.create(
        quiz=quiz,
        user=inside.user,
        enrollment=enrollment,
        number=2,
        status="submitted",
        started_at=at(2026, 2, 21),
        finished_at=at(2026, 2, 21),
        percent=40,
        passed=False,
    )
    html = client.get(url).content.decode()
    assert "Bài kiểm tra cuối khóa" in html
    # A failed attempt reads as a quiz result, not as the "failed" status of a background job.
    assert gettext("Not passed") in html and gettext("Failed") not in html
    assert gettext("No certificates yet.") in html  # the certificates table may well be empty


@pytest.mark.django_db
def test_transcript_lists_certificates(client, data, tree, hr_login, courses):
    from certificates.models import Certificate, CertificateTemplate
    from courses.models import Enrollment

    hr_login(tree["sxd"])
    inside = data["inside"]
    template = CertificateTemplate.objects.create(name="Mẫu")
    Certificate.objects.create(
        enrollment=Enrollment.objects.get(user=inside.user),
        user=inside.user,
        course=courses["planning"],
        template=template,
        serial="TN-2026-000001",
        year=2026,
        sequence=1,
        learner_name=inside.user.full_name,
        course_title="Quy hoạch đô thị thông minh",
        hours=4,
        completed_on=at(2026, 3).date(),
        issuer_name="UBND tỉnh Tây Ninh",
    )
    html = client.get(f"/quan-ly-dao-tao/hoc-vien/{inside.user.public_id}/").content.decode()
    assert "TN-2026-000001" in html and "10/03/2026" in html


@pytest.mark.django_db
def test_unit_drilldown_paginates_learners_with_their_figures(client, tree, courses, hr_login):
    people = [make_official(tree["ptdt"]) for _ in range(55)]
    enroll(people[0], courses["planning"], "completed", enrolled_at=at(2026, 1), score=75)
    hr_login(tree["sxd"])
    first = client.get(f"/quan-ly-dao-tao/don-vi/{tree['sxd'].pk}/")
    assert len(first.context["page"].object_list) == 50
    second = client.get(f"/quan-ly-dao-tao/don-vi/{tree['sxd'].pk}/", {"page": 2})
    assert len(second.context["page"].object_list) == 5
    counts = {
        p.user_id: p.counts for p in [*first.context["page"].object_list, *second.context["page"].object_list]
    }
    assert counts[people[0].user_id].completed == 1 and counts[people[0].user_id].average_score == 75.0
    assert 'rel="next"' in first.content.decode()


def _populate(tree, courses, n):
    units = [tree["ptdt"], tree["cds"], tree["ward"], tree["sxd"], tree["khcn"]]
    for i in range(n):
        profile = make_official(units[i % len(units)])
        enroll(
            profile,
            courses["planning"],
            "completed" if i % 2 else "active",
            enrolled_at=at(2026, 1 + i % 5),
            due_at=at(2026, 4),
            score=60 + i % 40,
        )
        enroll(profile, courses["economy"], "active", source="assigned", enrolled_at=at(2026, 2))


@pytest.mark.django_db
def test_report_query_counts_do_not_grow_with_units_or_learners(
    client, tree, courses, hr_login, django_assert_max_num_queries
):
    from ..factories import make_unit

    hr_login(tree["province"])
    urls = lambda: [  # noqa: E731
        "/quan-ly-dao-tao/",
        "/quan-ly-dao-tao/don-vi/",
        "/quan-ly-dao-tao/khoa-hoc/",
        f"/quan-ly-dao-tao/don-vi/{tree['sxd'].pk}/",
        f"/quan-ly-dao-tao/hoc-vien/{learner.user.public_id}/",
    ]
    learner = make_official(tree["ptdt"])
    enroll(learner, courses["planning"], "completed", enrolled_at=at(2026, 1))
    _populate(tree, courses, 3)
    small = {}
    for url in urls():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        small[url] = len(captured.captured_queries)
    for i in range(25):
        make_unit(f"SXD-P{i}", f"Phòng {i}", tree["sxd"])
    _populate(tree, courses, 60)
    for url in urls():
        with django_assert_max_num_queries(small[url]):
            assert client.get(url).status_code == 200
    assert max(small.values()) <= 20


@pytest.mark.django_db
def test_admin_menu_links_to_the_reports(staff_admin_client):
    html = staff_admin_client.get("/admin/").content.decode()
    assert "/quan-ly-dao-tao/" in html


@pytest.mark.django_db
def test_export_audit_log_is_readable_by_administrators_only(tree, staff_admin_client, with_totp):
    """Every export by anyone, for administrators in the Wagtail admin; HR managers get no such page."""
    from django.test import Client

    from reports.models import ExportLog

    hr = Client()
    user = with_totp(make_hr_manager(tree["sxd"]))
    sign_in(hr, user)
    assert hr.get("/quan-ly-dao-tao/xuat-du-lieu/units.csv").status_code == 200
    log = ExportLog.objects.get(user=user)
    listing = staff_admin_client.get("/admin/export_log/")
    assert listing.status_code == 200 and user.full_name in listing.content.decode()
    detail = staff_admin_client.get(f"/admin/export_log/inspect/{log.pk}/")
    assert detail.status_code == 200 and "SXD" in detail.content.decode()
    assert staff_admin_client.get("/admin/export_log/new/").status_code in (302, 403)
    assert staff_admin_client.post(f"/admin/export_log/delete/{log.pk}/").status_code in (302, 403)
    assert ExportLog.objects.filter(pk=log.pk).exists()
    assert hr.get("/admin/export_log/").status_code in (302, 403)


@pytest.mark.django_db
def test_month_table_names_its_running_totals_and_staff_pages_have_no_user_bar(client, tree, hr_login):
    import csv
    import io

    hr_login(tree["sxd"])
    html = client.get("/quan-ly-dao-tao/").content.decode()
    assert "Số hoàn thành lũy kế" in html and "Tỷ lệ hoàn thành lũy kế theo tháng" in html
    assert ">Tỷ lệ hoàn thành lũy kế</th>" in html
    assert "wagtail-userbar" not in html
    body = b"".join(client.get("/quan-ly-dao-tao/xuat-du-lieu/months.csv").streaming_content)
    header = next(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert header[-2:] == ["Số hoàn thành lũy kế", "Tỷ lệ hoàn thành lũy kế (%)"]
