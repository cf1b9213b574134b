"""Writing a quiz from its own screen (#14): new questions inline, bank questions several at once, and a
question file imported straight into the quiz. Attempts already graded never change."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from assessment import services as assessment_services
from assessment.models import AttemptQuestion, Question, QuestionCategory, QuizAttempt, QuizChange
from courses import services
from jobs.models import Job
from jobs.services import job_run

from ..factories import UserFactory, make_question, make_quiz

MOODLE = Path(__file__).parent / "fixtures" / "moodle"


def _edit_url(quiz) -> str:
    return f"/admin/snippets/assessment/quiz/edit/{quiz.pk}/"


def _options(rows):
    return {
        "count": len(rows),
        **{
            str(index): {
                "value": {"text": text, "correct": "on" if correct else ""},
                "deleted": "",
                "order": index,
                "id": "",
            }
            for index, (text, correct) in enumerate(rows)
        },
    }


def _new_question(text, rows, *, kind="choice", points="1"):
    return (
        "question",
        {"text": text, "kind": kind, "options": _options(rows), "points": points, "feedback": ""},
    )


def _post(client, quiz, new_questions):
    pool = list(quiz.pool.order_by("sort_order"))
    data = nested_form_data(
        {
            "title": quiz.title,
            "course": quiz.course_id,
            "lesson": "",
            "instructions": quiz.instructions,
            "is_final": "on" if quiz.is_final else "",
            "pass_mark": str(quiz.pass_mark),
            "time_limit_minutes": quiz.time_limit_minutes or "",
            "max_attempts": quiz.max_attempts or "",
            "questions_per_attempt": quiz.questions_per_attempt or "",
            "shuffle_choices": "on" if quiz.shuffle_choices else "",
            "review_marks": quiz.review_marks,
            "review_correctness": quiz.review_correctness,
            "review_right_answer": quiz.review_right_answer,
            "review_feedback": quiz.review_feedback,
            "pool": inline_formset(
                [{"id": item.pk, "question": item.question_id, "DELETE": ""} for item in pool],
                initial=len(pool),
            ),
            "new_questions": streamfield(new_questions),
        }
    )
    return client.post(_edit_url(quiz), data)


@pytest.mark.django_db
def test_questions_written_on_the_quiz_form_join_the_bank_and_the_pool(staff_admin_client, course, quiz):
    before = list(quiz.pool.order_by("sort_order").values_list("question_id", flat=True))
    response = _post(
        staff_admin_client,
        quiz,
        [
            _new_question(
                "Cổng dịch vụ công quốc gia là gì?",
                [("Một cổng trực tuyến", True), ("Một tòa nhà", False), ("", False)],
            ),
            _new_question(
                "Chọn các dịch vụ công trực tuyến",
                [("Khai sinh", True), ("Kết hôn", True), ("Đi chợ", False)],
            ),
            _new_question(
                "Viết tắt của dịch vụ công", [("DVC", False), ("dịch vụ công", False)], kind="short"
            ),
        ],
    )
    assert response.status_code == 302, response.content.decode()[:500]

    pool = list(quiz.pool.order_by("sort_order").select_related("question__category"))
    assert [item.question_id for item in pool[: len(before)]] == before
    new = [item.question for item in pool[len(before) :]]
    assert [question.type for question in new] == [
        Question.Type.SINGLE,
        Question.Type.MULTIPLE,
        Question.Type.SHORT,
    ]
    assert {question.category.path_label for question in new} == {course.title}
    single, multiple, short = new
    assert [(c.text, c.fraction) for c in single.choices.order_by("sort_order")] == [
        ("Một cổng trực tuyến", Decimal("1")),
        ("Một tòa nhà", Decimal("0")),
    ]
    assert [c.fraction for c in multiple.choices.order_by("sort_order")] == [
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("0"),
    ]
    assert [c.text for c in short.choices.all()] == ["DVC", "dịch vụ công"]
    change = QuizChange.objects.get(quiz=quiz, field="pool")
    assert change.new_value == ", ".join(str(pk) for pk in sorted([*before, *(q.pk for q in new)]))


@pytest.mark.django_db
def test_a_new_question_without_a_right_option_is_refused_and_nothing_is_written(staff_admin_client, quiz):
    questions, pool = Question.objects.count(), quiz.pool.count()
    response = _post(
        staff_admin_client,
        quiz,
        [
            _new_question("Câu đúng", [("A", True), ("B", False)]),
            _new_question("Câu thiếu đáp án", [("A", False), ("B", False)]),
        ],
    )
    assert response.status_code == 200
    error = response.context["form"].errors["new_questions"].as_data()[0]
    assert "Hãy đánh dấu ít nhất một phương án đúng." in json.dumps(error.as_json_data(), ensure_ascii=False)
    assert Question.objects.count() == questions and quiz.pool.count() == pool


@pytest.mark.django_db
def test_adding_questions_after_attempts_leaves_graded_attempts_as_they_were(
    staff_admin_client, learner, course, quiz
):
    services.enrollment_create(user=learner, course=course)
    attempt = services.quiz_attempt_start(quiz=quiz, user=learner)
    rows = list(AttemptQuestion.objects.filter(attempt=attempt))
    answers = {
        row.pk: {"selected": [choice.pk]}
        for row in rows
        if (choice := row.question.choices.order_by("sort_order").first()) is not None
    }
    attempt = assessment_services.quiz_attempt_submit(attempt=attempt, answers=answers)
    graded = (attempt.score, attempt.max_score, attempt.percent, attempt.passed)
    drawn = sorted(AttemptQuestion.objects.filter(attempt=attempt).values_list("question_id", "score"))

    assert (
        _post(
            staff_admin_client, quiz, [_new_question("Câu thêm sau", [("A", True), ("B", False)])]
        ).status_code
        == 302
    )

    attempt = QuizAttempt.objects.get(pk=attempt.pk)
    assert (attempt.score, attempt.max_score, attempt.percent, attempt.passed) == graded
    assert (
        sorted(AttemptQuestion.objects.filter(attempt=attempt).values_list("question_id", "score")) == drawn
    )


@pytest.mark.django_db
def test_attaching_bank_questions_skips_those_already_in_the_pool_and_logs_once(course):
    first, second, third = make_question(), make_question(), make_question()
    quiz = make_quiz(course, [first])
    by = UserFactory()
    added = assessment_services.quiz_questions_attach(
        quiz=quiz, question_ids=[first.pk, third.pk, second.pk, third.pk, 999_999], by=by
    )
    assert added == 2
    assert list(quiz.pool.order_by("sort_order").values_list("question_id", flat=True)) == [
        first.pk,
        third.pk,
        second.pk,
    ]
    change = QuizChange.objects.get(quiz=quiz)
    assert (change.field, change.changed_by, change.old_value) == ("pool", by, str(first.pk))
    assert assessment_services.quiz_questions_attach(quiz=quiz, question_ids=[first.pk], by=by) == 0
    assert QuizChange.objects.filter(quiz=quiz).count() == 1


@pytest.mark.django_db
def test_a_file_imported_from_the_quiz_screen_goes_into_the_bank_and_the_quiz(
    staff_admin_client, course, quiz
):
    url = f"/admin/bai-kiem-tra/{quiz.pk}/nhap-cau-hoi/"
    form = staff_admin_client.get(url)
    assert form.status_code == 200
    assert f'value="{course.title}"' in form.content.decode()  # the course's category by default
    before = quiz.pool.count()
    upload = SimpleUploadedFile("single.xml", (MOODLE / "multichoice-single.xml").read_bytes())
    response = staff_admin_client.post(url, {"file": upload, "category": course.title}, follow=True)
    body = response.content.decode()
    imported = Question.objects.filter(category__parent__name=course.title) | Question.objects.filter(
        category__name=course.title
    )
    added = quiz.pool.count() - before
    assert added > 0 and added == imported.distinct().count()
    assert f"Đã thêm {added} câu hỏi vào bài kiểm tra “{quiz.title}”." in body


@pytest.mark.django_db
def test_an_unreadable_file_imported_from_the_quiz_changes_nothing(staff_admin_client, quiz):
    before = (Question.objects.count(), quiz.pool.count())
    upload = SimpleUploadedFile("broken.xml", (MOODLE / "malformed.xml").read_bytes())
    response = staff_admin_client.post(f"/admin/bai-kiem-tra/{quiz.pk}/nhap-cau-hoi/", {"file": upload})
    assert response.status_code == 200
    assert "Không có câu hỏi nào được nhập." in response.content.decode()
    assert (Question.objects.count(), quiz.pool.count()) == before


@pytest.mark.django_db
@override_settings(LMS_IMPORT_BACKGROUND_BYTES=10)
def test_a_large_file_imported_from_the_quiz_is_attached_by_the_background_job(staff_admin_client, quiz):
    before = quiz.pool.count()
    upload = SimpleUploadedFile("single.xml", (MOODLE / "multichoice-single.xml").read_bytes())
    response = staff_admin_client.post(f"/admin/bai-kiem-tra/{quiz.pk}/nhap-cau-hoi/", {"file": upload})
    job = Job.objects.get()
    assert response.status_code == 302 and str(job.public_id) in response["Location"]
    assert job.parameters["quiz_id"] == quiz.pk
    if job.status != Job.Status.DONE:
        job = job_run(job_id=job.pk)
    assert job.result["attached"] == quiz.pool.count() - before > 0
    page = staff_admin_client.get(response["Location"]).content.decode()
    assert f"vào bài kiểm tra “{quiz.title}”" in page


@pytest.mark.django_db
def test_importing_into_a_quiz_needs_the_right_to_change_quizzes(client, quiz):
    from ..auth import sign_in

    learner = UserFactory()
    sign_in(client, learner)
    response = client.get(f"/admin/bai-kiem-tra/{quiz.pk}/nhap-cau-hoi/")
    assert response.status_code in (302, 403)
    assert Question.objects.filter(category__name=quiz.course.title).count() == 0


def _html(response) -> str:
    """The chooser's modal answers JSON holding the HTML; its results view answers HTML."""
    if response["Content-Type"].startswith("application/json"):
        return response.json()["html"]
    return response.content.decode()


@pytest.mark.django_db
def test_the_question_chooser_filters_by_category_and_words(staff_admin_client):
    law = QuestionCategory.objects.create(name="Pháp luật")
    sub = QuestionCategory.objects.create(name="Nghị định", parent=law)
    other = QuestionCategory.objects.create(name="Hạ tầng")
    in_law = make_question(law, name="Luật giao dịch điện tử")
    in_sub = make_question(sub, name="Nghị định 45 về thủ tục")
    elsewhere = make_question(other, name="Cáp quang thủ tục")
    url = "/admin/snippets/choose/assessment/question/"
    body = _html(staff_admin_client.get(url, {"multiple": "1", "category": law.pk}))
    assert in_law.name in body and in_sub.name in body and elsewhere.name not in body
    assert 'type="checkbox"' in body  # several at once
    body = _html(staff_admin_client.get(url + "results/", {"q": "thủ tục"}))
    assert in_sub.name in body and elsewhere.name in body and in_law.name not in body
