"""Second pass: turn classified lines into Sections → Segments → blocks, recording every line."""
from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Literal

from ...model import Block, BulletItem, Bullets, Cue, CueKind, SourceSpan, Speech, count_words, estimate_seconds
from .lines import QUOTES_CLOSE, QUOTES_OPEN, quote_balance, strip_markdown
from ..report import ImportReport, LineRecord
from .recognise import mode_cue_kind
from .scan import Scan
from .timex import strip_emoji, strip_times


@dataclass
class SegB:
    title: str | None
    clock: float | None = None
    duration: float | None = None
    blocks: list[Block] = field(default_factory=list)
    start: int = 0
    end: int = 0
    timestamp: bool = False  # opened by a timestamp line ("[00:12:30] …"): a chapter of a transcript


@dataclass
class SecB:
    title: str
    line: int
    segs: list[SegB] = field(default_factory=list)
    heading_line: int | None = None


class Assembler:
    def __init__(self, lines: list[str], sc: Scan, report: ImportReport, default_title: str):
        self.lines, self.sc, self.report = lines, sc, report
        self.original = list(lines)  # the text as read, for the report
        self.records: dict[int, LineRecord] = {}
        self.sections: list[SecB] = []
        self.title: str | None = None
        self.default_title = default_title
        self.meta_extra: dict[str, str] = {}
        self.pending_title: str | None = None
        self.pending_clock: tuple[float, float | None] | None = None
        self.force_section = False
        self.mode: str | None = None
        self.appendix_level: int | None = None
        self.appendix_name = ""
        self.speaker: str | None = None
        self.pending_speaker: str | None | Literal[False] = False
        self.in_quote = False
        self.para: list[str] = []
        self.para_start = 0
        self.para_speaker: str | None = None
        self.bullets: list[tuple[int, str]] = []
        self.indents: list[int] = []
        self.bullets_start = 0
        self.bullets_spoken = False
        self.bullets_ordered = False
        self.bullets_speaker: str | None = None
        self.cue_items: list[tuple[int, str]] = []
        self.blank = True
        self.prev_kind = ""
        self.skip_para: tuple[str, str] | None = None
        self.last_clock: float | None = None
        self.offset = 0.0
        self.clock_in_section = False
        self.references: list[str] = []
        self.seen_content = False
        self.part_titled = False
        self._last_closed = False
        self.pending_notes: list[Cue] = []
        self.pending_duration: float | None = None  # a section heading's "(30 seconds)", for its first segment
        self.heading: tuple[int, str] | None = None
        self.rest: str | None = None
        self.turn_lines: set[int] = set()  # lines where a speaker's turn starts (segments may split there)  # the rest of a line a rule claimed only the start of  # the current line as a heading (set by the rule loop)  # production notes seen before any segment holds narration

    # -- recording -------------------------------------------------------------------------------
    def rec(self, i: int, kind: str, used: bool = True, reason: str = "") -> None:
        self.records[i] = LineRecord(i + 1, self.original[i], kind, used, reason)

    # -- structure ---------------------------------------------------------------------------------
    def new_section(self, title: str, i: int, *, flush: bool = True) -> None:
        if flush:
            self.flush()
        self.sections.append(SecB(clean_title(title) or self.default_title, i + 1, heading_line=i))
        self.force_section = False
        self.pending_title = None
        self.pending_duration = None
        self.clock_in_section = False
        self.in_quote = False

    def seg(self, i: int) -> SegB:
        if self.force_section or not self.sections:
            self.new_section(self.pending_title or self.title or self.default_title, i, flush=False)
        sec = self.sections[-1]
        if not sec.segs:
            sec.segs.append(SegB(None, start=i + 1, end=i + 1))
            if self.pending_clock:
                sec.segs[-1].clock, end = self.pending_clock
                if end is not None:
                    sec.segs[-1].duration = end - sec.segs[-1].clock
                self.pending_clock = None
            if self.pending_duration:
                sec.segs[-1].duration = self.pending_duration
                self.pending_duration = None
        return sec.segs[-1]

    def new_segment(self, title: str | None, i: int) -> SegB:
        self.flush()
        if self.force_section or not self.sections:
            self.new_section(self.pending_title or self.title or self.default_title, i)
        sec = self.sections[-1]
        title = clean_title(title) if title else None
        if sec.segs and not sec.segs[-1].blocks and sec.segs[-1].clock is None:
            sec.segs[-1].title = title or sec.segs[-1].title  # empty placeholder: reuse it
            return sec.segs[-1]
        sec.segs.append(SegB(title, start=i + 1, end=i + 1))
        self.in_quote = False
        return sec.segs[-1]

    def add(self, block: Block, start: int, end: int) -> None:
        s = self.seg(start - 1)
        if self.pending_notes:
            s.blocks.extend(self.pending_notes)
            self.pending_notes = []
        s.blocks.append(block)
        s.end = max(s.end, end)
        self.seen_content = True

    def note(self, text: str, i: int, end: int | None = None) -> None:
        """Production material (a table row, a checklist item, a line under "Production Notes"): a note cue
        on the segment in progress, or on the next one that has narration.  Never a slide, never speech."""
        self.flush()
        text = " ".join(strip_markdown(text).split())
        last = end if end is not None else i
        if text:
            cue = Cue(CueKind.NOTE, text, source=SourceSpan(i + 1, last + 1))
            current = self.sections[-1].segs[-1] if self.sections and self.sections[-1].segs \
                and not self.force_section else None
            if current is not None and current.blocks:
                current.blocks.append(cue)
                current.end = max(current.end, last + 1)
            else:
                self.pending_notes.append(cue)
        for k in range(i, last + 1):
            if self.lines[k].strip() or self.original[k].strip():
                self.rec(k, "note")

    def set_clock(self, start: float, end: float | None, i: int, *, segment: SegB | None) -> None:
        adj = start + self.offset
        if self.last_clock is not None and adj < self.last_clock and not self.clock_in_section:
            prev = self.sections[-2].segs[-1] if len(self.sections) > 1 and self.sections[-2].segs else None
            prev_dur = (prev.duration if prev and prev.duration else
                        math.ceil(estimate_seconds(sum(count_words(b.text) for b in prev.blocks if isinstance(b, Speech)))) if prev else 0)
            new_offset = self.last_clock + (prev_dur or 0) - start
            self.report.notes.append(
                f"line {i + 1}: the clock restarts at {self.lines[i].strip()[:40]!r}; this part and later ones are "
                f"shifted by +{new_offset:g} s so the lecture clock keeps running forward")
            self.offset = new_offset
            adj = start + self.offset
        self.clock_in_section = True
        self.last_clock = adj
        if segment is None:
            self.pending_clock = (adj, end + self.offset if end is not None else None)
        else:
            segment.clock = adj
            if end is not None and end >= start:
                segment.duration = end - start

    # -- flushing --------------------------------------------------------------------------------
    def flush_para(self) -> None:
        if self.para:
            text = " ".join(" ".join(self.para).split())
            self.para = []
            if text:
                self.add(Speech(text, self.para_speaker, SourceSpan(self.para_start, self.para_end)), self.para_start,
                         self.para_end)
            self.para = []

    def flush_bullets(self) -> None:
        if self.bullets:
            norm: list[BulletItem] = []
            for lvl, t in self.bullets:
                if t:  # levels never jump by more than one (the canonical form cannot say that)
                    norm.append(BulletItem(t, min(lvl, norm[-1].level + 1 if norm else 0)))
            items = tuple(norm)
            self.bullets = []
            if items:
                self.add(Bullets(items, self.bullets_spoken, self.bullets_ordered,
                                 self.bullets_speaker if self.bullets_spoken else None,
                                 SourceSpan(self.bullets_start, self.bullets_end)), self.bullets_start, self.bullets_end)
            self.bullets = []
            self.indents = []
        if self.cue_items:
            cue_items, self.cue_items = self.cue_items, []
            for no, text in cue_items:
                self.add(Cue(mode_cue_kind(self.mode, text), text, source=SourceSpan(no, no)), no, no)
            self.cue_items = []

    def flush(self) -> None:
        self.flush_para()
        self.flush_bullets()

    # -- narration ---------------------------------------------------------------------------------
    def narration(self, text: str, i: int) -> None:
        t = strip_markdown(text)
        if not t:
            self.rec(i, "narration", False, "only markup, no words")
            return
        if self.para and not self.in_quote and t[0] in QUOTES_OPEN and self._last_closed:
            self.flush_para()  # one quoted line after another: separate paragraphs (form values, lists)
        if not self.para:
            self.flush_bullets()
            if self.pending_speaker is not False:
                self.speaker = self.pending_speaker
                self.pending_speaker = False
            self.para_start = i + 1
            self.para_speaker = self.speaker
        closed_here = False
        if not self.in_quote and t[0] in QUOTES_OPEN:
            t = t[1:].lstrip()
            self.in_quote = True
        if self.in_quote and quote_balance(t) % 2 == 1:
            if _endq(t):
                t = t[:-1].rstrip()
                closed_here = True
            self.in_quote = False
        self._last_closed = closed_here
        self.para.append(t)
        self.para_end = i + 1
        self.rec(i, "narration")

    def bullet(self, m: re.Match[str], i: int) -> None:
        indent = len(m.group(1).expandtabs(4))
        marker, text = m.group(2), strip_markdown(m.group(3))
        if self.in_quote and _endq(text) and quote_balance(text) % 2 == 1:
            text = text[:-1].rstrip()
            self.in_quote = False
            closing = True
        else:
            closing = False
        if self.mode in ("visual", "screen", "note"):
            if self.cue_items and indent > 0:
                no, prev = self.cue_items[-1]
                self.cue_items[-1] = (no, f"{prev}{' ' if prev.endswith(':') else '; '}{text}")
            else:
                self.flush_para()
                self.cue_items.append((i + 1, text))
            self.rec(i, "cue")
            return
        if not self.bullets:
            spoken = bool(self.para) or self.in_quote or closing
            if not spoken:
                seg = self.sections[-1].segs[-1] if self.sections and self.sections[-1].segs else None
                last = seg.blocks[-1] if seg and seg.blocks else None
                prose = self.sc.part_of[i] not in self.sc.part_has_labels
                spoken = (isinstance(last, Speech) and last.text.endswith(":")) or (prose and last is None)
            speaker = self.para_speaker if self.para else self.speaker
            self.flush_para()
            self.bullets_start = i + 1
            self.bullets_spoken = spoken
            self.bullets_speaker = speaker
            self.bullets_ordered = marker[0].isdigit()
            self.indents = [indent]
            level = 0
        else:
            while self.indents and indent < self.indents[-1]:
                self.indents.pop()
            if not self.indents or indent > self.indents[-1]:
                self.indents.append(indent)
            level = min(len(self.indents) - 1, self.bullets[-1][0] + 1)
        self.bullets.append((level, text))
        self.bullets_end = i + 1
        self.rec(i, "bullet")

    def continuation(self, text: str, i: int) -> bool:
        """A wrapped line directly under a bullet belongs to that bullet."""
        if self.bullets and not self.blank:
            lvl, prev = self.bullets[-1]
            t = strip_markdown(text)
            if self.in_quote and _endq(t) and quote_balance(t) % 2 == 1:
                t = t[:-1].rstrip()
                self.in_quote = False
            self.bullets[-1] = (lvl, f"{prev} {t}".strip())
            self.bullets_end = i + 1
            self.rec(i, "bullet")
            return True
        if self.cue_items and not self.blank:
            no, prev = self.cue_items[-1]
            self.cue_items[-1] = (no, f"{prev} {strip_markdown(text)}")
            self.rec(i, "cue")
            return True
        return False


_DIGIT = re.compile(r"\d")
# no leading \s*: a literal first character lets the regex engine skip to candidates (1 MB lines)
_ID_TAIL = re.compile(r"\{#[^{}]*\}\s*$")


def clean_title(title: str) -> str:
    """One line, single spaces, without time expressions (clocks, ranges, durations), emoji markers or '{#id}'."""
    title = " ".join(title.split())
    if "{" in title:
        title = _ID_TAIL.sub("", title).rstrip()
    if not title.isascii() or _DIGIT.search(title):  # only then can it hold emoji or times
        title = strip_times(strip_emoji(title))[0]
    return title.lstrip("\\").strip()


def _endq(text: str) -> bool:
    return bool(text) and text[-1] in QUOTES_CLOSE
