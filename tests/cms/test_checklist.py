"""A course goes live only when its checklist passes, whichever way it is published (#14)."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Revision, TaskState, WorkflowState

from cms.checklist import CourseNotReady, course_checklist, course_publish_blockers, find_placeholders
from cms.models import CompletionRule, CoursePage, LessonPage

from ..auth import sign_in
from ..factories import make_course, make_lesson, make_question, make_quiz
from .test_authoring import course_form

BLOCKED = "Chưa xuất bản khóa học"
NO_LESSON = "Khóa học có ít nhất một bài học đã xuất bản"


def submitted_course(catalog, trainer, **fields) -> CoursePage:
    """A draft course the trainer has submitted for review (without lessons unless added)."""
    course = make_course(catalog, title="Quy hoạch đô thị thông minh", publish=False, **fields)
    course.get_workflow().start(course, trainer)
    return course


def task_state_of(course) -> TaskState:
    return WorkflowState.objects.get(object_id=str(course.pk), status="in_progress").current_task_state


def messages_of(response) -> str:
    return " ".join(str(message) for message in response.context["messages"]) if response.context else ""


def assert_still_in_review(course):
    course.refresh_from_db()
    assert not course.live
    state = WorkflowState.objects.get(object_id=str(course.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.current_task_state.status == TaskState.STATUS_IN_PROGRESS


def test_find_placeholders_knows_the_usual_drafting_marks():
    assert find_placeholders("<p>Lorem  ipsum dolor</p>") == ["Lorem  ipsum"]
    assert find_placeholders("TODO: viết tiếp [...] và […]") == ["TODO", "[...]", "[…]"]
    assert find_placeholders("Nội dung đang cập nhật") == ["Nội dung đang cập nhật"]
    assert find_placeholders("Phương pháp todo-list trong quản lý") == []


@pytest.mark.django_db
def test_checklist_of_an_empty_course_blocks_and_warns_about_placeholders(catalog):
    course = make_course(catalog, title="Khóa học mới", summary="Lorem ipsum dolor sit amet", publish=False)
    make_lesson(course, title="Bài nháp", publish=False, body=[("paragraph", "<p>TODO viết nội dung</p>")])
    items = {item.code: item for item in course_checklist(course=course)}
    assert not items["live_lesson"].passed and items["live_lesson"].blocking
    assert not items["placeholder_text"].passed and not items["placeholder_text"].blocking
    assert (
        "Khóa học mới" in items["placeholder_text"].detail and "Bài nháp" in items["placeholder_text"].detail
    )
    assert "final_quiz" not in items  # the completion rule needs no quiz
    assert [item.code for item in course_publish_blockers(course=course)] == ["live_lesson"]


@pytest.mark.django_db
def test_placeholder_text_warns_but_does_not_block(catalog):
    course = make_course(catalog, summary="Nội dung đang cập nhật", publish=False)
    make_lesson(course)
    course.save_revision().publish()
    course.refresh_from_db()
    assert course.live


@pytest.mark.django_db
def test_a_course_whose_completion_needs_the_final_quiz_is_blocked_without_one(catalog):
    course = make_course(catalog, completion_rule=CompletionRule.LESSONS_AND_QUIZ, publish=False)
    make_lesson(course)
    assert [item.code for item in course_publish_blockers(course=course)] == ["final_quiz"]
    make_quiz(course, [], is_final=True)  # a quiz without questions is not enough
    assert [item.code for item in course_publish_blockers(course=course)] == ["final_quiz"]
    make_quiz(course, [make_question()], is_final=True, title="Bài kiểm tra có câu hỏi")
    assert course_publish_blockers(course=course) == []


@pytest.mark.django_db
def test_publishing_an_empty_course_in_code_is_refused(catalog):
    course = make_course(catalog, publish=False)
    with pytest.raises(CourseNotReady) as error:
        course.save_revision().publish()
    assert [item.code for item in error.value.items] == ["live_lesson"]
    course.refresh_from_db()
    assert not course.live


@pytest.mark.django_db
def test_publish_button_on_an_empty_course_shows_the_checklist(client, catalog, trainer, reviewer):
    course = submitted_course(catalog, trainer)
    sign_in(client, reviewer)
    response = client.post(
        f"/admin/pages/{course.pk}/edit/", course_form("action-publish", slug=course.slug), follow=True
    )
    assert response.redirect_chain[-1][0] == f"/admin/pages/{course.pk}/edit/"
    assert BLOCKED in messages_of(response) and NO_LESSON in messages_of(response)
    # The editor shows the checklist panel too.
    assert "Kiểm tra trước khi xuất bản" in response.content.decode()
    course.refresh_from_db()
    assert not course.live


@pytest.mark.django_db
def test_approving_an_empty_course_from_the_review_modal_is_refused(client, catalog, trainer, reviewer):
    course = submitted_course(catalog, trainer)
    sign_in(client, reviewer)
    response = client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/{task_state_of(course).pk}/",
        {"comment": "Đạt"},
        headers={"x-requested-with": "XMLHttpRequest"},
    )
    assert response.status_code == 200
    assert response.json()["step"] == "success"
    assert response.json()["redirect"] == f"/admin/pages/{course.pk}/edit/"
    assert_still_in_review(course)
    edit = client.get(f"/admin/pages/{course.pk}/edit/")
    assert BLOCKED in messages_of(edit) and NO_LESSON in messages_of(edit)


@pytest.mark.django_db
def test_approving_an_empty_course_without_javascript_is_refused(client, catalog, trainer, reviewer):
    course = submitted_course(catalog, trainer)
    sign_in(client, reviewer)
    response = client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/{task_state_of(course).pk}/",
        {"comment": ""},
        follow=True,
    )
    assert BLOCKED in messages_of(response)
    assert "phê duyệt" not in messages_of(response).lower()
    assert_still_in_review(course)


@pytest.mark.django_db
def test_approving_an_empty_course_from_the_editor_is_refused(client, catalog, trainer, reviewer):
    course = submitted_course(catalog, trainer)
    sign_in(client, reviewer)
    data = course_form("action-workflow-action", slug=course.slug)
    data["workflow-action-name"] = "approve"
    response = client.post(f"/admin/pages/{course.pk}/edit/", data, follow=True)
    assert BLOCKED in messages_of(response)
    assert_still_in_review(course)


@pytest.mark.django_db
def test_approving_a_course_with_a_live_lesson_publishes_it_with_a_message(
    client, catalog, trainer, reviewer
):
    course = submitted_course(catalog, trainer)
    make_lesson(course, title="Bài 1")
    sign_in(client, reviewer)
    response = client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/{task_state_of(course).pk}/",
        {"comment": "Đạt yêu cầu"},
        follow=True,
    )
    assert "Đã phê duyệt và xuất bản “Quy hoạch đô thị thông minh”." in messages_of(response)
    course.refresh_from_db()
    assert course.live
    assert WorkflowState.objects.get(object_id=str(course.pk)).status == WorkflowState.STATUS_APPROVED


@pytest.mark.django_db
def test_approving_from_the_editor_confirms_with_a_message(client, catalog, trainer, reviewer):
    course = submitted_course(catalog, trainer)
    make_lesson(course, title="Bài 1")
    sign_in(client, reviewer)
    data = course_form("action-workflow-action", slug=course.slug)
    data["workflow-action-name"] = "approve"
    response = client.post(f"/admin/pages/{course.pk}/edit/", data, follow=True)
    assert "Đã phê duyệt và xuất bản" in messages_of(response)
    course.refresh_from_db()
    assert course.live


@pytest.mark.django_db
def test_bulk_publishing_refuses_an_empty_course(client, catalog, trainer, reviewer):
    course = submitted_course(catalog, trainer)
    ready = make_course(catalog, title="Khóa học sẵn sàng", publish=False)
    make_lesson(ready)
    sign_in(client, reviewer)
    response = client.post(
        f"/admin/bulk/wagtailcore/page/publish/?next=/admin/pages/{catalog.pk}/&id={course.pk}&id={ready.pk}",
        {},
        follow=True,
    )
    assert BLOCKED in messages_of(response)
    course.refresh_from_db()
    ready.refresh_from_db()
    assert not course.live and not ready.live  # the batch is refused as a whole


@pytest.mark.django_db
def test_scheduled_publishing_waits_for_a_live_lesson(client, catalog, trainer, reviewer):
    course = submitted_course(catalog, trainer)
    lesson = make_lesson(course, title="Bài 1")
    # The reviewer approves a revision that goes live in two days.
    revision = course.save_revision(user=trainer)
    revision.content["go_live_at"] = (timezone.now() + datetime.timedelta(days=2)).isoformat()
    revision.save(update_fields=["content"])
    sign_in(client, reviewer)
    client.post(
        f"/admin/pages/workflow/action/{course.pk}/approve/{task_state_of(course).pk}/", {"comment": ""}
    )
    scheduled = Revision.page_revisions.get(object_id=str(course.pk), approved_go_live_at__isnull=False)
    # Meanwhile the lesson is withdrawn; two days later (moved back) the course is not ready.
    lesson.unpublish()
    past = timezone.now() - datetime.timedelta(minutes=1)
    scheduled.content["go_live_at"] = past.isoformat()
    scheduled.approved_go_live_at = past
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    call_command("publish_scheduled")
    course.refresh_from_db()
    assert not course.live
    # Still scheduled: it goes live at the first run after a lesson is published again.
    LessonPage.objects.get(pk=lesson.pk).save_revision().publish()
    call_command("publish_scheduled")
    course.refresh_from_db()
    assert course.live


@pytest.mark.django_db
def test_the_explorer_lists_a_course_in_course_order(client, catalog, reviewer):
    course = make_course(catalog)
    first = make_lesson(course, title="Bài 1: Khái niệm")
    make_lesson(course, title="Bài 2: Thực hành")
    make_lesson(course, title="Bài 3: Đánh giá")
    first.save_revision().publish()  # edited last: "by last edit" would list it first
    sign_in(client, reviewer)
    html = client.get(f"/admin/pages/{course.pk}/").content.decode()
    positions = [html.index(title) for title in ("Bài 1: Khái niệm", "Bài 2: Thực hành", "Bài 3: Đánh giá")]
    assert positions == sorted(positions)


def test_estimated_minutes_is_on_the_lessons_first_tab():
    first_tab = LessonPage.get_edit_handler().children[0]
    assert "estimated_minutes" in first_tab.get_form_options()["fields"]


@pytest.mark.django_db
def test_a_copied_course_cannot_be_kept_live(client, catalog, reviewer):
    course = make_course(catalog, title="Khóa học gốc")
    make_lesson(course)
    sign_in(client, reviewer)
    data = {
        "new_title": "Khóa học sao chép",
        "new_slug": "khoa-hoc-sao-chep",
        "new_parent_page": catalog.pk,
        "copy_subpages": "on",
        "publish_copies": "on",
    }
    response = client.post(f"/admin/pages/{course.pk}/copy/", data, follow=True)
    assert "Không thể xuất bản ngay bản sao của khóa học" in messages_of(response)
    assert not CoursePage.objects.filter(slug="khoa-hoc-sao-chep").exists()
    del data["publish_copies"]
    client.post(f"/admin/pages/{course.pk}/copy/", data)
    assert not CoursePage.objects.get(slug="khoa-hoc-sao-chep").live
