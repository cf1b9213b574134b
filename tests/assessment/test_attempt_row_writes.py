"""The attempt's rows are written in one statement (``assessment.services._write_rows``, #20): every field
type it writes reads back as ``bulk_update`` would have stored it, on SQLite (``bulk_update``) and on
PostgreSQL (``UPDATE ... FROM (VALUES ...)``)."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessment import services
from assessment.models import AttemptQuestion
from courses import services as course_services

from ..factories import make_question, make_quiz

pytestmark = pytest.mark.django_db


def test_answers_and_scores_of_every_kind_are_written_in_one_statement(learner, course):
    course_services.enrollment_create(user=learner, course=course)
    quiz = make_quiz(course, [make_question() for _ in range(4)], title="Ghi một lần")
    attempt = course_services.quiz_attempt_start(quiz=quiz, user=learner)
    rows = list(AttemptQuestion.objects.filter(attempt=attempt).order_by("position"))
    when = timezone.now().replace(microsecond=0) - datetime.timedelta(minutes=3)
    values = [
        ([3, 1], "", {}, when, Decimal("1.50")),
        ([], "đô thị thông minh", {"7": "Hà Nội", "8": "Tây Ninh"}, when, Decimal("0.00")),
        ([], "", {}, None, None),
        ([42], 'it\'s "quoted"', {"1": ""}, when, Decimal("12.25")),
    ]
    for row, (selected, text, matches, answered_at, score) in zip(rows, values, strict=True):
        row.selected, row.text_answer, row.matches, row.answered_at, row.score = (
            selected,
            text,
            matches,
            answered_at,
            score,
        )
    untouched = AttemptQuestion.objects.exclude(attempt=attempt).count()

    with CaptureQueriesContext(connection) as queries:
        services._write_rows(rows, [*services.ANSWER_FIELDS, "score"])

    assert len(queries) == 1
    stored = list(AttemptQuestion.objects.filter(attempt=attempt).order_by("position"))
    assert [(r.selected, r.text_answer, r.matches, r.answered_at, r.score) for r in stored] == values
    assert [r.option_order for r in stored] == [r.option_order for r in rows]  # other fields kept
    assert AttemptQuestion.objects.exclude(attempt=attempt).count() == untouched


def test_writing_no_row_is_no_statement():
    with CaptureQueriesContext(connection) as queries:
        services._write_rows([], services.ANSWER_FIELDS)
    assert len(queries) == 0
