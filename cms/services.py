"""Writes that set the platform up: the catalogue, the accessibility statement, roles and review."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.dispatch import Signal
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)

from accounts import roles
from accounts.text import fold

from .models import CatalogPage, CoursePage, HomePage, LessonPage, StandardPage

# Sent at the end of platform_setup(catalog=..., groups={name: Group}) so higher apps add their own grants.
platform_ready = Signal()

CATALOG_SLUG = "khoa-hoc"
ACCESSIBILITY_SLUG = "tuyen-bo-tro-nang-tiep-can"
COURSE_COLLECTION = "Tài liệu khóa học"
REVIEW_WORKFLOW = "Duyệt nội dung khóa học"
REVIEW_TASK = "Người duyệt nội dung phê duyệt"

# Trainers draft and submit; only reviewers publish (through the workflow).
PAGE_PERMISSIONS = {
    roles.TRAINERS: ["add_page", "change_page"],
    roles.REVIEWERS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
}
# Trainers and reviewers alike add, change and choose the images, documents and media of the collections.
_MEDIA_PERMISSIONS = (
    "add_image",
    "change_image",
    "choose_image",
    "add_document",
    "change_document",
    "choose_document",
    "add_media",
    "change_media",
)
COLLECTION_PERMISSIONS = {roles.TRAINERS: _MEDIA_PERMISSIONS, roles.REVIEWERS: _MEDIA_PERMISSIONS}


def course_search_refresh(*, course: CoursePage) -> None:
    """Store the folded text of the course's live lessons for catalogue search (one UPDATE, no revision)."""
    parts = []
    for lesson in LessonPage.objects.descendant_of(course).live().order_by("path"):
        parts.append(lesson.title)
        parts.extend(str(text) for text in lesson.body.stream_block.get_searchable_content(lesson.body))
    CoursePage.objects.filter(pk=course.pk).update(search_lessons=f" {fold(' '.join(parts))} ")


@transaction.atomic
def platform_setup() -> CatalogPage:
    """Create what a fresh install needs, idempotently; returns the catalogue page.

    The catalogue and accessibility statement under the home page; the staff groups with admin
    access; page permissions on the catalogue subtree only; trainers may edit the help contact (site
    setting); a course-materials collection; and a review workflow so trainers' courses are published
    only after a reviewer approves them.
    """
    home = HomePage.objects.first()
    catalog = CatalogPage.objects.first()
    if catalog is None:
        catalog = CatalogPage(
            title="Danh mục khóa học",
            slug=CATALOG_SLUG,
            intro="Các khóa bồi dưỡng về phát triển đô thị thông minh dành cho cán bộ, công chức, viên chức, "
            "người dân và doanh nghiệp.",
        )
        home.add_child(instance=catalog)
        catalog.save_revision().publish()
    if not StandardPage.objects.filter(slug=ACCESSIBILITY_SLUG).exists():
        statement = StandardPage(
            title="Tuyên bố về khả năng tiếp cận",
            slug=ACCESSIBILITY_SLUG,
            introduction="Chúng tôi cam kết để mọi người, kể cả người khuyết tật, đều sử dụng được nền tảng này.",
            body=ACCESSIBILITY_BODY,
        )
        home.add_child(instance=statement)
        statement.save_revision().publish()

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in roles.STAFF_GROUPS}
    access_admin = Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    # HR managers use the admin only for enrollment requests; their reports live in the HR area.
    for name in (roles.TRAINERS, roles.REVIEWERS, roles.HR_MANAGERS):
        groups[name].permissions.add(access_admin)
    # Trainers keep the help contact (footer, confirm-your-email pages) up to date; superusers can anyway.
    groups[roles.TRAINERS].permissions.add(
        Permission.objects.get(content_type__app_label="cms", codename="change_contactsettings")
    )
    # Caption tracks of lesson videos (#19) are snippets, not collection members.
    for name in (roles.TRAINERS, roles.REVIEWERS):
        groups[name].permissions.add(
            *Permission.objects.filter(
                content_type__app_label="lessonmedia",
                codename__in=["add_caption", "change_caption", "delete_caption"],
            )
        )
    for name, codenames in PAGE_PERMISSIONS.items():
        for codename in codenames:
            permission = Permission.objects.get(content_type__app_label="wagtailcore", codename=codename)
            GroupPagePermission.objects.get_or_create(group=groups[name], page=catalog, permission=permission)

    root_collection = Collection.get_first_root_node()
    collection = Collection.objects.filter(name=COURSE_COLLECTION).first()
    if collection is None:
        collection = root_collection.add_child(name=COURSE_COLLECTION)
    for name, codenames in COLLECTION_PERMISSIONS.items():
        for codename in codenames:
            permission = Permission.objects.get(codename=codename)
            GroupCollectionPermission.objects.get_or_create(
                group=groups[name], collection=collection, permission=permission
            )

    workflow, created = Workflow.objects.get_or_create(name=REVIEW_WORKFLOW)
    if created:
        task = GroupApprovalTask.objects.create(name=REVIEW_TASK)
        task.groups.set([groups[roles.REVIEWERS]])
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(page=catalog, defaults={"workflow": workflow})
    platform_ready.send(sender=CatalogPage, catalog=catalog, groups=groups)
    return catalog


ACCESSIBILITY_BODY = [
    ("heading", {"text": "Mức độ tuân thủ", "level": "h2"}),
    (
        "paragraph",
        "<p>Nền tảng được xây dựng theo Hướng dẫn về khả năng tiếp cận nội dung web (WCAG) 2.1, mức AA: có thể "
        "dùng hoàn toàn bằng bàn phím, tương thích trình đọc màn hình, độ tương phản màu đạt chuẩn và hiển thị "
        "tốt trên điện thoại.</p>",
    ),
    ("heading", {"text": "Điều chỉnh thời gian làm bài", "level": "h2"}),
    (
        "paragraph",
        "<p>Học viên cần thêm thời gian làm bài kiểm tra vì lý do sức khỏe hoặc khuyết tật có thể đề nghị cán bộ "
        "phụ trách đào tạo, bồi dưỡng của đơn vị gia hạn thời gian làm bài.</p>",
    ),
    ("heading", {"text": "Phản hồi", "level": "h2"}),
    (
        "paragraph",
        "<p>Nếu gặp khó khăn khi sử dụng, vui lòng liên hệ bộ phận hỗ trợ của cơ quan quản lý nền tảng để được "
        "hướng dẫn.</p>",
    ),
]
