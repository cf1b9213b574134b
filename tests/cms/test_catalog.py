import pytest

from cms.models import CatalogPage
from cms.selectors import catalog_courses

from ..factories import make_course, make_lesson


@pytest.fixture
def courses(catalog):
    return {
        "smart": make_course(
            catalog,
            title="Đô thị thông minh cho người mới bắt đầu",
            track="planning",
            for_officials=True,
            level="basic",
            estimated_hours=2,
        ),
        "data": make_course(
            catalog,
            title="Hạ tầng dữ liệu",
            summary="Kết nối dữ liệu của đô thị thông minh.",
            track="infrastructure",
            for_officials=True,
            level="advanced",
            estimated_hours=6,
        ),
        "training": make_course(
            catalog,
            title="Đào tạo kỹ năng số",
            track="community",
            for_citizens=True,
            level="intermediate",
            estimated_hours=1,
        ),
        "business": make_course(
            catalog,
            title="Chuyển đổi số doanh nghiệp",
            track="economy",
            for_citizens=False,
            for_businesses=True,
            estimated_hours=4,
        ),
    }


def titles(queryset):
    return [course.title for course in queryset]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["do thi thong minh", "Do Thi", "ĐÔ THỊ", "đô   thị", "do thi"])
def test_search_is_accent_and_case_insensitive(courses, query):
    found = titles(catalog_courses(query=query))
    assert found[0] == "Đô thị thông minh cho người mới bắt đầu"
    assert "Hạ tầng dữ liệu" in found  # matched in its summary, ranked lower
    assert "Chuyển đổi số doanh nghiệp" not in found


@pytest.mark.django_db
def test_search_maps_d_stroke_to_d(courses):
    assert titles(catalog_courses(query="dao tao")) == ["Đào tạo kỹ năng số"]
    assert titles(catalog_courses(query="DAO TAO KY NANG")) == ["Đào tạo kỹ năng số"]


@pytest.mark.django_db
def test_search_ranks_title_above_body_and_finds_lesson_text(catalog, courses):
    make_lesson(
        courses["business"],
        title="Hóa đơn điện tử",
        body=[("paragraph", "<p>Doanh nghiệp dùng chữ ký số cho đô thị thông minh.</p>")],
    )
    found = titles(catalog_courses(query="do thi thong minh"))
    assert found[0] == "Đô thị thông minh cho người mới bắt đầu"
    assert set(found[1:]) == {"Hạ tầng dữ liệu", "Chuyển đổi số doanh nghiệp"}
    assert titles(catalog_courses(query="chu ky so")) == ["Chuyển đổi số doanh nghiệp"]


@pytest.mark.django_db
def test_search_with_no_match_or_only_symbols(courses):
    assert titles(catalog_courses(query="không có khóa nào như vậy")) == []
    assert len(titles(catalog_courses(query="   "))) == 4
    assert titles(catalog_courses(query="100% _ %")) == []


@pytest.mark.django_db
def test_filters_by_track_audience_level_and_duration(courses):
    assert titles(catalog_courses(track="economy")) == ["Chuyển đổi số doanh nghiệp"]
    assert set(titles(catalog_courses(audience="official"))) == {
        courses["smart"].title,
        courses["data"].title,
    }
    assert titles(catalog_courses(level="advanced")) == ["Hạ tầng dữ liệu"]
    assert titles(catalog_courses(duration="short")) == ["Đào tạo kỹ năng số"]
    assert set(titles(catalog_courses(duration="medium"))) == {
        courses["smart"].title,
        courses["business"].title,
    }
    assert titles(catalog_courses(duration="long")) == ["Hạ tầng dữ liệu"]
    assert titles(catalog_courses(audience="official", query="du lieu")) == ["Hạ tầng dữ liệu"]


@pytest.mark.django_db
def test_drafts_are_not_listed(catalog, courses):
    make_course(catalog, title="Khóa học nháp đô thị", publish=False)
    assert "Khóa học nháp đô thị" not in titles(catalog_courses(query="do thi"))


@pytest.mark.django_db
def test_catalogue_page_searches_filters_and_paginates(client, catalog, courses):
    html = client.get("/khoa-hoc/", {"q": "do thi", "audience": "official"}).content.decode()
    assert "2 khóa học" in html
    assert "Đô thị thông minh cho người mới bắt đầu" in html
    assert "Chuyển đổi số doanh nghiệp" not in html
    for i in range(CatalogPage.PAGE_SIZE + 1):
        make_course(catalog, title=f"Khóa học số {i:02d}")
    first = client.get("/khoa-hoc/")
    assert first.context["page_obj"].paginator.num_pages == 2
    second = client.get("/khoa-hoc/", {"page": 2})
    assert (
        len(second.context["page_obj"].object_list) == 4 + CatalogPage.PAGE_SIZE + 1 - CatalogPage.PAGE_SIZE
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params",
    [
        {"track": "bogus"},
        {"page": "abc"},
        {"page": "999"},
        {"level": "<script>"},
        {"q": "x" * 500},
        {"audience": ["official", "citizen"]},
    ],
)
def test_catalogue_bad_parameters_never_fail(client, courses, params):
    response = client.get("/khoa-hoc/", params)
    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1].replace("&lt;script&gt;", "")


@pytest.mark.django_db
def test_catalogue_query_count_does_not_grow_with_courses(client, catalog, django_assert_max_num_queries):
    for i in range(3):
        make_lesson(make_course(catalog, title=f"Khóa {i}"))
    client.get("/khoa-hoc/")  # warm the site-root and content caches
    with django_assert_max_num_queries(6) as few:
        client.get("/khoa-hoc/", {"q": "khoa"})
    small = len(few.captured_queries)  # read now: the next request clears the query log
    for i in range(10):
        make_lesson(make_course(catalog, title=f"Khóa thêm {i}"))
    client.get("/khoa-hoc/")  # the new pages renewed the content cache
    with django_assert_max_num_queries(small):
        response = client.get("/khoa-hoc/", {"q": "khoa"})
    assert len(response.context["page_obj"].object_list) == 12
