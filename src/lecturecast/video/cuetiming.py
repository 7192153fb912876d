"""When each caption cue of a sentence starts and ends: at the voice, not at a character count.

A sentence longer than one cue is split (captions.split_text); its parts are timed against the
sentence's voiced spans (voice/align.py — where the synthesised audio actually has speech):

1. each part's share of the sentence is its share of the characters, counted over *voiced* time only
   (pauses take no characters), which gives an estimated boundary between two parts;
2. a pause (a gap between voiced spans of at least ``MIN_PAUSE``) within ``SNAP`` seconds of that
   estimate is where the break really is: the earlier cue ends where the pause starts and the next
   starts where the voice resumes;
3. the first part starts at the first voiced sample, the last ends at the last.

Without spans (a sentence given only start and end), parts share the time by characters.
"""
from __future__ import annotations

import bisect
from typing import Sequence

MIN_PAUSE = 0.1
SNAP = 0.45


def _voiced_time_to_clock(spans: Sequence[tuple[float, float]], voiced: float) -> float:
    for a, b in spans:
        if voiced <= b - a:
            return a + voiced
        voiced -= b - a
    return spans[-1][1]


def part_bounds(start: float, end: float, weights: Sequence[int],
                spans: Sequence[tuple[float, float]] = ()) -> list[tuple[float, float]]:
    """(start, end) of each part of a sentence spoken from ``start`` to ``end`` (see module doc)."""
    total = sum(weights) or 1
    cum = [sum(weights[:k]) / total for k in range(1, len(weights))]
    spans = [(max(a, start), min(b, end)) for a, b in spans if min(b, end) > max(a, start)]
    if not spans:
        cuts = [start + (end - start) * f for f in cum]
        points = [start, *cuts, end]
        return [(points[k], points[k + 1]) for k in range(len(weights))]
    voiced_total = sum(b - a for a, b in spans)
    pauses = [(spans[i][1], spans[i + 1][0]) for i in range(len(spans) - 1)
              if spans[i + 1][0] - spans[i][1] >= MIN_PAUSE]
    pause_mid = [(p[0] + p[1]) / 2 for p in pauses]
    bounds: list[tuple[float, float]] = []
    begin = spans[0][0]
    for f in cum:
        estimate = _voiced_time_to_clock(spans, f * voiced_total)
        best = None
        i = bisect.bisect_left(pause_mid, estimate)
        for j in (i - 1, i):
            if 0 <= j < len(pauses) and pauses[j][0] > begin:
                pa, pb = pauses[j]
                distance = 0.0 if pa <= estimate <= pb else min(abs(estimate - pa), abs(estimate - pb))
                if distance <= SNAP and (best is None or distance < best[0]):
                    best = (distance, pa, pb)
        if best is not None:
            cut_end, cut_start = best[1], best[2]
        else:
            cut_end = cut_start = max(begin, estimate)
        bounds.append((begin, cut_end))
        begin = cut_start
    bounds.append((begin, max(begin, spans[-1][1])))
    return bounds
