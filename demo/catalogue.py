"""Demo course catalogue built from ``demo/content/catalogue.py``. Idempotent: existing slugs are kept."""

from django.db import transaction
from django.utils.html import escape
from wagtail.models import Workflow

from accounts.models import User
from cms.checklist import publishing_unchecked
from cms.models import CatalogPage, CompletionRule, CoursePage, EnrollmentMode, LessonPage, ModulePage

from .content.catalogue import COURSES
from .media import load_media
from .scorm_packages import load_scorm_packages
from .video import REQUIRED_PERCENT, load_intro_video

# Demo variety: some courses need approval, some build on others.
ENROLLMENT_MODES = {
    "ha-tang-so-va-du-lieu-do-thi": EnrollmentMode.APPROVAL,
    "quan-ly-cap-phep-xay-dung-truc-tuyen": EnrollmentMode.APPROVAL,
}
PREREQUISITES = {
    "chuan-hoa-du-lieu-quy-hoach": ["gioi-thieu-do-thi-thong-minh"],
    "ha-tang-so-va-du-lieu-do-thi": ["gioi-thieu-do-thi-thong-minh"],
}


def _paragraph(text: str) -> str:
    return f"<p>{escape(text)}</p>"


def lesson_body(blocks: list[tuple], media: dict | None = None) -> list[tuple]:
    """Convert the plain content format into the lesson StreamField's block values.

    ``media`` maps the keys of image and document blocks to their Wagtail objects (``demo.media.load_media``).
    """
    media = media or {}
    body = []
    for kind, value in blocks:
        if kind == "heading":
            body.append(("heading", {"text": value, "level": "h2"}))
        elif kind == "paragraph":
            body.append(("paragraph", _paragraph(value)))
        elif kind == "list":
            body.append(
                ("paragraph", "<ul>" + "".join(f"<li>{escape(item)}</li>" for item in value) + "</ul>")
            )
        elif kind == "callout":
            body.append(("callout", {"kind": value["kind"], "text": _paragraph(value["text"])}))
        elif kind == "takeaways":
            body.append(("takeaways", {"items": list(value)}))
        elif kind == "self_check":
            choices = [
                {"text": text, "correct": i == value["correct"]} for i, text in enumerate(value["choices"])
            ]
            body.append(
                (
                    "self_check",
                    {
                        "question": value["question"],
                        "choices": choices,
                        "explanation": value.get("explanation", ""),
                    },
                )
            )
        elif kind == "image":
            body.append(
                (
                    "image",
                    {"image": media[value["key"]], "alt_text": value["alt"], "caption": value["caption"]},
                )
            )
        elif kind == "table":
            table = {
                "caption": value["caption"],
                "columns": [{"type": "text", "heading": heading} for heading in value["columns"]],
                "rows": [{"values": list(row)} for row in value["rows"]],
            }
            body.append(("table", {"table": table, "row_headers": True}))
        elif kind == "document":
            body.append(("document", {"document": media[value["key"]], "title": value["title"]}))
        elif kind == "scorm":
            body.append(("scorm", {"package": media[value["key"]], "title": value["title"]}))
        else:
            raise ValueError(f"Unknown demo block type {kind!r}")
    return body


def _publish_or_draft(page, *, author: User, reviewer: User, publish: bool) -> None:
    """The trainer writes the revision; published courses were approved by the reviewer."""
    revision = page.save_revision(user=author)
    if publish:
        # Courses are published before their lessons and final quiz are loaded (tests/test_demo.py checks
        # that every live demo course passes its checklist once the demo is loaded).
        with publishing_unchecked():
            revision.publish(user=reviewer)


@transaction.atomic
def load_courses(*, catalog: CatalogPage, trainer: User, reviewer: User) -> list[CoursePage]:
    courses = []
    media = None  # drawn only when a course is actually created
    for data in COURSES:
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        if course is not None:
            courses.append(course)
            continue
        publish = not data["needs_moderation"]
        course = CoursePage(
            title=data["title"],
            slug=data["slug"],
            summary=data["summary"],
            objectives=[("objective", text) for text in data["objectives"]],
            track=data["track"],
            for_officials="official" in data["audiences"],
            for_citizens="citizen" in data["audiences"],
            for_businesses="business" in data["audiences"],
            level=data["level"],
            estimated_hours=data["hours"],
            enrollment_mode=ENROLLMENT_MODES.get(data["slug"], EnrollmentMode.OPEN),
            completion_rule=CompletionRule.LESSONS_AND_QUIZ,
            live=publish,
            owner=trainer,
        )
        catalog.add_child(instance=course)
        course.trainers.set([trainer])
        course.prerequisites.set(CoursePage.objects.filter(slug__in=PREREQUISITES.get(data["slug"], [])))
        course.save()
        _publish_or_draft(course, author=trainer, reviewer=reviewer, publish=publish)
        lesson_count = 0
        document_lesson = min(2, sum(len(module_data["lessons"]) for module_data in data["modules"]))
        has_document = any(
            kind == "document"
            for module_data in data["modules"]
            for lesson_data in module_data["lessons"]
            for kind, _value in lesson_data["body"]
        )
        for module_data in data["modules"]:
            parent = course
            if len(data["modules"]) > 1:
                parent = ModulePage(title=module_data["title"], slug=_module_slug(module_data), live=publish)
                course.add_child(instance=parent)
                _publish_or_draft(parent, author=trainer, reviewer=reviewer, publish=publish)
            for lesson_data in module_data["lessons"]:
                if media is None:
                    media = {**load_media(), **load_scorm_packages()}
                    media["intro-video"] = load_intro_video()
                lesson_count += 1
                body = lesson_body(lesson_data["body"], media)
                body = _with_course_media(
                    body,
                    media,
                    video=lesson_count == 1,
                    document=lesson_count == document_lesson and not has_document,
                )
                lesson = LessonPage(
                    title=lesson_data["title"],
                    slug=lesson_data["slug"],
                    body=body,
                    estimated_minutes=lesson_data["minutes"],
                    free_preview=lesson_data["free_preview"],
                    live=publish,
                    owner=trainer,
                )
                parent.add_child(instance=lesson)
                _publish_or_draft(lesson, author=trainer, reviewer=reviewer, publish=publish)
        if not publish:
            # The trainer has submitted this course: it waits for a reviewer in the review workflow.
            workflow = course.get_workflow() or Workflow.objects.get()
            workflow.start(course, trainer)
        courses.append(course)
    return courses


def _with_course_media(body: list[tuple], media: dict, *, video: bool, document: bool) -> list[tuple]:
    """Every demo course opens with the short video (Vietnamese captions) and has a document to download (#19):
    the video goes after the first lesson's heading, the guide at the end of the second lesson."""
    if video and media.get("intro-video") is not None:
        block = {
            "media": media["intro-video"],
            "title": "Video giới thiệu: đô thị thông minh Tây Ninh và Công văn 171/UBND-KT",
            "required_percent": REQUIRED_PERCENT,
            "transcript": "",
        }
        body = [*body[:1], ("media", block), *body[1:]]
    if document:
        block = {
            "document": media["service-guide"],
            "title": "Tài liệu tham khảo: hướng dẫn nhanh dịch vụ công trực tuyến",
        }
        body = [*body, ("document", block)]
    return body


def _module_slug(module_data: dict) -> str:
    return "chuyen-de-" + module_data["lessons"][0]["slug"]
