import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone
from wagtail.documents.models import Document
from wagtail.models import Collection, Revision, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from cms.models import CoursePage, HomePage
from cms.services import COURSE_COLLECTION

from ..auth import sign_in
from ..factories import make_lesson


def course_form(action: str, **overrides) -> dict:
    data = {
        "title": "Quy hoạch đô thị thông minh",
        "slug": "quy-hoach-do-thi-thong-minh",
        "summary": "Khóa học về quy hoạch.",
        "objectives": streamfield([("objective", "Nắm các bước lập quy hoạch")]),
        "track": "planning",
        "for_officials": "on",
        "level": "basic",
        "estimated_hours": "3",
        "periods": "8",
        "enrollment_mode": "open",
        "completion_rule": "lessons",
        "grants_certificate": "on",
        "comments": inline_formset([]),
        action: "1",
        **overrides,
    }
    return nested_form_data(data)


def add_course(client, catalog, action="action-submit", **overrides):
    return client.post(f"/admin/pages/add/cms/coursepage/{catalog.pk}/", course_form(action, **overrides))


@pytest.mark.django_db
def test_trainer_drafts_a_course_under_the_catalogue_and_submits_it(client, catalog, trainer):
    sign_in(client, trainer)
    response = add_course(client, catalog)
    assert response.status_code == 302, response.content.decode()[:3000]
    course = CoursePage.objects.get(slug="quy-hoach-do-thi-thong-minh")
    assert not course.live
    state = WorkflowState.objects.get(object_id=str(course.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == trainer


@pytest.mark.django_db
def test_trainer_cannot_publish_directly(client, catalog, trainer):
    sign_in(client, trainer)
    add_course(client, catalog, action="action-publish")
    course = CoursePage.objects.get(slug="quy-hoach-do-thi-thong-minh")
    assert not course.live
    assert course.has_unpublished_changes


@pytest.mark.django_db
def test_trainer_cannot_create_or_edit_outside_the_catalogue(client, catalog, trainer):
    sign_in(client, trainer)
    home = HomePage.objects.get()
    for url in (f"/admin/pages/{home.pk}/edit/", f"/admin/pages/add/cms/standardpage/{home.pk}/"):
        response = client.get(url)
        assert response.status_code in (302, 403), url
        if response.status_code == 302:
            assert response["Location"] == "/admin/"
    title_before = home.title
    client.post(f"/admin/pages/{home.pk}/edit/", {"title": "Bị sửa", "slug": "home", "action-publish": "1"})
    home.refresh_from_db()
    assert home.title == title_before


@pytest.mark.django_db
def test_course_form_rejects_a_course_without_audience(client, catalog, trainer):
    sign_in(client, trainer)
    response = add_course(client, catalog, for_officials="")
    assert response.status_code == 200
    assert "Vui lòng chọn ít nhất một đối tượng" in response.content.decode()
    assert not CoursePage.objects.filter(slug="quy-hoach-do-thi-thong-minh").exists()


@pytest.mark.django_db
def test_reviewer_approves_and_the_course_is_published(client, catalog, trainer, reviewer):
    sign_in(client, trainer)
    add_course(client, catalog)
    course = CoursePage.objects.get(slug="quy-hoach-do-thi-thong-minh")
    make_lesson(course, title="Bài 1")  # a course goes live with at least one live lesson (cms.checklist)
    task_state = WorkflowState.objects.get(object_id=str(course.pk)).current_task_state
    sign_in(client, reviewer)
    response = client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/{task_state.pk}/", {"comment": "Đạt yêu cầu"}
    )
    assert response.status_code in (200, 302)
    course.refresh_from_db()
    assert course.live
    assert "Quy hoạch đô thị thông minh" in client.get("/khoa-hoc/").content.decode()


@pytest.mark.django_db
def test_reviewer_rejects_with_a_comment(client, catalog, trainer, reviewer):
    sign_in(client, trainer)
    add_course(client, catalog)
    course = CoursePage.objects.get(slug="quy-hoach-do-thi-thong-minh")
    state = WorkflowState.objects.get(object_id=str(course.pk))
    sign_in(client, reviewer)
    client.post(
        f"/admin/pages/workflow/action/{course.pk}/reject/{state.current_task_state.pk}/",
        {"comment": "Bổ sung mục tiêu học tập"},
    )
    state.refresh_from_db()
    course.refresh_from_db()
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    assert state.current_task_state.comment == "Bổ sung mục tiêu học tập"
    assert not course.live


@pytest.mark.django_db
def test_scheduled_publishing_after_approval(client, catalog, trainer, reviewer):
    go_live = timezone.now() + datetime.timedelta(days=2)
    sign_in(client, trainer)
    add_course(client, catalog, go_live_at=go_live.strftime("%Y-%m-%d %H:%M"))
    course = CoursePage.objects.get(slug="quy-hoach-do-thi-thong-minh")
    make_lesson(course, title="Bài 1")
    state = WorkflowState.objects.get(object_id=str(course.pk))
    sign_in(client, reviewer)
    client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/{state.current_task_state.pk}/", {"comment": ""}
    )
    course.refresh_from_db()
    assert not course.live
    revision = Revision.page_revisions.get(object_id=str(course.pk), approved_go_live_at__isnull=False)
    # Two days later (moved back rather than waiting): the scheduler publishes the approved revision.
    past = timezone.now() - datetime.timedelta(minutes=1)
    revision.content["go_live_at"] = past.isoformat()
    revision.approved_go_live_at = past
    revision.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    course.refresh_from_db()
    assert course.live


