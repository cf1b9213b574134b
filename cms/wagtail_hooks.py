"""Admin wiring for pages: the course checklist on the Publish button and bulk publishing, the approval
message, and the admin stylesheet."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.admin_columns import YesNoColumn

from .checklist import course_publish_blockers
from .models import ContentCategory, CoursePage
from .review import report_approval, report_course_blocked


@hooks.register("before_publish_page")
def check_course_before_publishing(request, page):
    """The editor's Publish button: the draft is already saved; explain the refusal on the edit page.

    ``CoursePage.publish`` refuses anyway; answering here keeps the editor on a normal page with the checklist.
    """
    if not isinstance(page, CoursePage):
        return None
    blockers = course_publish_blockers(course=page)
    if not blockers:
        return None
    report_course_blocked(request, course=page, items=blockers)
    return redirect("wagtailadmin_pages:edit", page.pk)


@hooks.register("before_bulk_action")
def check_courses_before_bulk_publishing(request, action_type, objects, action_class_instance):
    """Bulk "Publish": refuse the whole batch when a course in it is not ready, naming what is missing."""
    if action_type != "publish":
        return None
    refused = False
    for page in objects:
        page = getattr(page, "specific", page)
        if isinstance(page, CoursePage):
            course = page.get_latest_revision_as_object()
            blockers = course_publish_blockers(course=course)
            if blockers:
                report_course_blocked(request, course=course, items=blockers)
                refused = True
    if refused:
        return redirect(action_class_instance.next_url or "wagtailadmin_explore_root")
    return None


@hooks.register("before_copy_page")
def copy_courses_as_drafts(request, page):
    """A copy of a course is not published on the spot: its final quiz is not copied and it was never reviewed."""
    if (
        request.method == "POST"
        and request.POST.get("publish_copies")
        and issubclass(page.specific_class, CoursePage)
    ):
        messages.error(
            request,
            gettext(
                "A copied course cannot be published straight away: copy it as a draft, "
                "add its final quiz and submit it for review."
            ),
        )
        return redirect(request.get_full_path())
    return None


@hooks.register("after_edit_page")
def confirm_approval(request, page):
    """An approval from the editor's action menu (the review modal is covered by cms.middleware)."""
    if request.POST.get("action-workflow-action") and request.POST.get("workflow-action-name") == "approve":
        report_approval(request, page=page)


@hooks.register("insert_global_admin_css")
def admin_stylesheet():
    return format_html('<link rel="stylesheet" href="{}">', static("cms/admin.css"))


class ContentCategoryViewSet(SnippetViewSet):
    """The editable list of content categories (Decree 171/2025/NĐ-CP groups, seeded by migration)."""

    model = ContentCategory
    icon = "tag"
    menu_label = _("Content categories")
    add_to_admin_menu = False
    list_display = ["code", "name", "legal_basis", YesNoColumn("is_active", label=_("active"))]
    search_fields = ["code", "name"]


register_snippet(ContentCategoryViewSet)
