"""Lint a lecture: timing, speakers, empty segments, stage directions that would be read aloud, claims
to fact-check.  ``lint(lecture, report=None) -> list[Finding]``; errors make ``lecturecast lint`` fail.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, Callable

from ..model import (Block, Bullets, Code, Lecture, Segment, Speech, estimate_seconds, format_clock,
                     words_that_fit)
from .claims import find_claims, sentences  # noqa: F401  (sentences: re-exported)
from .report import ImportReport

ERROR, WARNING, INFO = "error", "warning", "info"
_SEVERITY_ORDER = {ERROR: 0, WARNING: 1, INFO: 2}


@dataclass(frozen=True)
class Finding:
    severity: str  # error | warning | info
    path: str | None
    line: int | None
    code: str
    message: str

    def __str__(self) -> str:
        where = self.path or "<script>"
        if self.line is not None:
            where += f":{self.line}"
        return f"{where}: {self.severity} {self.code}: {self.message}"

    def as_dict(self) -> dict[str, Any]:
        return {"severity": self.severity, "path": self.path, "line": self.line, "code": self.code,
                "message": self.message}


_DIRECTIONS = (
    (re.compile(r"\([^()]{0,120}\b(?:appears?|on screen|cut to|fade|music|visuals?|pause|sound)\b[^()]{0,120}\)", re.I),
     "a stage direction in parentheses"),
    (re.compile(r"\[[^\[\]]{1,200}\]"), "text in [brackets]"),
    (re.compile(r"https?://\S+|www\.\S+", re.I), "a URL (hard to listen to)"),
    (re.compile(r"(?<![\w*#`|])[*#`|]++(?!\w)|\*\*|`"), "markdown symbols (*, #, `, |)"),  # one scan per run
    (re.compile(r"<[a-z/][^>]{0,40}>", re.I), "an HTML tag"),
)
LONG_RUN = 64  # characters without a space: longer than words of any language, so a voice would spell it out
LONG_SEGMENT_SECONDS = 15 * 60  # one segment that takes longer to say than this is a script accident
_LONG_RUN = re.compile(r"\S{%d,}" % (LONG_RUN + 1))
_URL = re.compile(r"^(?:https?://|www\.)", re.I)


def _line(block: Any, seg: Segment) -> int | None:
    src = getattr(block, "source", None) or seg.source
    return src.start if src else None


def _short(text: str, n: int = 90) -> str:
    text = text.strip()
    return text if len(text) <= n else text[: n - 1] + "…"


Add = Callable[[str, int | None, str, str], None]  # (severity, line, code, message)


def lint(lecture: Lecture, report: ImportReport | None = None) -> list[Finding]:
    path = lecture.path
    out: list[Finding] = []

    def add(sev: str, line: int | None, code: str, msg: str) -> None:
        out.append(Finding(sev, path, line, code, msg))

    segs = lecture.segments
    if not segs:
        add(ERROR, 1, "E-EMPTY", "the lecture has no segments with anything to say")
    voices = dict(lecture.meta.voices)
    seen_text: dict[str, int | None] = {}
    clocked = [s for s in segs if s.clock is not None]
    next_clock = {a.id: b.clock for a, b in zip(clocked, clocked[1:]) if b.clock is not None}
    prev: Segment | None = None  # the last segment with a clock
    for seg in segs:
        _segment_timing(seg, prev, next_clock.get(seg.id), lecture.meta.rate_wpm, add)
        if seg.clock is not None:
            prev = seg
        for block in seg.blocks:
            _block(block, _line(block, seg), voices, seen_text, add)
    if report is not None:
        _import_notes(report, add)
    out.sort(key=lambda f: (f.line if f.line is not None else math.inf, _SEVERITY_ORDER.get(f.severity, 3), f.code))
    return out


def _segment_timing(seg: Segment, prev: Segment | None, next_clock: float | None, wpm: int, add: Add) -> None:
    """A clock going backwards, narration that does not fit before the next clock (or in the segment's
    planned duration), a segment with nothing to say."""
    line = seg.source.start if seg.source else None
    if seg.clock is not None and prev is not None and prev.clock is not None and seg.clock < prev.clock:
        add(ERROR, line, "E-CLOCK", f"clock goes backwards: {format_clock(seg.clock)} comes after "
            f"{format_clock(prev.clock)} (segment '{prev.id}'); fix the times or remove one")
    words = seg.words
    need = estimate_seconds(words, wpm)
    room = None
    if seg.clock is not None and next_clock is not None:
        room = next_clock - seg.clock
        what = f"before the next clock {format_clock(next_clock)}"
    elif seg.duration:
        room = seg.duration
        what = f"in its planned {seg.duration:g} s"
    if room is not None and room >= 0 and need > room + 1.0:
        over = need - room
        cut = words - words_that_fit(room, wpm)
        add(WARNING, line, "W-FIT", f"segment '{seg.id}' has {words} words (~{need:.0f} s at {wpm} wpm) but only "
            f"{room:.0f} s {what}: {over:.0f} s too long; cut about {cut} words or move the clock")
    if need > LONG_SEGMENT_SECONDS:
        add(WARNING, line, "W-LONG", f"segment '{seg.id}' would take ~{need / 60:.0f} min to say at {wpm} wpm "
            f"(more than {LONG_SEGMENT_SECONDS // 60} min); split it into several segments")
    if words == 0:
        add(WARNING, line, "W-EMPTY", f"segment '{seg.id}' has nothing to say (only cues, code or shown text)")


def _block(block: Block, line: int | None, voices: dict[str, str], seen_text: dict[str, int | None],
           add: Add) -> None:
    """A speaker without a voice, unbalanced quotes, a repeated paragraph, unbroken runs, stage directions
    and facts in what is said, facts shown on a slide, a fence inside a spoken code block."""
    if isinstance(block, (Speech, Bullets)) and block.speaker and voices and block.speaker not in voices:
        add(ERROR, line, "E-SPEAKER", f"speaker '{block.speaker}' has no voice in the front matter "
            f"(voices: {', '.join(voices)}); add it under 'voices:' or fix the label")
    texts: list[str] = []
    if isinstance(block, Speech):
        texts = [block.text]
        q = block.text.count('"') + (block.text.count("“") + block.text.count("”"))
        if q % 2:
            add(WARNING, line, "W-QUOTE", f"unbalanced quotes in: {_short(block.text)!r}")
        key = re.sub(r"\W+", " ", block.text.casefold()).strip()
        if len(key) > 40 and key in seen_text:
            add(WARNING, line, "W-DUP", f"this paragraph repeats line {seen_text[key]}: {_short(block.text, 60)!r}")
        seen_text.setdefault(key, line)
    elif isinstance(block, Bullets):
        if block.spoken:
            texts = [item.text for item in block.items]
        else:  # shown on a slide: still worth a fact check
            for item in block.items:
                _facts(item.text, line, add)
    elif isinstance(block, Code) and block.spoken:
        texts = [block.text]
        if block.text.count("```"):
            add(WARNING, line, "W-FENCE", "a spoken code block contains ``` (unbalanced fence?)")
    for text in texts:
        _long_runs(text, line, add)
        if not isinstance(block, Code):
            _directions(text, line, add)
            _facts(text, line, add)


def _import_notes(report: ImportReport, add: Add) -> None:
    for note in report.notes:
        m = re.match(r"line (\d+): (.*)", note)
        add(INFO, int(m.group(1)) if m else None, "I-IMPORT", m.group(2) if m else note)
    for rec in report.unused:
        add(INFO, rec.line, "I-UNUSED", f"not used ({rec.kind}: {rec.reason}): {_short(rec.text, 70)!r}")


def _long_runs(text: str, line: int | None, add: Add) -> None:
    """An unbroken run far longer than any word is spelled out letter by letter (minutes for 5,000 chars)."""
    runs = [m.group(0) for m in _LONG_RUN.finditer(text) if not _URL.match(m.group(0))]
    if runs:
        longest = max(runs, key=len)
        more = f" (and {len(runs) - 1} more)" if len(runs) > 1 else ""
        add(WARNING, line, "W-LONGWORD", f"an unbroken run of {len(longest):,} characters would be read out letter by "
            f"letter: {_short(longest, 40)!r}{more}; break it up, or show it on a slide (cue or code block)")


def _directions(text: str, line: int | None, add: Add) -> None:
    for pattern, what in _DIRECTIONS:
        m = pattern.search(text)
        if m:
            add(WARNING, line, "W-SPOKEN", f"{what} would be read aloud: {_short(m.group(0), 60)!r}; "
                "put directions on their own line as a cue, e.g. [visual: …]")


def _facts(text: str, line: int | None, add: Add) -> None:
    for claim in find_claims(text):
        add(WARNING, line, "W-FACT", f"claim to verify — check {claim.describe()} against a reliable source: "
            f"{_short(claim.text, 110)!r}")


def has_errors(findings: list[Finding]) -> bool:
    return any(f.severity == ERROR for f in findings)
