"""Opening, answering (anonymously, once), bad input, the certificate that waits, the one reminder."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from certificates.models import Certificate
from classes.models import ClassMember, TrainingClass
from evaluations import selectors, services, tasks
from evaluations.models import (
    ClassEvaluationSetting,
    CourseEvaluationSetting,
    Evaluation,
    EvaluationAnswer,
    EvaluationInvitation,
    EvaluationResponse,
)

from ..factories import ProfileFactory, make_course
from .conftest import answers, complete, invite, make_form

FULL = {"A": 8, "B": 9, "C": 7, "D": 1, "E": "Tốt"}


def _state():
    return (
        sorted(EvaluationInvitation.objects.values_list("pk", "answered")),
        EvaluationResponse.objects.count(),
        EvaluationAnswer.objects.count(),
    )


def test_answer_rows_carry_no_person_and_only_the_month(evaluation, form, official):
    invitation = invite(evaluation, official, opens=datetime.date(2026, 5, 10))
    response = services.evaluation_submit(
        invitation=invitation, user=official, data=answers(form, **FULL), today=datetime.date(2026, 5, 17)
    )
    fields = {
        field.name for model in (EvaluationResponse, EvaluationAnswer) for field in model._meta.get_fields()
    }
    assert not fields & {"user", "invitation", "created_at", "submitted_at", "updated_at"}
    assert response.period == datetime.date(2026, 5, 1) and response.is_valid
    assert isinstance(response.pk, type(EvaluationAnswer.objects.first().pk))  # random UUIDs, no sequence
    invitation.refresh_from_db()
    assert invitation.answered
    assert EvaluationAnswer.objects.filter(response=response).count() == 5


def test_second_submit_is_refused_and_changes_nothing(evaluation, form, official):
    invitation = invite(evaluation, official)
    services.evaluation_submit(invitation=invitation, user=official, data=answers(form, **FULL))
    before = _state()
    invitation = EvaluationInvitation.objects.get(pk=invitation.pk)
    invitation.answered = False  # a stale copy, as a second browser tab would hold
    with pytest.raises(services.EvaluationError, match="đã đánh giá"):
        services.evaluation_submit(invitation=invitation, user=official, data=answers(form, **FULL))
    assert _state() == before


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"A": 11}, "từ 1 đến 10"),
        ({"A": 0}, "từ 1 đến 10"),
        ({"A": "tám"}, "từ 1 đến 10"),
        ({"A": [8, 9]}, "từ 1 đến 10"),
        ({"D": 3}, "các lựa chọn"),
        ({"D": [0, 1]}, "chỉ được chọn một"),
    ],
)
def test_bad_values_are_refused_in_vietnamese_and_change_nothing(evaluation, form, official, values, message):
    invitation = invite(evaluation, official)
    before = _state()
    with pytest.raises(services.EvaluationError, match=message):
        services.evaluation_submit(
            invitation=invitation, user=official, data=answers(form, **{**FULL, **values})
        )
    assert _state() == before


def test_tampered_item_id_is_refused(evaluation, form, official):
    other = make_form(title="Phiếu khác")
    invitation = invite(evaluation, official)
    data = {**answers(form, **FULL), f"item-{other.items['A'].pk}": ["5"]}
    before = _state()
    with pytest.raises(services.EvaluationError, match="tải lại"):
        services.evaluation_submit(invitation=invitation, user=official, data=data)
    with pytest.raises(services.EvaluationError, match="tải lại"):
        services.evaluation_submit(invitation=invitation, user=official, data={"item-x": ["5"]})
    assert _state() == before


def test_answer_after_closing_or_by_someone_else_is_refused(evaluation, form, official):
    invitation = invite(
        evaluation, official, days=3, opens=timezone.localdate() - datetime.timedelta(days=10)
    )
    before = _state()
    with pytest.raises(services.EvaluationError, match="đã đóng"):
        services.evaluation_submit(invitation=invitation, user=official, data=answers(form, **FULL))
    with pytest.raises(services.EvaluationError, match="không phải của bạn"):
        services.evaluation_submit(invitation=invitation, user=ProfileFactory().user, data={})
    assert _state() == before


def test_view_shows_the_refusal_in_vietnamese_and_records_nothing(client, evaluation, form, official):
    client.force_login(official)
    invitation = invite(evaluation, official)
    url = f"/danh-gia/{invitation.pk}/"
    response = client.post(url, answers(form, **{**FULL, "A": 12}))
    assert response.status_code == 400
    assert "chọn điểm từ 1 đến 10" in response.content.decode()
    assert not EvaluationResponse.objects.exists()
    closed = invite(Evaluation.objects.create(target="course", course=evaluation.course, form=make_form()), official,
                    days=1, opens=timezone.localdate() - datetime.timedelta(days=5))  # fmt: skip
    response = client.post(f"/danh-gia/{closed.pk}/", {}, follow=True)
    assert "đã đóng" in response.content.decode() and not EvaluationResponse.objects.exists()
    assert client.get(f"/danh-gia/{invite(evaluation).pk}/").status_code == 404  # another person's


def test_completion_opens_the_course_form_for_the_set_time(required_course, official):
    complete(official, required_course)
    [invitation] = EvaluationInvitation.objects.filter(user=official)
    assert invitation.evaluation.target == "course"
    assert invitation.closes_on - invitation.opens_on == datetime.timedelta(days=10)


def test_certificate_waits_for_the_required_evaluation_then_follows(
    required_course, form, official, commit_hooks_run_at_commit
):
    enrollment = complete(official, required_course)
    assert not Certificate.objects.filter(enrollment=enrollment).exists()  # the issue task ran and waited
    assert selectors.certificate_waits_for_evaluation(enrollment=enrollment)
    invitation = EvaluationInvitation.objects.get(user=official)
    services.evaluation_submit(invitation=invitation, user=official, data=answers(form, **FULL))
    assert Certificate.objects.filter(enrollment=enrollment, revoked_at__isnull=True).count() == 1


def test_certificate_is_not_withheld_after_the_form_closed_unanswered(required_course, official):
    from certificates.services import certificates_reconcile

    enrollment = complete(official, required_course)
    EvaluationInvitation.objects.filter(user=official).update(
        opens_on=timezone.localdate() - datetime.timedelta(days=30),
        closes_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert not selectors.certificate_waits_for_evaluation(enrollment=enrollment)
    assert certificates_reconcile()["issued"] == 1


def test_course_without_a_required_evaluation_issues_at_once(course, form, official):
    CourseEvaluationSetting.objects.create(course=course, form=form)
    enrollment = complete(official, course)
    assert Certificate.objects.filter(enrollment=enrollment).exists()
    assert EvaluationInvitation.objects.filter(user=official).exists()


def test_class_end_opens_the_class_form_and_one_lecturer_form_per_trainer(
    course, form, tree, commit_hooks_run_at_commit
):
    from ..factories import make_official

    lecturer_form = make_form(kind="lecturer", title="Phiếu giảng viên")
    trainers = [ProfileFactory().user, ProfileFactory().user]
    members = [make_official(tree["ptdt"]).user for _ in range(3)]
    today = timezone.localdate()
    training_class = TrainingClass.objects.create(
        course=course, name="Lớp 1", code="DG-01", starts_on=today - datetime.timedelta(days=5),
        ends_on=today + datetime.timedelta(days=1), status=TrainingClass.Status.RUNNING,
    )  # fmt: skip
    training_class.trainers.add(*trainers)
    for user in members:
        ClassMember.objects.create(training_class=training_class, user=user, status="registered")
    ClassEvaluationSetting.objects.create(
        training_class=training_class, form=form, lecturer_form=lecturer_form
    )
    assert services.ended_class_evaluations_open() == 0  # not ended yet
    training_class.status = TrainingClass.Status.FINISHED
    training_class.save()
    assert services.class_evaluations_open(training_class=training_class) == 0  # opened by the save already
    targets = sorted(Evaluation.objects.values_list("target", "lecturer_id"), key=str)
    assert sorted(targets, key=str) == sorted(
        [("class", None), ("lecturer", trainers[0].pk), ("lecturer", trainers[1].pk)], key=str
    )
    assert EvaluationInvitation.objects.count() == 9
    assert services.ended_class_evaluations_open() == 0  # idempotent


def test_reminder_goes_out_once(evaluation, official, settings):
    old = timezone.localdate() - datetime.timedelta(days=settings.LMS_EVALUATION_REMINDER_AFTER_DAYS)
    invitation = invite(evaluation, official, opens=old)
    invite(evaluation, opens=timezone.localdate())  # opened today: not yet
    mail.outbox.clear()
    assert tasks.send_evaluation_reminders.call() == 1
    assert tasks.send_evaluation_reminders.call() == 0
    [message] = mail.outbox
    assert message.to == [official.email] and f"/danh-gia/{invitation.pk}/" in message.body


@pytest.mark.django_db(transaction=True)
def test_reminder_task_runs_on_the_real_worker(tmp_path, catalog, settings):
    from django.test import override_settings

    from lms.settings.base import tasks_settings

    from ..test_tasks_workers import run_worker, shared_database

    course = make_course(catalog, title="Khóa nhắc đánh giá")
    evaluation = Evaluation.objects.create(target="course", course=course, form=make_form())
    learner = ProfileFactory().user
    invite(evaluation, learner, opens=timezone.localdate() - datetime.timedelta(days=5))
    with override_settings(TASKS=tasks_settings("database", settings.TASK_QUEUES)):
        result = tasks.send_evaluation_reminders.enqueue()
        assert not EvaluationInvitation.objects.get(user=learner).reminded  # queued, not run
        with shared_database(tmp_path) as database_url:
            run_worker("database", database_url)
        result.refresh()
        assert result.status == "SUCCESSFUL", result.errors
        assert result.return_value == 1
    assert EvaluationInvitation.objects.get(user=learner).reminded


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_submits_record_one_answer(catalog):
    course = make_course(catalog, title="Khóa đồng thời")
    form = make_form()
    evaluation = Evaluation.objects.create(target="course", course=course, form=form)
    learner = ProfileFactory().user
    invitation = invite(evaluation, learner)
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait(30)
            services.evaluation_submit(
                invitation=EvaluationInvitation.objects.get(pk=invitation.pk),
                user=learner,
                data=answers(form, **FULL),
            )
            outcomes.append("recorded")
        except services.EvaluationError as error:
            outcomes.append(error.message)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert sorted(outcomes)[-1] == "recorded" and outcomes.count("recorded") == 1
    assert EvaluationResponse.objects.count() == 1
    assert EvaluationAnswer.objects.count() == 5


def test_personal_data_export_names_invitations_never_answers_and_erasure_keeps_answers(
    evaluation, form, official
):
    from evaluations.privacy import evaluations_record_erase, evaluations_record_of

    invitation = invite(evaluation, official)
    services.evaluation_submit(invitation=invitation, user=official, data=answers(form, **FULL))
    [row] = evaluations_record_of(user=official)["invitations"]
    assert row["answered"] is True and row["course"] == evaluation.course.title
    assert "Tốt" not in str(row)  # the free-text answer is nowhere in the person's data
    assert evaluations_record_erase(user=official) == {"evaluation_invitations": 1}
    assert EvaluationResponse.objects.count() == 1


def test_an_empty_submission_is_refused_and_leaves_the_answer_to_give(evaluation, form):
    invitation = invite(evaluation)
    with pytest.raises(services.EvaluationError, match=r"ít nhất một câu hỏi|at least one question"):
        services.evaluation_submit(
            invitation=invitation, user=invitation.user, data={f"item-{form.items['E'].pk}": ["  "]}
        )
    invitation.refresh_from_db()
    assert not invitation.answered
    assert not EvaluationResponse.objects.exists()
    services.evaluation_submit(invitation=invitation, user=invitation.user, data=answers(form, A=9))
    invitation.refresh_from_db()
    assert invitation.answered and EvaluationResponse.objects.get().is_valid is False  # 4 of 5 blank
