"""The report pages' queries do not grow with the number of answers of the evaluation they show (the figure
bench/evaluations.py measures at 10,000 forms)."""

from django.urls import reverse
from django.utils import timezone

from classes.models import TrainingClass
from evaluations import services
from evaluations.models import Evaluation, EvaluationAnswer, EvaluationResponse

from ..auth import sign_in
from ..factories import UserFactory
from .conftest import answers, invite
from .test_scoring import VALID


def _more_answers(evaluation, form, count):
    """``count`` more valid forms as evaluation_submit stores them, inserted in bulk."""
    period = timezone.localdate().replace(day=1)
    responses = EvaluationResponse.objects.bulk_create(
        EvaluationResponse(
            evaluation=evaluation, period=period, is_valid=True, blank_items=0, counted_items=4
        )
        for _ in range(count)
    )
    rows = []
    for index, response in enumerate(responses):
        rows += [
            EvaluationAnswer(response=response, item=form.items["A"], score=1 + index % 10),
            EvaluationAnswer(response=response, item=form.items["B"], score=10 - index % 10),
            EvaluationAnswer(response=response, item=form.items["C"], score=5),
            EvaluationAnswer(response=response, item=form.items["D"], option=index % 3),
            EvaluationAnswer(response=response, item=form.items["E"], text=f"Ý kiến {index}"),
        ]
    EvaluationAnswer.objects.bulk_create(rows)


def test_report_pages_queries_do_not_grow_with_answers(
    client, course, form, tree, django_assert_max_num_queries
):
    from ..factories import make_official

    training_class = TrainingClass.objects.create(
        course=course,
        name="Lớp đo",
        code="DG-Q",
        starts_on=timezone.localdate(),
        ends_on=timezone.localdate(),
    )
    evaluation = Evaluation.objects.create(
        target="class", course=course, training_class=training_class, form=form
    )
    for row in VALID[:5]:
        invitation = invite(evaluation, make_official(tree["ptdt"]).user)
        services.evaluation_submit(invitation=invitation, user=invitation.user, data=answers(form, **row))
    sign_in(client, UserFactory(is_superuser=True, is_staff=True))
    urls = [
        reverse("evaluation_staff:list"),
        reverse("evaluation_staff:detail", args=[evaluation.pk]),
        reverse("evaluation_staff:export", args=[evaluation.pk]),
    ]
    baseline = {}
    for url in urls:
        client.get(url)
        with django_assert_max_num_queries(40) as captured:
            assert client.get(url).status_code == 200
        baseline[url] = len(captured)
    _more_answers(evaluation, form, 300)
    assert EvaluationResponse.objects.filter(evaluation=evaluation).count() == 305
    for url in urls:
        with django_assert_max_num_queries(baseline[url]) as captured:
            response = client.get(url)
        assert response.status_code == 200
        assert len(captured) == baseline[url], url
    page = client.get(urls[1]).content.decode()
    assert "Ý kiến 299" in page  # the new answers are read, not skipped
