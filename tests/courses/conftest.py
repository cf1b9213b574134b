import pytest

from accounts.models import Audience

from ..factories import ProfileFactory, make_course, make_lesson, make_question, make_quiz


@pytest.fixture
def learner(db):
    return ProfileFactory(audience=Audience.CITIZEN).user


@pytest.fixture
def course(catalog):
    course = make_course(
        catalog, title="Dịch vụ công trực tuyến", for_citizens=True, completion_rule="lessons_and_quiz"
    )
    course.lessons = [make_lesson(course, title=f"Bài {i}") for i in range(1, 3)]
    course.optional = make_lesson(course, title="Bài đọc thêm", required_for_completion=False)
    return course


@pytest.fixture
def quiz(course):
    questions = [make_question(qtype=t) for t in ("single", "multiple", "truefalse", "short", "matching")]
    return make_quiz(course, questions, pass_mark=60)
