"""Who may enroll is said before anyone tries (#14): on the catalogue card and the course page, per viewer."""

import pytest

from accounts.models import Audience

from ..auth import sign_in
from ..factories import ProfileFactory, make_course, make_lesson

REFUSAL = "Khóa học này dành cho người dân và doanh nghiệp; tài khoản cán bộ không đăng ký học được."
OPEN_MODE = "Tự do đăng ký học"


@pytest.fixture
def citizen_course(catalog):
    course = make_course(
        catalog, title="Sử dụng dịch vụ công trực tuyến", for_citizens=True, for_businesses=True
    )
    make_lesson(course, title="Đăng nhập bằng VNeID")
    return course


def _summary(html: str) -> str:
    return html[html.index('class="course-summary"') : html.index("</dl>")]


@pytest.mark.django_db
def test_an_official_reads_why_before_trying_and_sees_no_open_enrollment_promise(
    client, tree, citizen_course
):
    official = ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=tree["sxd"]).user
    sign_in(client, official)
    html = client.get(citizen_course.url).content.decode()
    assert "Ai được đăng ký học" in _summary(html) and "Người dân và doanh nghiệp" in _summary(html)
    assert REFUSAL in html
    assert OPEN_MODE not in html
    assert f"/hoc-tap/khoa-hoc/{citizen_course.pk}/dang-ky/" not in html  # no enroll button to be refused by
    # The way forward: the catalogue filtered on the official's own audience.
    assert '<a href="/khoa-hoc/?audience=official">Xem các khóa học bạn được đăng ký học</a>' in html
    catalogue = client.get("/khoa-hoc/").content.decode()
    assert REFUSAL in catalogue


@pytest.mark.django_db
@pytest.mark.parametrize("audience", [Audience.CITIZEN, Audience.BUSINESS])
def test_a_citizen_or_business_sees_who_may_enroll_the_mode_and_the_button(client, citizen_course, audience):
    sign_in(client, ProfileFactory(audience=audience).user)
    html = client.get(citizen_course.url).content.decode()
    assert "Người dân và doanh nghiệp" in _summary(html)
    assert OPEN_MODE in _summary(html)
    assert f'action="/hoc-tap/khoa-hoc/{citizen_course.pk}/dang-ky/"' in html
    assert "không đăng ký học được" not in html
    catalogue = client.get("/khoa-hoc/").content.decode()
    assert "Ai được đăng ký học:</strong> Người dân và doanh nghiệp" in catalogue
    assert "không đăng ký học được" not in catalogue


@pytest.mark.django_db
def test_an_enrolled_learner_is_not_invited_to_enroll_again(client, citizen_course):
    learner = ProfileFactory(audience=Audience.CITIZEN).user
    sign_in(client, learner)
    client.post(f"/hoc-tap/khoa-hoc/{citizen_course.pk}/dang-ky/")
    html = client.get(citizen_course.url).content.decode()
    assert OPEN_MODE not in html
    assert "Người dân và doanh nghiệp" in _summary(html)


@pytest.mark.django_db
def test_a_visitor_sees_who_may_enroll_and_how_to_sign_in_or_up(client, citizen_course):
    html = client.get(citizen_course.url).content.decode()
    assert "Người dân và doanh nghiệp" in _summary(html) and OPEN_MODE in _summary(html)
    back = f"?next={citizen_course.url}"
    assert f'href="/accounts/login/{back}">Đăng nhập để đăng ký học</a>' in html.replace(
        'class="button" ', ""
    )
    assert f'href="/accounts/signup/{back}">Đăng ký tài khoản</a>' in html
    assert "không đăng ký học được" not in html
    assert (
        "Ai được đăng ký học:</strong> Người dân và doanh nghiệp" in client.get("/khoa-hoc/").content.decode()
    )


