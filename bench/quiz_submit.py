"""Quiz submission on PostgreSQL: server time and queries per submit for a 50-question attempt.

Each round starts an attempt, then POSTs the whole form (all 50 answers) to the attempt page, as a learner's
browser does; the view parses, stores and grades. Prints median and p95 time and the queries per submit,
for 10 and 50 questions to show that the query count does not grow with the number of questions.
Run: .venv/bin/python bench/quiz_submit.py [rounds]
"""

import statistics
import sys
import time

from _setup import django_on_postgres

ROUNDS = int(sys.argv[1]) if len(sys.argv) > 1 else 60


def main() -> None:
    django_on_postgres("lms_bench")
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from assessment.models import Question, QuizAttempt
    from cms.models import CatalogPage, CoursePage
    from courses import services
    from tests.factories import ProfileFactory, make_lesson, make_question, make_quiz

    catalog = CatalogPage.objects.get()
    course = CoursePage(
        title=f"Bench {time.time_ns()}",
        slug=f"bench-{time.time_ns()}",
        summary="Bench",
        track="planning",
        for_citizens=True,
    )
    catalog.add_child(instance=course)
    course.save_revision().publish()
    make_lesson(course, title="Bài")
    learner = ProfileFactory().user
    services.enrollment_create(user=learner, course=course)
    client = Client()
    client.force_login(learner)
    types = ["single", "multiple", "truefalse", "short", "matching"]

    def run(question_count: int) -> tuple[list[float], list[int]]:
        quiz = make_quiz(
            course,
            [make_question(qtype=types[i % 5]) for i in range(question_count)],
            title=f"Bench {question_count}",
        )
        times, queries = [], []
        for _ in range(ROUNDS):
            attempt = services.quiz_attempt_start(quiz=quiz, user=learner)
            form = {"action": "submit"}
            for row in attempt.questions.select_related("question"):
                q = row.question
                if q.type == Question.Type.SHORT:
                    form[f"q{row.pk}"] = "đô thị thông minh"
                elif q.type == Question.Type.MATCHING:
                    form.update({f"q{row.pk}_{p.pk}": p.answer for p in q.pairs.all() if p.prompt})
                else:
                    form[f"q{row.pk}"] = [str(c.pk) for c in q.choices.all() if c.fraction > 0]
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                response = client.post(f"/hoc-tap/lan-lam-bai/{attempt.public_id}/", form)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 302, response.status_code
            attempt.refresh_from_db()
            assert attempt.status == QuizAttempt.Status.SUBMITTED and attempt.percent == 100
            queries.append(len(captured.captured_queries))
        return times, queries

    for count in (10, 50):
        times, queries = run(count)
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        print(
            f"questions={count:>3} rounds={ROUNDS} median={statistics.median(times):.1f} ms "
            f"p95={p95:.1f} ms queries/submit={statistics.median(queries):.0f}"
        )


if __name__ == "__main__":
    main()