@pytest.mark.django_db
def test_preview_renders_a_draft_for_the_trainer(client, catalog, trainer):
    sign_in(client, trainer)
    add_course(client, catalog)
    course = CoursePage.objects.get(slug="quy-hoach-do-thi-thong-minh")
    preview_url = f"/admin/pages/{course.pk}/edit/preview/"
    posted = client.post(preview_url, course_form("action-submit", title="Bản xem trước"))
    assert posted.status_code == 200
    response = client.get(preview_url, {"in_preview_panel": "true"})
    assert response.status_code == 200
    assert "Bản xem trước" in response.content.decode()
    # The editor shows the preview in a frame of the admin: the page's own strict policy, but framed by the
    # site (the public pages' frame-ancestors 'none' blanked the preview panel in the browser).
    policy = {
        directive.split()[0]: directive.split()[1:]
        for directive in response["Content-Security-Policy"].split(";")
    }
    assert policy["frame-ancestors"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["script-src"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


@pytest.mark.django_db
def test_uploads_are_limited_by_type_and_go_to_the_course_collection(client, catalog, trainer):
    sign_in(client, trainer)
    collection = Collection.objects.get(name=COURSE_COLLECTION)
    bad = client.post(
        "/admin/documents/add/",
        {
            "title": "Tệp lạ",
            "collection": collection.pk,
            "file": SimpleUploadedFile("cong-cu.exe", b"MZ\x90\x00", content_type="application/octet-stream"),
        },
    )
    assert bad.status_code == 200
    assert not Document.objects.exists()
    good = client.post(
        "/admin/documents/add/",
        {
            "title": "Tài liệu",
            "collection": collection.pk,
            "file": SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4 demo", content_type="application/pdf"),
        },
    )
    assert good.status_code == 302
    assert Document.objects.get().collection == collection


def test_learning_objective_inputs_are_named_by_their_label():
    """Wagtail draws a StreamField child's input without a <label>: the objective's input carries its
    label as aria-label, in the editor's language (axe: "form elements must have labels")."""
    from django.utils import translation

    from cms.models import CoursePage

    block = CoursePage._meta.get_field("objectives").stream_block.child_blocks["objective"]
    with translation.override("vi"):
        html = block.field.widget.render("objectives-0-value", "Hiểu quy hoạch")
    assert 'aria-label="Mục tiêu"' in html
