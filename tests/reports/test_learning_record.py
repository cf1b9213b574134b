"""One learning record: the learner's page, the HR reports and the CSV export agree on every enrollment.

A matrix of enrollments (status x due date x required lessons done x final quiz) is built once; each row's
state, percent done and overdue flag are read back from the learner's "My courses" page, the HR learner
record page and figures, and the CSV export's bytes, and compared with the rule stated in
docs/decisions/0016-learning-record.md.
"""

import csv
import datetime as dt
import io
import itertools
import re
from collections import Counter

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from assessment.models import Quiz, QuizAttempt
from cms.models import LessonPage
from courses.models import Enrollment, LessonProgress
from courses.records import LearningState
from reports import exports, selectors
from reports.selectors import ReportFilters

from ..auth import sign_in
from ..factories import make_course, make_official

STATUSES = ["pending", "active", "completed", "withdrawn", "rejected"]
DUES = ["past", "future", "none"]
LESSONS = [0, 2, 3]  # of three required lessons: none, some (66 %, rounded down), all
QUIZ = ["none", "failed", "passed"]
REQUIRED = 3


def expected(status: str, due: str, lessons: int, quiz: str) -> tuple[str, int | None, bool]:
    """The rule, written out independently of courses.records: (state, percent done, overdue)."""
    late = due == "past"
    if status in ("pending", "rejected", "withdrawn", "completed"):
        state = status
    elif late:
        state = "overdue"
    elif lessons or quiz != "none":
        state = "studying"
    else:
        state = "not_started"
    percent = {"completed": 100, "active": 100 * lessons // REQUIRED}.get(status)
    return state, percent, late and status in ("pending", "active")


def _lesson(course, title: str, **fields) -> LessonPage:
    """A live lesson written straight into the tree (no revision: the matrix needs 36 of them, fast)."""
    course.refresh_from_db()
    return course.add_child(
        instance=LessonPage(title=title, slug=slugify(f"{course.slug}-{title}"), **fields)
    )


@pytest.fixture
def matrix(tree, catalog):
    """15 officials (status x due date) in 9 courses (lessons done x quiz): 135 enrollments, built once."""
    now = timezone.now()
    dues = {"past": now - dt.timedelta(days=3), "future": now + dt.timedelta(days=30), "none": None}
    courses = {}
    for lessons, quiz in itertools.product(LESSONS, QUIZ):
        course = make_course(
            catalog,
            title=f"Khóa {lessons}-{quiz}",
            completion_rule="lessons_and_quiz",
            for_officials=True,
            for_citizens=False,
        )
        lesson_pages = [_lesson(course, f"Bài {i}") for i in range(REQUIRED)]
        _lesson(course, "Tự chọn", required_for_completion=False)
        final = Quiz.objects.create(title=f"Kiểm tra {course.title}", course=course)
        courses[(lessons, quiz)] = (course, lesson_pages, final)
    learners, rows = {}, {}
    for number, (status, due) in enumerate(itertools.product(STATUSES, DUES)):
        profile = make_official(tree["ptdt"], user__full_name=f"Học viên {number:02d} {status} {due}")
        learners[(status, due)] = profile
        for (lessons, quiz), (course, lesson_pages, final) in courses.items():
            enrollment = Enrollment.objects.create(
                user=profile.user,
                course=course,
                status=status,
                enrolled_at=None if status in ("pending", "rejected") else now - dt.timedelta(days=20),
                completed_at=now - dt.timedelta(days=1) if status == "completed" else None,
                withdrawn_at=now - dt.timedelta(days=2) if status == "withdrawn" else None,
                due_at=dues[due],
            )
            LessonProgress.objects.bulk_create(
                LessonProgress(enrollment=enrollment, lesson=lesson, completed_at=now)
                for lesson in lesson_pages[:lessons]
            )
            if quiz != "none":
                QuizAttempt.objects.create(
                    quiz=final,
                    user=profile.user,
                    enrollment=enrollment,
                    number=1,
                    status=QuizAttempt.Status.SUBMITTED,
                    started_at=now - dt.timedelta(hours=2),
                    finished_at=now - dt.timedelta(hours=1),
                    percent=90 if quiz == "passed" else 20,
                    passed=quiz == "passed",
                )
            rows[(profile.user.email, course.title)] = expected(status, due, lessons, quiz)
    return {"learners": learners, "rows": rows}


LEARNER_ITEM = re.compile(
    r'<li class="enrollment-item( is-overdue)?" data-state="(\w+)">\s*<h2><a href="[^"]*">([^<]+)</a>'
    r'.*?<span class="badge badge-\w+">([^<]+)</span>'
    r'(?:.*?<progress max="100" value="(\d+)")?.*?</li>',
    re.S,
)
HR_ROW = re.compile(
    r'<tr( class="is-overdue")? data-state="(\w+)">\s*<th scope="row">([^<]+)</th>\s*<td>([^<·]+?)(?: · [^<]*)?</td>'
    r'.*?<td class="num">(\d+%|—)</td>',
    re.S,
)


def _found(source: dict, key, value, mismatches: list, where: str):
    if source.get(key) != value:
        mismatches.append(f"{where} {key}: expected {value}, got {source.get(key)}")


@pytest.mark.django_db
def test_learner_page_hr_report_and_csv_export_agree_on_every_enrollment(matrix, tree, hr_login, client):
    rows, learners = matrix["rows"], matrix["learners"]
    assert len(rows) == len(STATUSES) * len(DUES) * len(LESSONS) * len(QUIZ)
    labels = {value: str(label) for value, label in LearningState.choices}
    mismatches: list[str] = []

    # The learner's "My courses" page: the context the template uses and the HTML it renders.
    learner_client = Client()
    for profile in learners.values():
        sign_in(learner_client, profile.user)
        response = learner_client.get("/hoc-tap/")
        email = profile.user.email
        seen_context, seen_html = {}, {}
        for enrollment in response.context["enrollments"]:
            record = enrollment.record
            seen_context[(email, enrollment.course.title)] = (record.state, record.percent, record.overdue)
        for overdue, state, title, badge, percent in LEARNER_ITEM.findall(response.content.decode()):
            assert badge == labels[state]
            seen_html[(email, title)] = (state, int(percent) if percent else None, bool(overdue))
        for key, value in rows.items():
            if key[0] != email:
                continue
            if value[0] == "rejected":  # rejected requests are not on the learner's page
                assert key not in seen_context and key not in seen_html
                continue
            _found(seen_context, key, value, mismatches, "learner page context")
            _found(seen_html, key, value, mismatches, "learner page HTML")

    # The HR learner record page (context and HTML) and the HR figures (per learner and in total).
    hr = hr_login(tree["sxd"])
    for profile in learners.values():
        response = client.get(f"/quan-ly-dao-tao/hoc-vien/{profile.user.public_id}/")
        email = profile.user.email
        seen_context, seen_html = {}, {}
        for enrollment in response.context["enrollments"]:
            record = enrollment.record
            seen_context[(email, enrollment.course.title)] = (record.state, record.percent, record.overdue)
        for overdue, state, title, label, percent in HR_ROW.findall(response.content.decode()):
            assert label.strip() == labels[state]
            value = None if percent == "—" else int(percent.rstrip("%"))
            seen_html[(email, title)] = (state, value, bool(overdue))
        for key, value in rows.items():
            if key[0] == email and value[0] != "rejected":
                _found(seen_context, key, value, mismatches, "HR record context")
                _found(seen_html, key, value, mismatches, "HR record HTML")
    overdue_by_email = Counter(email for (email, _title), value in rows.items() if value[2])
    scope = selectors.report_scope(user=hr)
    profiles = selectors.with_counts(selectors.unit_learners(scope=scope, filters=ReportFilters()))
    for profile in profiles:
        if overdue_by_email[profile.user.email] != profile.counts.overdue:
            mismatches.append(f"HR learner figures {profile.user.email}: overdue {profile.counts.overdue}")
    report = selectors.completion_by_unit(user=hr, filters=ReportFilters())
    assert report.total.overdue == sum(overdue_by_email.values())
    assert report.total.completed == sum(value[0] == "completed" for value in rows.values())

    # The CSV export, as the HR manager downloads it, parsed back from its bytes.
    body = b"".join(client.get("/quan-ly-dao-tao/xuat-du-lieu/enrollments.csv").streaming_content)
    table = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    header = table[0]
    state_at, percent_at, overdue_at = (
        header.index(_("Learning state")),
        header.index(_("Progress (%)")),
        header.index(_("Overdue")),
    )
    by_label = {label: value for value, label in labels.items()}
    seen_csv = {
        (row[1], row[6]): (
            by_label[row[state_at]],
            int(row[percent_at]) if row[percent_at] else None,
            row[overdue_at] == _("Yes"),
        )
        for row in table[1:]
    }
    assert len(seen_csv) == len(rows)
    for key, value in rows.items():
        _found(seen_csv, key, value, mismatches, "CSV export")

    # On PostgreSQL the same file is written by COPY from SQL text cells: check those cells too.
    if connection.vendor == "postgresql":
        with translation.override("vi"):
            spec = exports.export_spec(user=hr, report="enrollments", filters=ReportFilters())
            cells = list(spec.sql_rows("csv"))
        columns = [str(column.header) for column in spec.columns]
        seen_sql = {
            (row[1], row[6]): (
                by_label[row[columns.index(_("Learning state"))]],
                row[columns.index(_("Progress (%)"))],
                row[columns.index(_("Overdue"))] == _("Yes"),
            )
            for row in cells
        }
        for key, value in rows.items():
            _found(seen_sql, key, value, mismatches, "COPY cells")

    assert not mismatches, "\n".join(mismatches)
