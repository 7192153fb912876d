"""Facts to verify: every sentence of a lecture that makes a checkable claim, placed in the script and
in the video.  The detection itself is :mod:`lecturecast.script.claims` (shared with lint's W-FACT)."""
from __future__ import annotations

from typing import Any

from ..model import Bullets, Lecture, Segment, Speech, count_words
from ..script.claims import find_claims
from .records import ClaimRow
from .timeline import Timeline


def _texts(segment: Segment) -> list[tuple[Any, str, bool]]:
    """(block, text, spoken) for every block whose words a student hears or reads."""
    out: list[tuple[Any, str, bool]] = []
    for block in segment.blocks:
        if isinstance(block, Speech):
            out.append((block, block.text, True))
        elif isinstance(block, Bullets):
            out += [(block, item.text, block.spoken) for item in block.items]
    return out


def claim_rows(lecture: Lecture, timeline: Timeline) -> list[ClaimRow]:
    """Claims in script order; ``where.at`` estimates when the sentence plays (by its words' position in
    the segment's narration, scaled to the segment's speech), or the segment start for shown text."""
    rows: list[ClaimRow] = []
    for number, seg in enumerate(lecture.segments, 1):
        total = max(1, seg.words)
        spoken_before = 0
        for block, text, spoken in _texts(seg):
            words_before = spoken_before
            for claim in find_claims(text):
                offset = text.find(claim.text)
                within = count_words(text[:offset]) if offset > 0 else 0
                fraction = (words_before + within) / total if spoken else 0.0
                span = block.source or seg.source
                line = span.start if span is not None else None
                rows.append(ClaimRow(timeline.where(seg, number, line, fraction), claim.text, claim.kinds,
                                     claim.evidence))
            if spoken:
                spoken_before += count_words(text)
    return rows
