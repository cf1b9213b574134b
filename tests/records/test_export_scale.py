"""The e-dossier export at scale: people and entries read side by side in a fixed number of queries, whatever
the number of officials (bench/records_export.py measures it on 100,000), with every entry on its person."""

import datetime as dt
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.models import ContentCategory
from records import dossier, selectors
from records.models import ExternalTraining
from reports import exports
from reports.selectors import ReportFilters

from ..factories import make_official
from .conftest import YEAR, class_completion, complete, local

pytestmark = pytest.mark.django_db


def _official_with_entries(rworld, unit, name: str, n: int):
    user = make_official(unit, user__full_name=name).user
    complete(user, rworld["course_a"], local(YEAR, 2, 1 + n % 20))
    ExternalTraining.objects.create(
        user=user,
        title=f"Bồi dưỡng bên ngoài {n}",
        provider="Sở Nội vụ",
        periods=4 + n,
        status="approved",
        content_category=ContentCategory.objects.get(code="VTVL"),
        starts_on=dt.date(YEAR, 3, 1),
        ends_on=dt.date(YEAR, 3, 2),
    )
    return user


def _queries_of_every_format(hr) -> tuple[dict[str, int], dict]:
    counts, document = {}, None
    for fmt in ("csv", "json", "xlsx"):
        spec = exports.export_spec(user=hr, report="training_record", filters=ReportFilters(year=YEAR))
        with CaptureQueriesContext(connection) as captured:
            if fmt == "csv":
                b"".join(exports.csv_chunks(spec))
            elif fmt == "json":
                document = json.loads(b"".join(exports.json_chunks(spec)))
            else:
                exports.write_xlsx(spec, io.BytesIO())
        counts[fmt] = len(captured.captured_queries)
    return counts, document


def test_record_export_query_count_does_not_grow_with_officials_or_entries(rworld):
    unit = rworld["tree"]["ptdt"]
    class_completion(rworld["an"], rworld["class"], local(YEAR, 1, 6))
    small, small_document = _queries_of_every_format(rworld["hr_sxd"])
    assert len(small_document["records"]) == 2
    for n in range(12):
        _official_with_entries(rworld, unit, f"Phạm Thị Mười {n}", n)
    large, large_document = _queries_of_every_format(rworld["hr_sxd"])
    assert len(large_document["records"]) == 14
    assert sum(len(p["trainings"]) for p in large_document["records"]) == 1 + 12 * 2
    assert large == small
    assert max(large.values()) <= 10


def test_people_and_entries_stay_together_across_cursor_chunks(rworld):
    """Chunks of two rows: every person keeps exactly their own entries, people with the same name too."""
    unit = rworld["tree"]["ptdt"]
    people = [_official_with_entries(rworld, unit, "Võ Văn Trùng", n) for n in range(3)]
    people += [_official_with_entries(rworld, unit, f"Đỗ Thị {n}", n + 3) for n in range(3)]
    complete(people[0], rworld["course_b"], local(YEAR, 4, 1))
    complete(people[1], rworld["course_b"], local(YEAR - 1, 4, 1))  # another year: not in the export
    profiles = dossier.dossier_people(reader=rworld["hr_sxd"])
    expected = selectors.record_entries(user_ids=[p.pk for p in people], year=YEAR)
    seen = {}
    for (user_id,), entries in selectors.record_entries_in_step(
        profiles=profiles, fields=("user_id",), year=YEAR, chunk_size=2
    ):
        seen[user_id] = entries
    assert list(seen) == list(profiles.order_by(*selectors.PERSON_ORDER).values_list("user_id", flat=True))
    for person in people:
        assert seen[person.pk] == expected[person.pk]
    assert len(seen[people[0].pk]) == 3
    assert seen[rworld["binh"].pk] == []


def test_entries_of_someone_outside_the_people_list_are_skipped_not_stalling_the_rest():
    stream = iter([(("1", 1), "a1"), (("15", 9), "orphan"), (("2", 2), "b1"), (("2", 2), "b2")])
    in_step = selectors._InStep(stream)
    assert in_step.take(("1", 1)) == ["a1"]
    assert in_step.take(("2", 2)) == ["b1", "b2"]
    assert in_step.take(("3", 3)) == []
