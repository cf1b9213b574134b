"""Trainers may change a live quiz: attempts already started keep the rules they started under, and every
change is logged with who made it and the value before and after."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from accounts import roles
from assessment import services as assessment_services
from assessment.models import AttemptQuestion, QuizAttempt, QuizChange
from courses import services

from ..auth import sign_in
from ..factories import ProfileFactory, make_question, make_quiz


@pytest.fixture
def enrolled(learner, course):
    return services.enrollment_create(user=learner, course=course)


@pytest.fixture
def live_quiz(course):
    """Two single-choice questions worth a point each; pass mark 50%."""
    return make_quiz(course, [make_question(qtype="single"), make_question(qtype="single")], pass_mark=50)


def _edit_url(quiz) -> str:
    return f"/admin/snippets/assessment/quiz/edit/{quiz.pk}/"


def _edit(client, quiz, *, pass_mark, keep_questions):
    """Post the quiz's admin form as a trainer would: new pass mark, pool cut to ``keep_questions``."""
    pool = list(quiz.pool.order_by("sort_order"))
    data = nested_form_data(
        {
            "title": quiz.title,
            "course": quiz.course_id,
            "lesson": "",
            "instructions": quiz.instructions,
            "is_final": "on" if quiz.is_final else "",
            "pass_mark": str(pass_mark),
            "time_limit_minutes": quiz.time_limit_minutes or "",
            "max_attempts": quiz.max_attempts or "",
            "questions_per_attempt": quiz.questions_per_attempt or "",
            "shuffle_choices": "on" if quiz.shuffle_choices else "",
            "closes_at": "",
            "review_marks": quiz.review_marks,
            "review_correctness": quiz.review_correctness,
            "review_right_answer": quiz.review_right_answer,
            "review_feedback": quiz.review_feedback,
            "pool": inline_formset(
                [
                    {
                        "id": item.pk,
                        "question": item.question_id,
                        "DELETE": "" if item.question_id in keep_questions else "1",
                    }
                    for item in pool
                ],
                initial=len(pool),
            ),
        }
    )
    return client.post(_edit_url(quiz), data)


def _half_right(attempt) -> dict:
    """The first question answered right, the second wrong: 50%."""
    rows = list(AttemptQuestion.objects.filter(attempt=attempt).order_by("question_id"))
    first, second = (row.question.choices.order_by("sort_order") for row in rows)
    return {
        rows[0].pk: {"selected": [first[0].pk]},  # "Đúng", full credit
        rows[1].pk: {"selected": [second[1].pk]},  # "Sai", no credit
    }


@pytest.mark.django_db
def test_an_attempt_under_way_is_graded_by_the_rules_it_started_with(
    staff_admin_client, learner, enrolled, live_quiz
):
    attempt = services.quiz_attempt_start(quiz=live_quiz, user=learner)
    assert attempt.pass_mark == 50
    first, _second = sorted(live_quiz.pool.values_list("question_id", flat=True))

    response = _edit(staff_admin_client, live_quiz, pass_mark=80, keep_questions={first})
    assert response.status_code == 302, response.content[:2000]
    live_quiz.refresh_from_db()
    assert live_quiz.pass_mark == 80
    assert list(live_quiz.pool.values_list("question_id", flat=True)) == [first]

    graded = assessment_services.quiz_attempt_submit(attempt=attempt, answers=_half_right(attempt))

    assert graded.status == QuizAttempt.Status.SUBMITTED
    assert graded.max_score == Decimal("2")  # both questions drawn at the start still count
    assert graded.percent == Decimal("50.00")
    assert graded.passed is True  # 50% passes the old mark of 50, not the new one of 80


@pytest.mark.django_db
def test_each_change_is_logged_with_who_and_the_old_and_new_values(staff_admin_client, live_quiz):
    first, second = sorted(live_quiz.pool.values_list("question_id", flat=True))

    _edit(staff_admin_client, live_quiz, pass_mark=80, keep_questions={first})

    changes = {c.field: c for c in QuizChange.objects.filter(quiz=live_quiz)}
    assert set(changes) == {"pass_mark", "pool"}
    assert (changes["pass_mark"].old_value, changes["pass_mark"].new_value) == ("50", "80")
    assert (changes["pool"].old_value, changes["pool"].new_value) == (f"{first}, {second}", str(first))
    assert {c.changed_by for c in changes.values()} == {staff_admin_client.user}


@pytest.mark.django_db
def test_saving_without_changes_logs_nothing(staff_admin_client, live_quiz):
    everything = set(live_quiz.pool.values_list("question_id", flat=True))

    _edit(staff_admin_client, live_quiz, pass_mark=50, keep_questions=everything)

    assert not QuizChange.objects.exists()


@pytest.mark.django_db
def test_an_attempt_started_after_the_change_uses_the_new_rules(
    staff_admin_client, learner, enrolled, live_quiz
):
    first, _second = sorted(live_quiz.pool.values_list("question_id", flat=True))
    _edit(staff_admin_client, live_quiz, pass_mark=80, keep_questions={first})
    live_quiz.refresh_from_db()  # as the next request would load it

    attempt = services.quiz_attempt_start(quiz=live_quiz, user=learner)
    row = AttemptQuestion.objects.get(attempt=attempt)
    wrong = row.question.choices.order_by("sort_order")[1]
    graded = assessment_services.quiz_attempt_submit(
        attempt=attempt, answers={row.pk: {"selected": [wrong.pk]}}
    )

    assert attempt.pass_mark == 80
    assert row.question_id == first
    assert graded.max_score == Decimal("1")
    assert graded.passed is False


@pytest.mark.django_db
def test_the_change_log_is_shown_read_only_to_trainers(client, staff_admin_client, live_quiz):
    _edit(
        staff_admin_client,
        live_quiz,
        pass_mark=80,
        keep_questions=set(live_quiz.pool.values_list("question_id", flat=True)),
    )
    change = QuizChange.objects.get()
    trainer = ProfileFactory().user
    trainer.groups.add(Group.objects.get(name=roles.TRAINERS))
    sign_in(client, trainer)

    listing = client.get("/admin/snippets/assessment/quizchange/")
    assert listing.status_code == 200
    assert "80" in listing.content.decode()
    assert client.get("/admin/snippets/assessment/quizchange/add/").status_code in (302, 403)
    assert client.get(f"/admin/snippets/assessment/quizchange/edit/{change.pk}/").status_code in (302, 403)
    assert client.get(f"/admin/snippets/assessment/quizchange/delete/{change.pk}/").status_code in (302, 403)
    # Not even a superuser may rewrite the log.
    assert staff_admin_client.get(f"/admin/snippets/assessment/quizchange/edit/{change.pk}/").status_code in (
        302,
        403,
    )
