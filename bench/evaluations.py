"""Evaluation reports (#17) as the answers pile up: queries and server time per report page.

Seeds, on a PostgreSQL database of its own (``lms_bench_evaluations``), one class of a course evaluated with
the default course form (8 scale, 1 single-choice, 1 multiple-choice, 1 free-text item) and answers it in
steps up to ``--answers`` submitted forms (bulk inserts shaped as ``evaluation_submit`` writes them: one
response, one row per answered item or chosen option, a comment on one form in three, one form in twenty
invalid). At each step it opens, as an administrator through the real views (Django test client): the
list (/quan-ly-dao-tao/danh-gia/), the class's report and its XLSX export, and prints for each the query count
and the median server time of ``--rounds``. The query count must not grow with the answers: the last line is
``queries constant: yes`` (exit 1 otherwise).
Run: .venv/bin/python bench/evaluations.py [--answers 10000] [--rounds 5]
"""

import argparse
import datetime
import os
import random
import sys

from _setup import django_on_postgres, timed_get

DATABASE = "lms_bench_evaluations"
STEPS = (100, 1_000, 10_000, 100_000)


def seed_world():
    """The class, its evaluation with the default course form, and an administrator (fresh every run)."""
    from django.utils import timezone

    from classes.models import TrainingClass
    from cms.models import CoursePage
    from cms.services import platform_setup
    from evaluations.models import Evaluation, EvaluationForm
    from tests.factories import UserFactory, make_course

    catalog = platform_setup()
    Evaluation.objects.filter(training_class__code="BENCH-DG").delete()
    TrainingClass.objects.filter(code="BENCH-DG").delete()
    course = CoursePage.objects.filter(slug="bench-danh-gia").first() or make_course(
        catalog, title="Khóa đo báo cáo đánh giá", slug="bench-danh-gia", for_officials=True
    )
    today = timezone.localdate()
    training_class = TrainingClass.objects.create(
        course=course,
        name="Lớp đo báo cáo đánh giá",
        code="BENCH-DG",
        starts_on=today - datetime.timedelta(days=10),
        ends_on=today - datetime.timedelta(days=1),
        status=TrainingClass.Status.FINISHED,
    )
    form = EvaluationForm.objects.get(kind="course", is_default=True)
    evaluation = Evaluation.objects.create(
        target=Evaluation.Target.CLASS, course=course, training_class=training_class, form=form
    )
    admin = UserFactory(is_superuser=True, is_staff=True)
    return evaluation, admin


def add_answers(evaluation, count: int, rng: random.Random) -> None:
    """``count`` more submitted forms, as ``evaluation_submit`` stores them (no person, month only)."""
    from evaluations.models import EvaluationAnswer, EvaluationItem, EvaluationResponse

    items = list(EvaluationItem.objects.filter(section__form=evaluation.form).order_by("pk"))
    counted = sum(item.counts_for_validity for item in items)
    period = datetime.date.today().replace(day=1)
    for start in range(0, count, 2_000):
        responses, answers = [], []
        for index in range(start, min(count, start + 2_000)):
            invalid = index % 20 == 0
            blank = 2 if invalid else 0
            response = EvaluationResponse(
                evaluation=evaluation,
                period=period,
                is_valid=not invalid,
                blank_items=blank,
                counted_items=counted,
            )
            responses.append(response)
            skipped = 0
            for item in items:
                if item.kind == EvaluationItem.Kind.SCALE:
                    if skipped < blank:
                        skipped += 1
                        continue
                    answers.append(EvaluationAnswer(response=response, item=item, score=rng.randint(5, 10)))
                elif item.kind == EvaluationItem.Kind.SINGLE:
                    answers.append(EvaluationAnswer(response=response, item=item, option=rng.randrange(3)))
                elif item.kind == EvaluationItem.Kind.MULTIPLE:
                    for option in rng.sample(range(len(item.option_list)), 2):
                        answers.append(EvaluationAnswer(response=response, item=item, option=option))
                elif index % 3 == 0:
                    answers.append(EvaluationAnswer(response=response, item=item, text=f"Góp ý số {index}"))
        EvaluationResponse.objects.bulk_create(responses, batch_size=2_000)
        EvaluationAnswer.objects.bulk_create(answers, batch_size=5_000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=10_000, help="submitted forms at the last step")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    django_on_postgres(DATABASE)
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.urls import reverse

    from evaluations.models import EvaluationAnswer
    from tests.auth import sign_in

    rng = random.Random(17)
    evaluation, admin = seed_world()
    client = sign_in(Client(), admin)
    pages = {
        "list": reverse("evaluation_staff:list"),
        "report": reverse("evaluation_staff:detail", args=[evaluation.pk]),
        "xlsx": reverse("evaluation_staff:export", args=[evaluation.pk]),
    }
    steps = [step for step in STEPS if step < args.answers] + [args.answers]
    have, counts = 0, {name: set() for name in pages}
    print(f"{'forms':>7} {'answer rows':>11} {'page':<7} {'queries':>7} {'ms (median)':>11} {'CPU ms':>7}")
    with override_settings(DEBUG=False):
        for step in steps:
            add_answers(evaluation, step - have, rng)
            have = step
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE evaluations_evaluationanswer, evaluations_evaluationresponse")
            rows = EvaluationAnswer.objects.filter(response__evaluation=evaluation).count()
            for name, url in pages.items():
                timed = timed_get(client, url, rounds=args.rounds)
                counts[name].add(timed.queries)
                print(
                    f"{step:>7} {rows:>11} {name:<7} {timed.queries:>7} {timed.wall_ms:>11.1f} {timed.cpu_ms:>7.1f}"
                )
    constant = all(len(seen) == 1 for seen in counts.values())
    print(f"load average: {os.getloadavg()[0]:.1f} (wall times are noisy under load; CPU ms less so)")
    print(f"queries constant: {'yes' if constant else 'no ' + str(counts)}")
    sys.exit(0 if constant else 1)


if __name__ == "__main__":
    main()
