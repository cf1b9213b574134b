"""Lessons are found below the catalogue with one lookup (CatalogPage.route); what learners see is unchanged."""

from cms.models import ModulePage
from courses import services
from tests.factories import ProfileFactory, make_course, make_lesson

from ..auth import sign_in


def _module(course, title="Chuyên đề 1"):
    module = ModulePage(title=title, slug="chuyen-de-1")
    course.add_child(instance=module)
    module.save_revision().publish()
    return module


def test_lesson_in_a_module_is_served_with_its_course_and_catalogue(client, catalog):
    course = make_course(catalog, title="Quy hoạch đô thị thông minh")
    module = _module(course)
    lesson = make_lesson(module, title="Bài mở đầu")
    learner = ProfileFactory().user
    services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)

    response = client.get(lesson.url)

    assert response.status_code == 200
    html = response.content.decode()
    breadcrumb = html.split('class="breadcrumb"', 1)[1].split("</nav>", 1)[0]
    assert f'href="{catalog.url}"' in breadcrumb and catalog.title in breadcrumb
    assert f'href="{course.url}"' in breadcrumb and "Quy hoạch đô thị thông minh" in breadcrumb
    assert "Bài mở đầu" in html


def test_a_lesson_in_a_module_costs_no_more_queries_than_one_directly_in_the_course(
    client, catalog, second_view_queries
):
    course = make_course(catalog)
    direct = make_lesson(course, title="Bài trực tiếp")
    nested = make_lesson(_module(course), title="Bài trong chuyên đề")
    learner = ProfileFactory().user
    services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)

    # Wagtail's tree walk costs two queries per level; the catalogue finds a lesson at any depth at once.
    assert second_view_queries(nested.url) == second_view_queries(direct.url)


def test_unpublished_lesson_and_module_urls_keep_their_behaviour(client, catalog):
    course = make_course(catalog)
    module = _module(course)
    draft = make_lesson(module, title="Bản nháp", publish=False)
    learner = ProfileFactory().user
    services.enrollment_create(user=learner, course=course)
    sign_in(client, learner)

    assert client.get(f"{module.url}{draft.slug}/").status_code == 404
    assert client.get(f"{course.url}khong-co-bai-nay/").status_code == 404
    response = client.get(module.url)
    assert response.status_code == 302 and response["Location"].endswith(f"#module-{module.pk}")
