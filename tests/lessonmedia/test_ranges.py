import pytest

from lessonmedia.ranges import ranges_clean, ranges_merge, ranges_subtract, ranges_total, ranges_truncate


def test_ranges_merge_joins_overlaps_and_keeps_gaps():
    assert ranges_merge([(5, 8), (0, 2), (1, 3), (8, 9)], gap=0) == [(0, 3), (5, 9)]
    assert ranges_total([(0, 2), (1, 3), (10, 11)]) == 4


def test_ranges_subtract_leaves_only_new_seconds():
    assert ranges_subtract([(0, 10)], [(2, 4), (6, 7)]) == [(0, 2), (4, 6), (7, 10)]
    assert ranges_subtract([(2, 3)], [(0, 10)]) == []


def test_ranges_truncate_keeps_the_earliest_seconds_within_budget():
    assert ranges_truncate([(10, 20), (0, 4)], budget=7) == [(0, 4), (10, 13)]
    assert ranges_truncate([(0, 4)], budget=0) == []


def test_ranges_clean_clips_to_duration_and_refuses_junk():
    assert ranges_clean([[0, 5], [18, 30]], duration=20) == [(0.0, 5.0), (18.0, 20.0)]
    for bad in (
        "0-5",
        [[5, 1]],
        [[0, "5"]],
        [[True, 3]],
        [[0, 1, 2]],
        [[-1, 2]],
        [[0, 1]] * 201,
        [[0, float("inf")]],
    ):
        with pytest.raises(ValueError):
            ranges_clean(bad, duration=20)
