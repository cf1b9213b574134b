"""Unpacking a package and saving a learner's cmi commits (scorm.services)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages

from courses.models import Enrollment, LessonProgress
from scorm import services
from scorm.models import ScormAttempt

from .packages import make_package, make_scorm_lesson, scorm_2004_zip, scorm_zip


def _commit(world, **values):
    data = {"cmi.core.lesson_status": "incomplete", **values}
    return services.scorm_cmi_save(
        user=world["learner"], lesson=world["lesson"], package=world["package"], data=data
    )


def _done(world) -> bool:
    return LessonProgress.objects.filter(enrollment=world["enrollment"], lesson=world["lesson"]).exists()


@pytest.mark.django_db
def test_scorm_package_unpack_stores_files_privately_under_the_package_key():
    package = make_package(scorm_zip(title="Gói A"))
    storage = storages["scorm"]
    assert package.unpacked_at is not None
    assert sorted(package.files) == ["imsmanifest.xml", "index.html", "sco.js"]
    with storage.open(f"{package.key}/content/index.html") as handle:
        assert b"<h1>G\xc3\xb3i A</h1>" in handle.read()
    # The private root (never MEDIA_ROOT in base settings; the tests put both in one throw-away folder).
    assert Path(storage.location) == settings.PRIVATE_ROOT / "scorm"


@pytest.mark.django_db
def test_scorm_package_unpack_twice_extracts_once():
    package = make_package()
    first = package.unpacked_at
    assert services.scorm_package_unpack(package=package).unpacked_at == first


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["completed", "passed"])
def test_completed_or_passed_completes_the_lesson(scorm_world, status):
    attempt = _commit(scorm_world, **{"cmi.core.lesson_status": status})
    assert attempt.lesson_status == status
    assert _done(scorm_world)


@pytest.mark.django_db
def test_failed_does_not_complete_the_lesson(scorm_world):
    attempt = _commit(scorm_world, **{"cmi.core.lesson_status": "failed", "cmi.core.score.raw": "40"})
    assert attempt.lesson_status == "failed" and attempt.score_raw == Decimal("40.00")
    assert not _done(scorm_world)


@pytest.mark.django_db
def test_cmi_is_saved_and_a_later_commit_updates_the_same_row(scorm_world):
    _commit(
        scorm_world,
        **{
            "cmi.suspend_data": "buoc=1",
            "cmi.core.lesson_location": "trang-1",
            "cmi.core.session_time": "0000:01:30.00",
            "cmi.core.exit": "suspend",
            "cmi.interactions.0.id": "ignored",
        },
    )
    attempt = _commit(scorm_world, **{"cmi.suspend_data": "buoc=2", "cmi.core.total_time": "0000:03:00.00"})
    assert ScormAttempt.objects.count() == 1
    assert (attempt.suspend_data, attempt.lesson_location, attempt.exit) == ("buoc=2", "trang-1", "suspend")
    assert (attempt.session_time, attempt.total_time, attempt.commits) == (
        "0000:01:30.00",
        "0000:03:00.00",
        2,
    )


@pytest.mark.django_db
def test_the_last_lesson_completes_the_course(scorm_world):
    from courses import services as course_services

    course_services.lesson_mark_complete(
        enrollment=scorm_world["enrollment"], lesson=scorm_world["other_lesson"]
    )
    _commit(scorm_world, **{"cmi.core.lesson_status": "passed", "cmi.core.score.raw": "90"})
    scorm_world["enrollment"].refresh_from_db()
    assert scorm_world["enrollment"].status == Enrollment.Status.COMPLETED


@pytest.mark.django_db
@pytest.mark.parametrize(
    "values",
    [
        {"cmi.core.lesson_status": "done"},
        {"cmi.core.score.raw": "101"},
        {"cmi.core.score.raw": "NaN"},
        {"cmi.core.score.raw": "abc"},
        {"cmi.suspend_data": "x" * 4097},
        {"cmi.core.lesson_location": "x" * 256},
        {"cmi.core.exit": "away"},
        {"cmi.core.session_time": "1 hour"},
        {"cmi.suspend_data": ["list"]},
        {"cmi.suspend_data": "a\x00b"},
    ],
)
def test_invalid_cmi_values_are_refused_and_nothing_changes(scorm_world, values):
    _commit(scorm_world, **{"cmi.suspend_data": "buoc=1"})
    with pytest.raises(services.ScormError) as caught:
        _commit(
            scorm_world,
            **{**values, "cmi.core.lesson_status": values.get("cmi.core.lesson_status", "completed")},
        )
    assert caught.value.message
    attempt = ScormAttempt.objects.get()
    assert (attempt.suspend_data, attempt.lesson_status, attempt.commits) == ("buoc=1", "incomplete", 1)
    assert not _done(scorm_world)


@pytest.mark.django_db
def test_a_commit_from_someone_not_enrolled_is_kept_but_completes_nothing(scorm_world):
    attempt = services.scorm_cmi_save(
        user=scorm_world["other"],
        lesson=scorm_world["lesson"],
        package=scorm_world["package"],
        data={"cmi.core.lesson_status": "completed"},
    )
    assert attempt.user == scorm_world["other"]
    assert not LessonProgress.objects.filter(lesson=scorm_world["lesson"]).exists()


@pytest.mark.django_db
def test_the_same_package_in_two_lessons_keeps_two_records(scorm_world):
    second = make_scorm_lesson(scorm_world["course"], scorm_world["package"], title="Ôn tập")
    _commit(scorm_world, **{"cmi.suspend_data": "a"})
    services.scorm_cmi_save(
        user=scorm_world["learner"],
        lesson=second,
        package=scorm_world["package"],
        data={"cmi.suspend_data": "b"},
    )
    assert sorted(ScormAttempt.objects.values_list("suspend_data", flat=True)) == ["a", "b"]


# --- SCORM 2004, interactions and objectives --------------------------------------------------------


@pytest.fixture
def world_2004(scorm_world):
    package = make_package(scorm_2004_zip(), title="Gói SCORM 2004")
    lesson = make_scorm_lesson(scorm_world["course"], package, title="Bài SCORM 2004")
    return {**scorm_world, "package": package, "lesson": lesson}


def _commit_2004(world, data):
    return services.scorm_cmi_save(
        user=world["learner"], lesson=world["lesson"], package=world["package"], data=data
    )


@pytest.mark.django_db
def test_scorm_2004_statuses_score_and_times_are_mapped_and_complete_the_lesson(world_2004):
    assert world_2004["package"].version == "2004"
    attempt = _commit_2004(
        world_2004,
        {
            "cmi.completion_status": "incomplete",
            "cmi.location": "trang-3",
            "cmi.suspend_data": "x" * 10000,  # beyond SCORM 1.2's 4096, within 2004's 64000
            "cmi.session_time": "PT1M30S",
            "cmi.exit": "suspend",
        },
    )
    assert attempt.lesson_status == "incomplete" and not _done(world_2004)
    attempt = _commit_2004(
        world_2004,
        {"cmi.success_status": "passed", "cmi.score.scaled": "0.85", "cmi.score.raw": "85"},
    )
    attempt.refresh_from_db()
    # The completion of the first commit and the success of the second: the summary reads both.
    assert (attempt.completion_status, attempt.success_status, attempt.lesson_status) == (
        "incomplete",
        "passed",
        "passed",
    )
    assert attempt.score_scaled == Decimal("0.85") and attempt.score_raw == Decimal("85")
    assert (attempt.lesson_location, attempt.session_time, len(attempt.suspend_data)) == (
        "trang-3",
        "PT1M30S",
        10000,
    )
    assert _done(world_2004)


@pytest.mark.django_db
def test_scorm_2004_completed_without_success_completes_and_failed_does_not(world_2004):
    attempt = _commit_2004(world_2004, {"cmi.completion_status": "completed", "cmi.success_status": "failed"})
    assert attempt.lesson_status == "failed" and not _done(world_2004)
    attempt = _commit_2004(world_2004, {"cmi.success_status": "unknown"})
    assert attempt.lesson_status == "completed" and _done(world_2004)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {"cmi.completion_status": "done"},
        {"cmi.success_status": "maybe"},
        {"cmi.score.scaled": "1.5"},
        {"cmi.score.scaled": "NaN"},
        {"cmi.session_time": "0000:01:00.00"},  # a SCORM 1.2 timespan is not a 2004 duration
        {"cmi.exit": "quit"},
        {"cmi.suspend_data": "x" * 64001},
        {"cmi.location": "x" * 1001},
    ],
)
def test_scorm_2004_values_outside_its_vocabulary_are_refused_and_nothing_saved(world_2004, data):
    with pytest.raises(services.ScormError):
        _commit_2004(world_2004, data)
    assert not ScormAttempt.objects.exists()


@pytest.mark.django_db
def test_interactions_and_objectives_are_kept_merged_by_id_for_both_versions(scorm_world, world_2004):
    _commit(
        scorm_world,
        **{
            "cmi.interactions.0.id": "q1",
            "cmi.interactions.0.type": "choice",
            "cmi.interactions.0.student_response": "a",
            "cmi.interactions.0.correct_responses.0.pattern": "b",
            "cmi.interactions.0.result": "wrong",
            "cmi.interactions.0.secret_field": "dropped",
            "cmi.objectives.0.id": "o1",
            "cmi.objectives.0.status": "failed",
            "cmi.objectives.0.score.raw": "3",
        },
    )
    # A later session starts its interactions at 0 again: the same id is replaced, a new one added.
    attempt = _commit(
        scorm_world,
        **{
            "cmi.interactions.0.id": "q1",
            "cmi.interactions.0.student_response": "b",
            "cmi.interactions.0.result": "correct",
            "cmi.interactions.1.id": "q2",
            "cmi.interactions.1.result": "correct",
        },
    )
    assert [i["id"] for i in attempt.interactions] == ["q1", "q2"]
    first = attempt.interactions[0]
    assert (first["student_response"], first["result"], first["correct_responses"]) == ("b", "correct", ["b"])
    assert "secret_field" not in first
    assert attempt.objectives == [{"id": "o1", "status": "failed", "score_raw": "3"}]

    attempt = _commit_2004(
        world_2004,
        {
            "cmi.completion_status": "completed",
            "cmi.interactions.0.id": "cau-1",
            "cmi.interactions.0.learner_response": "b",
            "cmi.objectives.0.id": "muc-tieu-1",
            "cmi.objectives.0.success_status": "passed",
        },
    )
    assert attempt.interactions == [{"id": "cau-1", "learner_response": "b"}]
    assert attempt.objectives == [{"id": "muc-tieu-1", "success_status": "passed"}]


@pytest.mark.django_db
def test_interactions_over_the_bounds_are_truncated_with_a_log_never_refused(scorm_world, settings, caplog):
    settings.LMS_SCORM_MAX_INTERACTIONS = 3
    settings.LMS_SCORM_MAX_OBJECTIVES = 2
    settings.LMS_SCORM_MAX_RECORD_CHARS = 50
    data = {f"cmi.interactions.{n}.id": f"q{n}" for n in range(10)}
    data["cmi.interactions.0.student_response"] = "x" * 500
    data.update({f"cmi.objectives.{n}.id": f"o{n}" for n in range(5)})
    data["cmi.interactions.99999.id"] = "far"
    attempt = _commit(scorm_world, **data)
    assert [i["id"] for i in attempt.interactions] == ["q0", "q1", "q2"]
    assert attempt.interactions[0]["student_response"] == "x" * 50
    assert [o["id"] for o in attempt.objectives] == ["o0", "o1"]
    assert "were dropped" in caplog.text
    # Later sessions with new ids cannot grow the row past the limit either.
    attempt = _commit(scorm_world, **{f"cmi.interactions.{n}.id": f"r{n}" for n in range(3)})
    assert len(attempt.interactions) == 3 and "were not kept" in caplog.text
