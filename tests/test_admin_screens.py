"""Every admin screen of the project opens for an administrator, in Vietnamese: the listing, add and edit views
of each snippet, the add and edit views of each page type, and the project's own admin views.

A panel naming a field that does not exist, a chooser on the wrong model or a template error shows up here as
an error page, before a trainer meets it.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from accounts.models import DeletionRequest, HRScope
from assessment.models import Question, QuestionCategory, Quiz, QuizChange, TimeExtension
from certificates.models import CertificateTemplate
from classes.models import ClassSession, TrainingClass, Venue
from cms.models import CatalogPage, CoursePage, HomePage, LessonPage, ModulePage, StandardPage
from lessonmedia.models import Caption

from .factories import ProfileFactory, make_course, make_hr_manager, make_lesson, make_question, make_quiz
from .scorm.packages import make_package


@pytest.fixture
def content(catalog, tree):
    """One object of every snippet and page type."""
    course = make_course(catalog, title="Quy hoạch đô thị thông minh")
    module = ModulePage(title="Chuyên đề 1", slug="chuyen-de-1")
    course.add_child(instance=module)
    module.save_revision().publish()
    make_lesson(module, title="Bài mở đầu")
    quiz = make_quiz(course, [make_question(qtype=kind) for kind in ("single", "matching")])
    learner = ProfileFactory().user
    TimeExtension.objects.create(quiz=quiz, user=learner, extra_minutes=15, reason="Khiếm thị")
    make_hr_manager(tree["sxd"])
    DeletionRequest.objects.create(user=learner, reason="Không còn sử dụng")
    CertificateTemplate.objects.create(name="Mẫu của Sở Xây dựng", is_default=True)
    make_package(title="Tình huống IOC")  # SCORM (#19)
    venue = Venue.objects.create(name="Phòng 301", address="Trung tâm Hành chính công tỉnh")
    training_class = TrainingClass.objects.create(
        course=course,
        name="Lớp bồi dưỡng quy hoạch K1",
        code="QH-K1",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 5),
    )
    start = timezone.make_aware(datetime.datetime(2027, 3, 1, 8, 0))
    ClassSession.objects.create(
        training_class=training_class,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        venue=venue,
    )
    return course


def _admin_texts(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    html = response.content.decode()
    assert 'lang="vi"' in html, url
    return html


# Snippets that are logs: listed and read in the admin, never added or edited there.
READ_ONLY = {QuizChange}


@pytest.mark.django_db
def test_every_snippet_listing_add_and_edit_view_opens(staff_admin_client, content):
    objects = {
        Quiz: Quiz.objects.first(),
        Question: Question.objects.first(),
        QuestionCategory: QuestionCategory.objects.first(),
        TimeExtension: TimeExtension.objects.first(),
        CertificateTemplate: CertificateTemplate.objects.first(),
        HRScope: HRScope.objects.first(),
        DeletionRequest: DeletionRequest.objects.first(),
    }
    from .lessonmedia.conftest import make_media

    objects[Caption] = make_media("Video có phụ đề").captions.first()  # lesson media (#19)
    from evaluations.models import ClassEvaluationSetting, CourseEvaluationSetting, EvaluationForm

    from .classes.conftest import make_class

    course = CoursePage.objects.first()
    course_form = EvaluationForm.objects.filter(kind="course").first()
    objects[CourseEvaluationSetting] = CourseEvaluationSetting.objects.create(course=course, form=course_form)
    objects[ClassEvaluationSetting] = ClassEvaluationSetting.objects.create(  # evaluations (#17)
        training_class=make_class(course),
        form=course_form,
        lecturer_form=EvaluationForm.objects.filter(kind="lecturer").first(),
    )
    opened = []
    for model in get_snippet_models():
        viewset = model.snippet_viewset
        _admin_texts(staff_admin_client, reverse(viewset.get_url_name("list")))
        if model in READ_ONLY:
            # A log: nobody adds or edits its entries, administrators included.
            assert staff_admin_client.get(reverse(viewset.get_url_name("add"))).status_code == 302
            continue
        _admin_texts(staff_admin_client, reverse(viewset.get_url_name("add")))
        instance = objects.get(model) or model.objects.first()
        assert instance is not None, f"no {model.__name__} to edit"
        _admin_texts(staff_admin_client, reverse(viewset.get_url_name("edit"), args=[instance.pk]))
        opened.append(model)
    assert set(objects) <= set(opened)


@pytest.mark.django_db
def test_every_page_type_add_and_edit_view_opens(staff_admin_client, content):
    home = HomePage.objects.get()
    catalog = CatalogPage.objects.get()
    module = ModulePage.objects.get()
    parents = {StandardPage: home, CoursePage: catalog, ModulePage: content, LessonPage: module}
    for model, parent in parents.items():
        meta = model._meta
        _admin_texts(
            staff_admin_client,
            reverse("wagtailadmin_pages:add", args=[meta.app_label, meta.model_name, parent.pk]),
        )
    for page in Page.objects.filter(depth__gt=1).specific():
        _admin_texts(staff_admin_client, reverse("wagtailadmin_pages:edit", args=[page.pk]))


@pytest.mark.django_db
def test_the_projects_own_admin_views_open(staff_admin_client, content):
    quiz = Quiz.objects.get()
    template = CertificateTemplate.objects.get()
    for url in (
        reverse("quiz_stats", args=[quiz.pk]),
        reverse("questions_import"),
        reverse("quiz_questions_import", args=[quiz.pk]),
        reverse("export_log:index"),
    ):
        _admin_texts(staff_admin_client, url)
    preview = staff_admin_client.get(reverse("certificate_template_preview", args=[template.pk]))
    assert preview.status_code == 200 and preview["Content-Type"] == "application/pdf"
    assert staff_admin_client.get(reverse("questions_import_template")).status_code == 200


@pytest.mark.django_db
def test_an_empty_snippet_form_is_refused_with_errors_not_a_server_error(staff_admin_client, content):
    for model in get_snippet_models():
        url = reverse(model.snippet_viewset.get_url_name("add"))
        count = model.objects.count()
        response = staff_admin_client.post(url, {})
        if model in READ_ONLY:
            assert response.status_code == 302 and model.objects.count() == count, url
            continue
        assert response.status_code == 200, f"{url}: {response.status_code}"
        assert "error-message" in response.content.decode() or "errorlist" in response.content.decode(), url
        assert model.objects.count() == count, url


@pytest.mark.django_db
def test_the_admin_carries_the_platforms_name_and_icon_not_wagtails(staff_admin_client, content):
    html = _admin_texts(staff_admin_client, reverse("wagtailadmin_home"))
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert title.strip().endswith("- Bồi dưỡng đô thị thông minh"), title
    assert "Wagtail" not in title
    assert 'href="/static/img/favicon.svg"' in html
    assert "wagtailadmin/images/favicon.ico" not in html
    # The sidebar draws the logo from this template element (Wagtail's bird when it is empty).
    logo = html.split("<template data-wagtail-sidebar-branding-logo>", 1)[1].split("</template>", 1)[0]
    assert '<img src="/static/img/favicon.svg" alt="Bồi dưỡng đô thị thông minh"' in logo


def _listing_cells(client, url: str) -> tuple[list[str], list[str]]:
    """The header and body cell texts of an admin listing, whitespace collapsed (none for an empty one)."""
    from bs4 import BeautifulSoup

    table = BeautifulSoup(_admin_texts(client, url), "html.parser").find("table", class_="listing")
    if table is None:
        return [], []
    texts = lambda cells: [" ".join(cell.get_text(" ").split()) for cell in cells]  # noqa: E731
    return texts(table.select("thead th")), texts(table.select("tbody td"))


@pytest.mark.django_db
def test_admin_listings_say_yes_or_no_and_name_every_column_in_vietnamese(staff_admin_client, content):
    from evaluations.models import CourseEvaluationSetting, EvaluationForm
    from reports.models import ExportLog

    CourseEvaluationSetting.objects.create(
        course=CoursePage.objects.first(), form=EvaluationForm.objects.filter(kind="course").first()
    )
    ExportLog.objects.create(user=staff_admin_client.user, report="units", format="csv", completed=True)
    urls = [reverse(model.snippet_viewset.get_url_name("list")) for model in get_snippet_models()]
    urls += [reverse("export_log:index"), reverse("webhooksubscriber:index")]
    for url in urls:
        headers, cells = _listing_cells(staff_admin_client, url)
        assert not {"True", "False", "None"} & set(cells), url
        assert not {"User", "Unit", "Active", "Completed"} & set(headers), (url, headers)
    headers, cells = _listing_cells(staff_admin_client, reverse("wagtailsnippets_accounts_hrscope:list"))
    assert {"Người dùng", "Cơ quan, đơn vị"} <= set(headers), headers
    headers, cells = _listing_cells(staff_admin_client, reverse("export_log:index"))
    assert "Người dùng" in headers and "Có" in cells
    headers, cells = _listing_cells(
        staff_admin_client, reverse("wagtailsnippets_accounts_organisationunit:list")
    )
    assert "Có" in cells and "Đang hoạt động" in headers
    form = _admin_texts(staff_admin_client, reverse("wagtailsnippets_accounts_hrscope:add"))
    assert "Người dùng" in form and ">User<" not in form and ">Unit<" not in form
