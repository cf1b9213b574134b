"""Reads of published course content. Each function issues a fixed number of queries."""

from django.db.models import Case, F, Func, IntegerField, OuterRef, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce, Length, Replace

from accounts.text import fold

from .caching import content_cached
from .models import CatalogPage, CoursePage, LessonPage, ModulePage

# Catalogue duration filter: estimated hours in [low, high).
DURATIONS = {"short": (None, 2), "medium": (2, 5), "long": (5, None)}
MAX_QUERY_TOKENS = 8
_AUDIENCE_FIELDS = {"official": "for_officials", "citizen": "for_citizens", "business": "for_businesses"}


def audience_filter(audience: str) -> Q:
    """Courses open to ``audience`` (an ``accounts.models.Audience`` value)."""
    return Q(**{_AUDIENCE_FIELDS[audience]: True})


def _lesson_aggregate(function: str, field: str) -> Coalesce:
    lessons = (
        LessonPage.objects.live()
        .filter(path__startswith=OuterRef("path"), depth__gt=OuterRef("depth"))
        .order_by()
        .values(total=Func(F(field), function=function))
    )
    return Coalesce(Subquery(lessons, output_field=IntegerField()), 0)


def published_courses() -> QuerySet[CoursePage]:
    """Live, public courses with their lesson count and total minutes, in one query."""
    return (
        CoursePage.objects.live()
        .public()
        .select_related("cover_image")
        .annotate(
            lesson_count=_lesson_aggregate("COUNT", "id"),
            total_minutes=_lesson_aggregate("SUM", "estimated_minutes"),
        )
    )


def catalog_courses(
    *,
    catalog: CatalogPage | None = None,
    query: str = "",
    track: str = "",
    audience: str = "",
    level: str = "",
    duration: str = "",
) -> QuerySet[CoursePage]:
    """Courses of the catalogue, filtered; with a query, ordered by relevance.

    Search folds accents and case on both sides and maps đ to d, so "do thi" finds "Đô thị" on
    SQLite and PostgreSQL alike. Every word of the query must start a word of the course's text;
    a title match ranks above a body match, and the whole phrase above scattered words.
    """
    courses = published_courses()
    if catalog is not None:
        courses = courses.child_of(catalog)
    if track:
        courses = courses.filter(track=track)
    if audience:
        courses = courses.filter(audience_filter(audience))
    if level:
        courses = courses.filter(level=level)
    if duration in DURATIONS:
        low, high = DURATIONS[duration]
        if low is not None:
            courses = courses.filter(estimated_hours__gte=low)
        if high is not None:
            courses = courses.filter(estimated_hours__lt=high)
    tokens = fold(query).split()[:MAX_QUERY_TOKENS]
    if not tokens:
        return courses.order_by("path")
    for token in tokens:
        courses = courses.filter(
            Q(search_document__contains=f" {token}") | Q(search_lessons__contains=f" {token}")
        )
    phrase = f" {' '.join(tokens)}"
    relevance = (
        _when(Q(search_title__startswith=phrase), 200)
        + _when(Q(search_title__contains=phrase), 100)
        + _when(Q(search_document__contains=phrase), 20)
        + _occurrences("search_lessons", phrase)
    )
    for token in tokens:
        relevance += _when(Q(search_title__contains=f" {token}"), 10)
    return courses.annotate(relevance=relevance).order_by("-relevance", "title")


def _when(condition: Q, points: int) -> Case:
    return Case(When(condition, then=Value(points)), default=Value(0))


def _occurrences(field: str, needle: str):
    """How many times ``needle`` occurs in ``field``, in portable SQL (SQLite and PostgreSQL)."""
    return (Length(field) - Length(Replace(F(field), Value(needle), Value("")))) / len(needle)


def featured_courses(*, limit: int = 6) -> list[CoursePage]:
    return list(published_courses().order_by("-first_published_at", "path")[:limit])


def course_outline(*, course: CoursePage, request=None) -> list[dict]:
    """Sections in page order: ``{"module": ModulePage | None, "lessons": [LessonPage, ...]}``.

    Lessons directly under the course form sections without a module. Cached until the content changes
    (``cms.caching``; ``request`` saves re-reading its generation); two queries to build.
    """
    if course.pk is None:  # the preview of a course not saved yet has no lessons
        return []
    return content_cached(f"outline:{course.pk}", lambda: _course_outline(course), request=request)


def _course_outline(course: CoursePage) -> list[dict]:
    modules = {m.path: m for m in ModulePage.objects.child_of(course).live().order_by("path")}
    lessons = LessonPage.objects.descendant_of(course).live().order_by("path").defer("body")
    sections: list[dict] = []
    for lesson in lessons:
        module = modules.get(lesson.path[: -LessonPage.steplen])
        if not sections or sections[-1]["module"] is not module:
            sections.append({"module": module, "lessons": []})
        sections[-1]["lessons"].append(lesson)
    return sections


def course_detail(*, course: CoursePage, request=None) -> dict:
    outline = course_outline(course=course, request=request)
    lessons = [lesson for section in outline for lesson in section["lessons"]]
    return {
        "outline": outline,
        "lessons": lessons,
        "lesson_count": len(lessons),
        "required_count": sum(1 for lesson in lessons if lesson.required_for_completion),
        "total_minutes": sum(lesson.estimated_minutes for lesson in lessons),
        **course_people(course=course, request=request),
    }


def course_people(*, course: CoursePage, request=None) -> dict:
    """The course's trainers (their names, sorted) and its live prerequisites (by title).

    Cached with the content (two queries per view otherwise): a course's save renews the generation, and
    ``cms.signals`` renews it when the relations or a trainer's name change. Previews are not cached: their
    relations are modelcluster's in-memory ones, read with ``.all()`` rather than queryset methods.
    """
    if course.pk is None or getattr(request, "is_preview", False):
        return _course_people(course)
    return content_cached(f"course-people:{course.pk}", lambda: _course_people(course), request=request)


def _course_people(course: CoursePage) -> dict:
    return {
        "trainers": sorted(user.full_name for user in course.trainers.all()),
        "prerequisite_courses": sorted(
            (c for c in course.prerequisites.all() if c.live), key=lambda c: c.title
        ),
    }


def lesson_navigation(*, lesson: LessonPage, request=None) -> dict:
    """The lesson's course, its outline (cached) and the previous and next lessons."""
    course = lesson.course
    outline = course_outline(course=course, request=request) if course else []
    lessons = [item for section in outline for item in section["lessons"]]
    index = next((i for i, item in enumerate(lessons) if item.pk == lesson.pk), None)
    return {
        "course": course,
        "outline": outline,
        "previous_lesson": lessons[index - 1] if index else None,
        "next_lesson": lessons[index + 1] if index is not None and index + 1 < len(lessons) else None,
        "lesson_position": (index + 1) if index is not None else None,
        "lesson_total": len(lessons),
    }


def catalog_page() -> CatalogPage | None:
    return CatalogPage.objects.live().first()
