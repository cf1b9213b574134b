"""Wagtail pages.

The tree: HomePage -> CatalogPage -> CoursePage -> [ModulePage ->] LessonPage, and
HomePage -> StandardPage (about, help, accessibility statement). Page order is lesson order.
"""

import logging
import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.middleware.csrf import get_token
from django.utils import translation
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from accounts.models import AudienceFlags
from accounts.text import fold
from accounts.validators import validate_multiline, validate_plain_text, validate_single_line
from lessonmedia.selectors import lesson_watch_state

from .blocks import BaseStreamBlock, LabelledCharBlock, LessonStreamBlock
from .caching import content_cached, path_key
from .checklist import CourseNotReady, course_publish_check
from .panels import CourseChecklistPanel

logger = logging.getLogger(__name__)


class ContentCategory(models.Model):
    """A content category of training (nhóm nội dung bồi dưỡng), chosen on courses and classes.

    An editable list (a Wagtail snippet) seeded by migration 0009 with the content groups of Decree
    171/2025/NĐ-CP (docs/decisions/0033-training-records.md). ``code`` is what exports carry, so it stays
    stable when a name is reworded.
    """

    code = models.CharField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=255, validators=[validate_single_line])
    legal_basis = models.CharField(_("legal basis"), max_length=255, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    panels = [
        FieldPanel("code"),
        FieldPanel("name"),
        FieldPanel("legal_basis"),
        FieldRowPanel([FieldPanel("sort_order"), FieldPanel("is_active")]),
    ]

    class Meta:
        verbose_name = _("content category")
        verbose_name_plural = _("content categories")
        ordering = ["sort_order", "code"]

    def __str__(self):
        return self.name


class CachedViewRestrictions:
    """Page views read the view restrictions of the page and its ancestors from the content cache.

    Wagtail reads them on every view (two queries); ``cms.signals`` renews the content generation when a
    restriction or its groups change. For the pages learners open most: catalogue, course, lesson.
    """

    def route(self, request, path_components):
        # Kept for get_view_restrictions, which Wagtail calls without the request (it memoises the generation).
        self._routed_request = request
        return super().route(request, path_components)

    def get_view_restrictions(self):
        request = getattr(self, "_routed_request", None)
        if self.pk is None or request is None:
            # Not a page view (the admin's privacy dialog, copies): the queryset callers order and filter.
            return super().get_view_restrictions()
        return content_cached(
            f"view-restrictions:{self.pk}",
            lambda: list(super(CachedViewRestrictions, self).get_view_restrictions()),
            request=request,
        )


class HomePage(Page):
    """The site root, directly under Wagtail's root page; one per site."""

    intro = RichTextField(_("introduction"), blank=True, features=["bold", "italic", "link"])
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["cms.StandardPage", "cms.CatalogPage"]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from .selectors import featured_courses

        context = super().get_context(request, *args, **kwargs)
        context["featured_courses"] = featured_courses(limit=6)
        return context

    def route(self, request, path_components):
        """Go to the catalogue (cached) without the two queries per level of Wagtail's default."""
        if path_components:
            catalog = content_cached(
                f"catalogue-under:{self.pk}",
                lambda: CatalogPage.objects.child_of(self).first(),
                request=request,
            )
            if catalog is not None and catalog.slug == path_components[0]:
                return catalog.route(request, path_components[1:])
        return super().route(request, path_components)


class StandardPage(Page):
    """An information page (about, help, accessibility statement) under the home page or another one."""

    introduction = models.TextField(_("introduction"), blank=True)
    body = StreamField(BaseStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("introduction"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["cms.HomePage", "cms.StandardPage"]
    subpage_types = ["cms.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class Track(models.TextChoices):
    """The six key tasks of directive 171/UBND-KT ("nhóm nhiệm vụ")."""

    PLANNING = "planning", _("Smart-city planning and development")
    INFRASTRUCTURE = "infrastructure", _("Urban infrastructure planning and development")
    CONSTRUCTION = "construction", _("Construction management and urban development")
    UTILITIES = "utilities", _("Urban utility services")
    ECONOMY = "economy", _("Economy and innovation")
    COMMUNITY = "community", _("People and community")


class Level(models.TextChoices):
    BASIC = "basic", _("Basic")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")


class EnrollmentMode(models.TextChoices):
    OPEN = "open", _("Open enrollment")
    APPROVAL = "approval", _("Enrollment needs approval")
    ASSIGNED = "assigned", _("Assigned only")


class CompletionRule(models.TextChoices):
    LESSONS = "lessons", _("All required lessons")
    LESSONS_AND_QUIZ = "lessons_and_quiz", _("All required lessons and the final quiz passed")


class CatalogPage(CachedViewRestrictions, Page):
    """The course catalogue, under the home page; courses are its children."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.CoursePage"]
    max_count = 1
    PAGE_SIZE = 12

    class Meta:
        verbose_name = _("course catalogue")

    def get_context(self, request, *args, **kwargs):
        from .forms import CatalogFilterForm
        from .selectors import catalog_courses

        context = super().get_context(request, *args, **kwargs)
        form = CatalogFilterForm(request.GET or None)
        filters = form.cleaned_filters() if form.is_bound else {}
        if filters or getattr(request, "is_preview", False):
            courses = catalog_courses(catalog=self, **filters)
        else:
            # The unfiltered list, which most views show, is the same for everyone until the content changes.
            courses = content_cached(
                f"catalogue-courses:{self.pk}", lambda: list(catalog_courses(catalog=self)), request=request
            )
        page_obj = Paginator(courses, self.PAGE_SIZE).get_page(request.GET.get("page"))
        context.update(form=form, page_obj=page_obj, filters=filters)
        return context

    def route(self, request, path_components):
        """Find a course and a lesson below it (course/lesson or course/module/lesson), both cached.

        Wagtail's default walks the tree one level at a time, with two queries per level (the child, then its
        specific page): six for a lesson in a module, most of what separated a lesson from a plain page.
        Anything else (a module, a missing page) takes the default path, which also raises 404.
        """
        if not 1 <= len(path_components) <= 3:
            return super().route(request, path_components)
        lesson = None
        if len(path_components) > 1:
            # Cached as the course is: the published lesson is the same for everyone until the content changes.
            lesson_path = f"{self.url_path}{'/'.join(path_components)}/"
            lesson = content_cached(
                f"lesson-at:{path_key(lesson_path)}",
                lambda: LessonPage.objects.filter(url_path=lesson_path).first(),
                request=request,
            )
            if lesson is None:
                return super().route(request, path_components)
        course_path = f"{self.url_path}{path_components[0]}/"
        course = content_cached(
            f"course-at:{path_key(course_path)}",
            lambda: CoursePage.objects.filter(url_path=course_path).first(),
            request=request,
        )
        if course is None:
            return super().route(request, path_components)
        # The pages need their course's catalogue (breadcrumb) and a lesson its course: known here already.
        course._cached_parent_obj = self
        if lesson is None:
            return course.route(request, [])
        lesson.__dict__["course"] = course
        return lesson.route(request, [])


class CoursePage(CachedViewRestrictions, AudienceFlags, Page):
    """A course (khóa học) in the catalogue; its lessons are its descendants, in page order."""

    summary = models.TextField(_("summary"), max_length=600)
    objectives = StreamField(
        [("objective", LabelledCharBlock(label=_("Objective"), max_length=300, icon="tick"))],
        verbose_name=_("learning objectives"),
        blank=True,
    )
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    track = models.CharField(_("track"), max_length=20, choices=Track.choices)
    for_officials = models.BooleanField(_("officials and civil servants"), default=False)
    for_citizens = models.BooleanField(_("citizens"), default=False)
    for_businesses = models.BooleanField(_("businesses"), default=False)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.BASIC)
    estimated_hours = models.DecimalField(_("estimated hours"), max_digits=4, decimal_places=1, default=1)
    # The length counted in an official's training record (tiết of 45 minutes); 0 counts nothing.
    periods = models.PositiveSmallIntegerField(
        _("periods"), default=0, help_text=_("Length in periods (45 minutes) counted in training records.")
    )
    content_category = models.ForeignKey(
        ContentCategory,
        verbose_name=_("content category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="courses",
    )
    trainers = ParentalManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("trainers"), blank=True, related_name="courses_taught"
    )
    prerequisites = ParentalManyToManyField(
        "self", verbose_name=_("prerequisites"), blank=True, symmetrical=False, related_name="required_by"
    )
    enrollment_mode = models.CharField(
        _("enrollment"), max_length=16, choices=EnrollmentMode.choices, default=EnrollmentMode.OPEN
    )
    enrollment_opens_at = models.DateTimeField(_("enrollment opens"), null=True, blank=True)
    enrollment_closes_at = models.DateTimeField(_("enrollment closes"), null=True, blank=True)
    capacity = models.PositiveIntegerField(
        _("capacity"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    completion_rule = models.CharField(
        _("completion rule"), max_length=20, choices=CompletionRule.choices, default=CompletionRule.LESSONS
    )
    grants_certificate = models.BooleanField(_("grants a certificate"), default=True)
    certificate_validity_months = models.PositiveSmallIntegerField(
        _("certificate validity (months)"), null=True, blank=True, help_text=_("Leave empty: never expires.")
    )
    # Accent-folded copies for Vietnamese search ("do thi" finds "Đô thị"), kept in step by save().
    search_title = models.CharField(max_length=400, editable=False, default="")
    search_document = models.TextField(editable=False, default="")
    # Folded text of the live lessons, refreshed when a lesson is published or withdrawn (cms.signals).
    search_lessons = models.TextField(editable=False, default="")

    content_panels = [
        CourseChecklistPanel(heading=_("Checklist before publishing")),
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("track"),
                FieldRowPanel(
                    [FieldPanel("for_officials"), FieldPanel("for_citizens"), FieldPanel("for_businesses")]
                ),
                FieldRowPanel([FieldPanel("level"), FieldPanel("estimated_hours")]),
                FieldRowPanel([FieldPanel("periods"), FieldPanel("content_category")]),
            ],
            heading=_("Track, audiences and level"),
        ),
        FieldPanel("trainers"),
        FieldPanel("prerequisites"),
    ]
    settings_panels = [
        MultiFieldPanel(
            [
                FieldPanel("enrollment_mode"),
                FieldRowPanel([FieldPanel("enrollment_opens_at"), FieldPanel("enrollment_closes_at")]),
                FieldPanel("capacity"),
            ],
            heading=_("Enrollment"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("completion_rule"),
                FieldPanel("grants_certificate"),
                FieldPanel("certificate_validity_months"),
            ],
            heading=_("Completion and certificate"),
        ),
        *Page.settings_panels,
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("search_document"),
        index.FilterField("track"),
        index.FilterField("level"),
    ]
    parent_page_types = ["cms.CatalogPage"]
    subpage_types = ["cms.ModulePage", "cms.LessonPage"]
    # The explorer lists modules and lessons in course order (the tree order learners follow), not by last edit.
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def clean(self):
        super().clean()
        errors = {}
        try:
            # The title is printed on certificates: no direction or zero-width characters (#12).
            validate_plain_text(self.title or "", max_length=255)
        except ValidationError as error:
            errors["title"] = error.messages
        if not self.audiences:
            errors["for_officials"] = _("Choose at least one audience.")
        if (
            self.enrollment_opens_at
            and self.enrollment_closes_at
            and self.enrollment_closes_at <= self.enrollment_opens_at
        ):
            errors["enrollment_closes_at"] = _("Enrollment must close after it opens.")
        if self.estimated_hours is not None and self.estimated_hours <= 0:
            errors["estimated_hours"] = _("Enter a positive number of hours.")
        if errors:
            raise ValidationError(errors)

    def save(self, *args, **kwargs):
        with translation.override("vi"):
            parts = [
                self.title,
                self.summary,
                *(str(block.value) for block in self.objectives),
                Track(self.track).label if self.track else "",
                *map(str, self.audience_labels()),
            ]
        self.search_title = f" {fold(self.title)} "
        self.search_document = f" {fold(' '.join(str(p) for p in parts))} "
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        """Publish ``revision`` only when the course passes its checklist (cms.checklist), whatever the path.

        A scheduled publication that is not ready stays scheduled and is tried again at the next run, so one
        course does not stop ``publish_scheduled`` from publishing the others.
        """
        try:
            course_publish_check(course=revision.as_object())
        except CourseNotReady as error:
            if kwargs.get("log_action") == "wagtail.publish.scheduled":
                logger.warning("Scheduled course %s not published: %s", self.pk, "; ".join(error.messages))
                return None
            raise
        return super().publish(revision, *args, **kwargs)

    def get_context(self, request, *args, **kwargs):
        from .selectors import course_detail

        context = super().get_context(request, *args, **kwargs)
        context.update(course_detail(course=self, request=request))
        return context


class ModulePage(Page):
    """A module (chuyên đề): an optional group of lessons directly under a course."""

    summary = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    parent_page_types = ["cms.CoursePage"]
    subpage_types = ["cms.LessonPage"]
    admin_default_ordering = "ord"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def serve(self, request, *args, **kwargs):
        from django.shortcuts import redirect

        course = self.get_parent()
        return redirect(f"{course.url}#module-{self.pk}")


class LessonPage(CachedViewRestrictions, Page):
    """A lesson (bài học) under a course or one of its modules."""

    body = StreamField(LessonStreamBlock(), verbose_name=_("body"))
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)
    required_for_completion = models.BooleanField(_("required for completion"), default=True)
    free_preview = models.BooleanField(
        _("free preview"), default=False, help_text=_("Anyone may read this lesson without enrolling.")
    )

    # The lesson's own settings sit on the first tab, above the body: "estimated minutes" feeds the course's
    # duration and was missed on the settings tab (#14).
    content_panels = [
        *Page.content_panels,
        FieldRowPanel(
            [
                FieldPanel("estimated_minutes"),
                FieldPanel("required_for_completion"),
                FieldPanel("free_preview"),
            ],
            heading=_("Lesson"),
        ),
        FieldPanel("body"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("body")]
    parent_page_types = ["cms.CoursePage", "cms.ModulePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @cached_property
    def course(self) -> "CoursePage | None":
        return CoursePage.objects.ancestor_of(self).first()

    def get_context(self, request, *args, **kwargs):
        from .selectors import lesson_navigation

        context = super().get_context(request, *args, **kwargs)
        context.update(lesson_navigation(lesson=self, request=request))
        context["lesson_has_media"] = any(child.get("type") == "media" for child in self.body.raw_data)
        if context["lesson_has_media"]:
            # Per-learner (resume position, watched share), rendered outside the body, which is the same for
            # every learner; lesson-media.js reads it.
            context["lesson_media_state"] = {
                "tracking": request.user.is_authenticated,
                "csrf": get_token(request),
                "media": lesson_watch_state(user=request.user, page=self),
            }
        return context


def validate_hotline(value: str) -> None:
    """A number people dial: digits with spaces, dots or dashes, an optional leading +."""
    if not re.fullmatch(r"\+?[0-9][0-9 .\-]{2,18}[0-9]", value or ""):
        raise ValidationError(_("Enter a phone number, for example 0276 3822 xxx or 1900 xxxx."))


def validate_zalo_url(value: str) -> None:
    """Only a Zalo address (zalo.me / oa.zalo.me): the footer must not become a link to anywhere."""
    host = (urlsplit(value).hostname or "").lower()
    if urlsplit(value).scheme != "https" or host not in {"zalo.me", "oa.zalo.me"}:
        raise ValidationError(_("Enter the https://zalo.me/… address of the Zalo official account."))


@register_setting(icon="mail")
class ContactSettings(BaseSiteSetting):
    """Where learners get help (hotline, email, Zalo official account, postal address).

    Shown in the site footer and on the "confirm your email" pages; trainers and administrators edit it under
    Settings in the Wagtail admin (``platform_setup`` grants the trainers' group the change permission).
    """

    unit_name = models.CharField(
        _("support unit"),
        max_length=255,
        blank=True,
        validators=[validate_single_line],
        help_text=_("Who answers, e.g. the Department of Science and Technology's support desk."),
    )
    hotline = models.CharField(_("hotline"), max_length=20, blank=True, validators=[validate_hotline])
    email = models.EmailField(_("support email"), blank=True)
    zalo_name = models.CharField(
        _("Zalo official account"), max_length=120, blank=True, validators=[validate_single_line]
    )
    zalo_url = models.URLField(_("Zalo official account link"), blank=True, validators=[validate_zalo_url])
    address = models.TextField(_("postal address"), blank=True, validators=[validate_multiline])
    office_hours = models.CharField(
        _("office hours"), max_length=255, blank=True, validators=[validate_single_line]
    )

    panels = [
        FieldPanel("unit_name"),
        FieldRowPanel([FieldPanel("hotline"), FieldPanel("email")]),
        FieldRowPanel([FieldPanel("zalo_name"), FieldPanel("zalo_url")]),
        FieldPanel("address"),
        FieldPanel("office_hours"),
    ]

    class Meta:
        verbose_name = _("contact for help")

    @property
    def hotline_href(self) -> str:
        return "tel:" + re.sub(r"[^0-9+]", "", self.hotline) if self.hotline else ""

    @property
    def is_set(self) -> bool:
        return any((self.hotline, self.email, self.zalo_url, self.address))
