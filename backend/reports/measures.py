"""Exact statistics from the rollup's histograms (pure Python)."""

from collections.abc import Mapping


def percentile_disc(histogram: Mapping[int, int], percent: int) -> int | None:
    """PostgreSQL's `percentile_disc(percent / 100)` over the values the histogram counts:
    the smallest value whose cumulative share reaches `percent`. None for no values."""
    total = sum(histogram.values())
    if total <= 0:
        return None
    seen = 0
    for value in sorted(histogram):
        seen += histogram[value]
        if seen * 100 >= percent * total:
            return value
    return max(histogram)  # pragma: no cover (the loop always returns)
