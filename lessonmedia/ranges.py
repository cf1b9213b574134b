"""Watched time as sorted, disjoint ``[start, end]`` ranges of seconds (pure functions, no database)."""

Range = tuple[float, float]


def ranges_clean(raw, *, duration: float | None = None, limit: int = 200) -> list[Range]:
    """Parse ``[[start, end], ...]`` from a client: numbers only, start < end, clipped to ``[0, duration]``.

    Anything else (strings, NaN, reversed pairs, more than ``limit`` pairs) raises ValueError.
    """
    if not isinstance(raw, list) or len(raw) > limit:
        raise ValueError("ranges must be a list")
    cleaned = []
    for pair in raw:
        if not isinstance(pair, list | tuple) or len(pair) != 2:
            raise ValueError("a range is [start, end]")
        start, end = pair
        if any(isinstance(x, bool) or not isinstance(x, int | float) for x in (start, end)):
            raise ValueError("range bounds are numbers")
        if not (0 <= start <= end < 10**6):
            raise ValueError("range bounds out of order")
        if duration:
            start, end = min(start, duration), min(end, duration)
        if end > start:
            cleaned.append((float(start), float(end)))
    return cleaned


def ranges_merge(ranges: list[Range], *, gap: float = 0.5) -> list[Range]:
    """Union of ranges; neighbours closer than ``gap`` seconds join (the player reports in steps)."""
    merged: list[list[float]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1] + gap:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]


def ranges_total(ranges: list[Range]) -> float:
    return sum(end - start for start, end in ranges_merge(ranges, gap=0))


def ranges_subtract(ranges: list[Range], taken: list[Range]) -> list[Range]:
    """The parts of ``ranges`` not inside ``taken`` (both lists merged first)."""
    result = []
    taken = ranges_merge(taken, gap=0)
    for start, end in ranges_merge(ranges, gap=0):
        cursor = start
        for t_start, t_end in taken:
            if t_end <= cursor or t_start >= end:
                continue
            if t_start > cursor:
                result.append((cursor, t_start))
            cursor = max(cursor, t_end)
        if cursor < end:
            result.append((cursor, end))
    return result


def ranges_truncate(ranges: list[Range], *, budget: float) -> list[Range]:
    """The first ``budget`` seconds of ``ranges`` (in time order): what a report may add at most."""
    kept = []
    for start, end in sorted(ranges):
        if budget <= 0:
            break
        kept.append((start, min(end, start + budget)))
        budget -= kept[-1][1] - start
    return kept
