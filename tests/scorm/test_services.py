"""Unpacking a package and saving a learner's cmi commits (scorm.services)."""

from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.storage import storages

from courses.models import Enrollment, LessonProgress
from scorm import services
from scorm.models import ScormAttempt

from .packages import make_package, make_scorm_lesson, scorm_zip


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
