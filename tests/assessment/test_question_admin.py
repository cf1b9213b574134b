"""Trainers write questions in the admin: options are checked against the question type before anything is saved."""

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from assessment.models import Question, QuestionCategory

ADD_URL = "/admin/snippets/assessment/question/add/"


def _post(client, *, qtype="single", choices=(), pairs=()):
    category = QuestionCategory.objects.get_or_create(name="Quy hoạch", parent=None)[0]
    data = nested_form_data(
        {
            "category": category.pk,
            "type": qtype,
            "name": "Nơi tra cứu quy hoạch",
            "text": "Người dân tra cứu quy hoạch thửa đất ở đâu?",
            "points": "1",
            "feedback": "",
            "choices": inline_formset(
                [{"text": text, "fraction": fraction, "feedback": ""} for text, fraction in choices]
            ),
            "pairs": inline_formset([{"prompt": prompt, "answer": answer} for prompt, answer in pairs]),
        }
    )
    return client.post(ADD_URL, data)


@pytest.mark.django_db
def test_a_valid_single_choice_question_is_saved_with_its_options(staff_admin_client):
    response = _post(staff_admin_client, choices=[("Cổng thông tin quy hoạch", "1"), ("Mạng xã hội", "0")])

    assert response.status_code == 302
    question = Question.objects.get()
    assert [(c.text, c.fraction) for c in question.choices.order_by("sort_order")] == [
        ("Cổng thông tin quy hoạch", 1),
        ("Mạng xã hội", 0),
    ]


@pytest.mark.django_db
def test_a_matching_question_is_saved_with_its_pairs(staff_admin_client):
    response = _post(staff_admin_client, qtype="matching", pairs=[("Ếch", "lưỡng cư"), ("Mèo", "thú")])

    assert response.status_code == 302
    assert Question.objects.get().pairs.count() == 2


@pytest.mark.parametrize(
    ("qtype", "choices", "message"),
    [
        ("single", [("Cổng thông tin", "1")], "Vui lòng nhập ít nhất hai phương án."),
        ("single", [("A", "0.5"), ("B", "0.5")], "Phải có đúng một phương án được tính toàn bộ điểm (1)."),
        (
            "short",
            [("đô thị", "0")],
            "Vui lòng nhập ít nhất một đáp án được chấp nhận có tỷ lệ điểm lớn hơn 0.",
        ),
    ],
)
@pytest.mark.django_db
def test_options_that_do_not_fit_the_type_are_refused_and_nothing_is_saved(
    staff_admin_client, qtype, choices, message
):
    response = _post(staff_admin_client, qtype=qtype, choices=choices)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Question.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["tra cứu quy hoạch", "Quy hoạch", "x" * 5000, "đô\x01thị"])
def test_question_bank_search_answers_on_every_database(staff_admin_client, query):
    """Searching the question bank once failed on SQLite for every query; it must answer, never 500."""
    _post(staff_admin_client, choices=[("Cổng thông tin quy hoạch", "1"), ("Mạng xã hội", "0")])
    response = staff_admin_client.get("/admin/snippets/assessment/question/", {"q": query})
    assert response.status_code == 200
    if "oạch" in query:
        assert "Nơi tra cứu quy hoạch" in response.content.decode()
