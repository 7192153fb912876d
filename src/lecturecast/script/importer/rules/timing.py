"""The time rule: a line that starts with a clock, a clock range or a (escaped) bracketed timestamp.

``3:00`` / ``(1:30 - 2:45)`` alone on a line, or ``\\[00:12:30\\] **Sam:** …`` / ``[01:02] text`` before
text: a new segment starts at that clock (a transcript's timestamps are its segment boundaries and,
when the file has no headings, its chapters).  The text after the timestamp is read again by the rules
that follow this one (a speaker label, a cue, prose …).
"""
from __future__ import annotations

from ..assemble import Assembler
from ..timex import lead_timestamp


def timestamp(a: Assembler, i: int, s: str) -> int | None:
    found = lead_timestamp(s)
    if found is None:
        return None
    t, rest = found
    if t.start is None:  # no start time: not a clock this rule can place
        return None
    seg = a.new_segment(None, i)
    seg.timestamp = True
    a.set_clock(t.start, t.end, i, segment=seg)
    a.rec(i, "clock")
    if rest:
        a.rest = rest  # the rule loop reads the rest of the line with the rules after this one
    return i + 1