@pytest.mark.django_db
def test_a_course_that_is_full_says_so_instead_of_its_mode(client, catalog):
    course = make_course(catalog, title="Lớp nhỏ", for_citizens=True, capacity=1)
    sign_in(client, ProfileFactory(audience=Audience.CITIZEN).user)
    client.post(f"/hoc-tap/khoa-hoc/{course.pk}/dang-ky/")
    client.logout()
    sign_in(client, ProfileFactory(audience=Audience.CITIZEN).user)
    html = client.get(course.url).content.decode()
    assert "Khóa học đã đủ số học viên." in html
    assert OPEN_MODE not in html


@pytest.mark.django_db
def test_three_audiences_read_as_one_list(catalog):
    course = make_course(
        catalog, title="Dữ liệu cá nhân", for_officials=True, for_citizens=True, for_businesses=True
    )
    assert course.audience_text() == "cán bộ, công chức, viên chức, người dân và doanh nghiệp"


@pytest.mark.django_db
def test_catalogue_reads_the_learner_audience_once_however_many_cards(
    client, tree, catalog, django_assert_max_num_queries
):
    sign_in(client, ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=tree["sxd"]).user)
    for i in range(2):
        make_course(catalog, title=f"Khóa người dân {i}", for_citizens=True)
    client.get("/khoa-hoc/")  # warm the site-root and content caches
    with django_assert_max_num_queries(15) as few:
        client.get("/khoa-hoc/")
    small = len(few.captured_queries)
    for i in range(8):
        make_course(catalog, title=f"Khóa thêm {i}", for_citizens=True)
    client.get("/khoa-hoc/")
    with django_assert_max_num_queries(small):
        html = client.get("/khoa-hoc/").content.decode()
    assert html.count("tài khoản cán bộ không đăng ký học được") == 10


@pytest.mark.django_db
def test_catalogue_cards_are_cached_per_audience_and_renewed_by_a_publish(client, tree, citizen_course):
    """Cards come from the content cache (courses.templatetags.learning.course_cards): each viewer still reads
    their own audience's card, and a course's change shows on the next view."""
    from cms.checklist import publishing_unchecked

    official, citizen = (
        ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=tree["sxd"]).user,
        ProfileFactory(audience=Audience.CITIZEN).user,
    )
    sign_in(client, official)
    assert REFUSAL in client.get("/khoa-hoc/").content.decode()
    client.logout()
    assert (
        "Ai được đăng ký học:</strong> Người dân và doanh nghiệp" in client.get("/khoa-hoc/").content.decode()
    )
    sign_in(client, citizen)
    html = client.get("/khoa-hoc/").content.decode()
    assert "Ai được đăng ký học:</strong> Người dân và doanh nghiệp" in html and REFUSAL not in html

    citizen_course.for_officials = True
    citizen_course.title = "Dịch vụ công trực tuyến (cập nhật)"
    with publishing_unchecked():
        citizen_course.save_revision().publish()
    html = client.get("/khoa-hoc/").content.decode()
    assert "Dịch vụ công trực tuyến (cập nhật)" in html
    client.logout()
    sign_in(client, official)
    assert "không đăng ký học được" not in client.get("/khoa-hoc/").content.decode()


@pytest.mark.django_db
def test_the_catalogue_reads_a_fixed_number_of_queries_for_a_learner(
    client, catalog, tree, django_assert_max_num_queries
):
    """Session, the user with their roles, and the learner's audience: the course list and the cards come from
    the cache."""
    for i in range(14):
        make_lesson(
            make_course(catalog, title=f"Khóa {i}", for_officials=i % 2 == 0, for_citizens=i % 2 == 1)
        )
    sign_in(client, ProfileFactory(audience=Audience.OFFICIAL, organisation_unit=tree["sxd"]).user)
    client.get("/khoa-hoc/")
    with django_assert_max_num_queries(3):
        html = client.get("/khoa-hoc/").content.decode()
    assert html.count('class="course-card ') == 12
    assert html.count("course-audience-refused") == 6
    with django_assert_max_num_queries(3):
        assert client.get("/khoa-hoc/", {"page": 2}).content.decode().count('class="course-card ') == 2
