"""Demo quizzes (from the catalogue content) and demo learners at different stages. Idempotent."""

from decimal import Decimal

from django.db import transaction

from accounts.models import User
from assessment import services as assessment_services
from assessment.models import Choice, MatchPair, Question, QuestionCategory, Quiz, QuizQuestion
from cms.models import CoursePage
from courses import services
from courses.models import Enrollment
from courses.selectors import course_lessons

from .content.catalogue import COURSES
from .video import demo_lesson_watched

TYPES = {
    "single": "single",
    "multiple": "multiple",
    "truefalse": "truefalse",
    "short": "short",
    "matching": "matching",
}


def _question(category: QuestionCategory, index: int, data: dict) -> Question:
    question = Question.objects.create(
        category=category,
        type=TYPES[data["type"]],
        name=f"{category.name[:200]} — câu {index}",
        text=data["text"],
        points=Decimal(1),
        feedback=data.get("feedback", ""),
    )
    if data["type"] in ("single", "multiple"):
        correct = set(data["correct"])
        share = Decimal(1) / len(correct)
        for i, text in enumerate(data["choices"]):
            Choice.objects.create(
                question=question, text=text, fraction=share if i in correct else 0, sort_order=i
            )
    elif data["type"] == "truefalse":
        Choice.objects.create(
            question=question, text="Đúng", fraction=1 if data["correct"] else 0, sort_order=0
        )
        Choice.objects.create(
            question=question, text="Sai", fraction=0 if data["correct"] else 1, sort_order=1
        )
    elif data["type"] == "short":
        for i, text in enumerate(data["answers"]):
            Choice.objects.create(question=question, text=text, fraction=1, sort_order=i)
    else:
        for i, (prompt, answer) in enumerate(data["pairs"]):
            MatchPair.objects.create(question=question, prompt=prompt, answer=answer, sort_order=i)
    return question


@transaction.atomic
def load_quizzes() -> list[Quiz]:
    quizzes = []
    for data in COURSES:
        course = CoursePage.objects.filter(slug=data["slug"]).first()
        if course is None:
            continue
        quiz = Quiz.objects.filter(course=course, is_final=True).first()
        if quiz is None:
            category, _created = QuestionCategory.objects.get_or_create(name=data["title"][:255], parent=None)
            quiz = Quiz.objects.create(
                title=f"Bài kiểm tra cuối khóa: {data['title']}"[:255],
                course=course,
                instructions="Chọn hoặc nhập câu trả lời cho từng câu hỏi, rồi bấm “Nộp bài”.",
                pass_mark=70,
                time_limit_minutes=20,
                max_attempts=3,
            )
            for i, item in enumerate(data["quiz"], start=1):
                QuizQuestion.objects.create(quiz=quiz, question=_question(category, i, item), sort_order=i)
        quizzes.append(quiz)
    return quizzes


def correct_answers(attempt) -> dict:
    """The right answer to every question of ``attempt`` (for demo learners who pass)."""
    answers = {}
    for row in attempt.questions.select_related("question").prefetch_related(
        "question__choices", "question__pairs"
    ):
        question = row.question
        if question.type == Question.Type.SHORT:
            answers[row.pk] = {"text": question.choices.all()[0].text}
        elif question.type == Question.Type.MATCHING:
            answers[row.pk] = {"matches": {str(p.pk): p.answer for p in question.pairs.all() if p.prompt}}
        else:
            answers[row.pk] = {"selected": [c.pk for c in question.choices.all() if c.fraction > 0]}
    return answers


# email -> [(course slug, lessons to complete: "all" or a count, quiz outcome: None | "pass" | "fail-then-pass")]
STAGES = {
    "canbo@dothithongminh.test": [
        ("gioi-thieu-do-thi-thong-minh", "all", "fail-then-pass"),
        ("bao-ve-du-lieu-ca-nhan-trong-dich-vu-so", "all", "pass"),
        ("ha-tang-so-va-du-lieu-do-thi", 2, None),
    ],
    "nguoidan@dothithongminh.test": [
        ("su-dung-dich-vu-cong-truc-tuyen", 1, None),
        ("ky-nang-so-va-an-toan-thong-tin", "all", "pass"),
    ],
    "doanhnghiep@dothithongminh.test": [
        ("chuyen-doi-so-doanh-nghiep-nho-va-vua", "all", "fail"),
    ],
    "canbo.khcn@dothithongminh.test": [
        ("quan-ly-cap-phep-xay-dung-truc-tuyen", 0, None),  # approval mode: a pending request
    ],
}


def load_learner_progress() -> int:
    """Put the demo learners at their stages through the same services learners use."""
    created = 0
    for email, plan in STAGES.items():
        user = User.objects.get(email=email)
        for slug, lessons, outcome in plan:
            course = CoursePage.objects.live().get(slug=slug)
            if Enrollment.objects.filter(user=user, course=course).exists():
                continue
            enrollment = services.enrollment_create(user=user, course=course)
            created += 1
            if not enrollment.is_studying:
                continue
            todo = list(course_lessons(course=course).defer("body"))
            for lesson in todo if lessons == "all" else todo[:lessons]:
                demo_lesson_watched(user=user, lesson=lesson)
                services.lesson_mark_complete(enrollment=enrollment, lesson=lesson)
            quiz = Quiz.objects.filter(course=course, is_final=True).first()
            if outcome and quiz:
                if outcome.startswith("fail"):
                    assessment_services.quiz_attempt_submit(
                        attempt=services.quiz_attempt_start(quiz=quiz, user=user)
                    )
                if outcome.endswith("pass"):
                    attempt = services.quiz_attempt_start(quiz=quiz, user=user)
                    assessment_services.quiz_attempt_submit(attempt=attempt, answers=correct_answers(attempt))
    return created
