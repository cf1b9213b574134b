"""The move of the question bank out of ``courses`` (#13) keeps the data where it is: a database at the
schema before the move, holding a quiz, an attempt and a group's question-bank permission, migrates and reads
back the same rows through ``assessment``, on the same content type (so permissions, revisions and logs
follow)."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from assessment.models import AttemptQuestion, Question, Quiz, QuizAttempt
from courses.models import Enrollment

from ..factories import ProfileFactory

BEFORE = [("courses", "0004_quiz_attempt_snapshot_and_change_log"), ("assessment", None)]


def _migrate(targets):
    MigrationExecutor(connection).migrate(targets)
    ContentType.objects.clear_cache()
    executor = MigrationExecutor(connection)  # a fresh loader sees what is applied now
    return executor.loader.project_state([target for target in targets if target[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_quiz_and_attempt_created_before_the_move_read_back_after_it(course):
    learner = ProfileFactory().user
    enrollment = Enrollment.objects.create(user=learner, course=course, status="active")
    old = _migrate(BEFORE)
    try:
        old_ct = old.get_model("contenttypes", "ContentType")
        quiz_type = old_ct.objects.get(app_label="courses", model="quiz")
        category = old.get_model("courses", "QuestionCategory").objects.create(name="Trước khi chuyển")
        question = old.get_model("courses", "Question").objects.create(
            category=category, type="single", name="Câu 1", text="Đô thị thông minh là gì?"
        )
        old.get_model("courses", "Choice").objects.create(
            question=question, text="Đúng", fraction=1, sort_order=0
        )
        quiz = old.get_model("courses", "Quiz").objects.create(title="Bài kiểm tra cũ", course_id=course.pk)
        old.get_model("courses", "QuizQuestion").objects.create(quiz=quiz, question=question, sort_order=0)
        attempt = old.get_model("courses", "QuizAttempt").objects.create(
            quiz=quiz,
            user_id=learner.pk,
            enrollment_id=enrollment.pk,
            number=1,
            status="submitted",
            started_at=timezone.now(),
            score=Decimal("1"),
            max_score=Decimal("1"),
            percent=Decimal("100"),
            passed=True,
        )
        old.get_model("courses", "AttemptQuestion").objects.create(
            attempt=attempt, question=question, position=1, selected=[1], score=Decimal("1")
        )
        group = old.get_model("auth", "Group").objects.create(name="Giảng viên cũ")
        group.permissions.add(
            old.get_model("auth", "Permission").objects.get(
                content_type__app_label="courses", codename="add_question"
            )
        )
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    moved = Quiz.objects.get(title="Bài kiểm tra cũ")
    assert moved.pk == quiz.pk and moved.course_id == course.pk
    assert [item.question.name for item in moved.pool.all()] == ["Câu 1"]
    assert [choice.text for choice in Question.objects.get(pk=question.pk).choices.all()] == ["Đúng"]
    read = QuizAttempt.objects.get(pk=attempt.pk)
    assert (read.enrollment, read.user, read.percent, read.passed) == (
        enrollment,
        learner,
        Decimal("100"),
        True,
    )
    assert AttemptQuestion.objects.get(attempt=read).selected == [1]
    assert ContentType.objects.get_for_model(Quiz).pk == quiz_type.pk
    assert not ContentType.objects.filter(app_label="courses", model__in=["quiz", "question"]).exists()
    member = ProfileFactory().user
    member.groups.add(Group.objects.get(name="Giảng viên cũ"))
    assert member.has_perm("assessment.add_question")


@pytest.mark.django_db(transaction=True)
def test_old_review_policy_becomes_review_options(course):
    """#14: "never" and "after the last attempt" keep their meaning for every part; "immediately" (the old
    default) becomes the safe default that keeps the right answers until no retake remains."""
    old = _migrate([("assessment", "0002_content_types_from_courses")])
    try:
        OldQuiz = old.get_model("assessment", "Quiz")
        for policy in ("never", "after_last", "immediately"):
            OldQuiz.objects.create(title=f"Cũ {policy}", course_id=course.pk, review_policy=policy)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    def options(policy):
        quiz = Quiz.objects.get(title=f"Cũ {policy}")
        return (quiz.review_marks, quiz.review_correctness, quiz.review_right_answer, quiz.review_feedback)

    assert options("never") == ("never",) * 4
    assert options("after_last") == ("later",) * 4
    assert options("immediately") == ("immediately", "immediately", "later", "later")
