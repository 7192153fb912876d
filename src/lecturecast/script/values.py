"""The values a lecture may hold, checked where scripts are read.

Times are kept to the millisecond and must be finite, non-negative and writable back as a clock
(at most 99:59:59.999); a cue lasts at most an hour.  Speaker names are what a ``Name:`` label can
say.  The canonical parser turns a bad value into a :class:`ScriptError` with its line; the importer
(messy input) drops or repairs it and says so in its report (:func:`repair_lecture`).
"""
from __future__ import annotations

import dataclasses
import math
import re

from ..model import Block, Bullets, Cue, Lecture, Meta, Segment, Speech
from .syntax import SECONDS_PREFIX, is_label

MAX_SECONDS = 99 * 3600 + 59 * 60 + 59.999  # 99:59:59.999, the longest clock the canonical syntax has
MAX_CUE_SECONDS = 3600.0

_NOT_NAME = re.compile(r"[^\w.'’ -]+")


def checked_seconds(value: float, limit: float = MAX_SECONDS) -> float | None:
    """``value`` rounded to the millisecond, or None when it is not a finite time in ``0..limit``."""
    if not math.isfinite(value) or value < 0 or value > limit:
        return None
    return round(value, 3) + 0.0


def is_speaker_name(name: str) -> bool:
    """True when ``Name:`` reads back as exactly this speaker."""
    m = is_label(name + ":")
    return m is not None and m.group(1) == name and " ".join(name.split()) == name


def repaired_name(name: str) -> str | None:
    """The closest name a label can carry (``'Dr: Who'`` → ``'Dr Who'``); None when nothing is left."""
    words = _NOT_NAME.sub(" ", name).split()
    while words and not words[0][:1].isalpha():
        words[0] = words[0][1:] or ""
        if not words[0]:
            words.pop(0)
    text = " ".join(words[:4])[:40].rstrip(" -")
    return text if text and is_speaker_name(text) else None


def repair_lecture(lecture: Lecture, notes: list[str]) -> Lecture:
    """Drop times that cannot be kept and repair speaker names, with one report note per change."""
    narrator = lecture.meta.narrator
    if not is_speaker_name(narrator):
        fixed = repaired_name(narrator) or Meta().narrator
        notes.append(f"line 1: the narrator name {narrator[:40]!r} cannot be written as a label; using {fixed!r}")
        narrator = fixed
    fixer = _Repair(narrator, notes)
    sections = tuple(dataclasses.replace(sec, segments=tuple(fixer.segment(seg) for seg in sec.segments))
                     for sec in lecture.sections)
    if not fixer.changed and narrator == lecture.meta.narrator:
        return lecture
    meta = dataclasses.replace(lecture.meta, narrator=narrator)
    return dataclasses.replace(lecture, meta=meta, sections=sections)


class _Repair:
    def __init__(self, narrator: str, notes: list[str]):
        self.narrator = narrator
        self.notes = notes
        self.changed = False

    def note(self, line: int | None, text: str) -> None:
        self.notes.append(f"line {line or 1}: {text}")
        self.changed = True

    def time(self, value: float | None, line: int | None, what: str, limit: float = MAX_SECONDS) -> float | None:
        if value is None:
            return None
        kept = checked_seconds(value, limit)
        if kept is None:
            why = "is negative (a range that ends before it starts?)" if value < 0 else "is not a usable time"
            self.note(line, f"the {what} {value:g} s {why}; it was dropped")
        elif kept != value:
            self.changed = True
        return kept

    def speaker(self, name: str | None, line: int | None) -> str | None:
        if name is None:
            return None
        if name.casefold() == self.narrator.casefold():
            self.changed = True  # the narrator by name: unlabelled narration
            return None
        if is_speaker_name(name):
            return name
        fixed = repaired_name(name)
        if fixed is not None and fixed.casefold() == self.narrator.casefold():
            fixed = None
        self.note(line, f"speaker {name[:40]!r} cannot be written as a 'Name:' label; it is now {fixed or self.narrator!r}")
        return fixed

    def segment(self, seg: Segment) -> Segment:
        line = seg.source.start if seg.source else None
        blocks = tuple(self.block(b, line) for b in seg.blocks)
        return dataclasses.replace(seg, blocks=blocks, clock=self.time(seg.clock, line, "clock"),
                                   duration=self.time(seg.duration, line, "duration"))

    def block(self, block: Block, seg_line: int | None) -> Block:
        line = block.source.start if block.source else seg_line
        if isinstance(block, Cue):
            lead = SECONDS_PREFIX.match(block.text) if block.seconds is None else None
            if lead:  # '[note: 5s]' is a 5-second note in the canonical format: say so in the model too
                block = dataclasses.replace(block, text=" ".join((lead.group(2) or "").split()),
                                            seconds=float(lead.group(1)))
                self.changed = True
            return dataclasses.replace(block, seconds=self.time(block.seconds, line, "cue length", MAX_CUE_SECONDS))
        if isinstance(block, (Speech, Bullets)) and block.speaker is not None:
            return dataclasses.replace(block, speaker=self.speaker(block.speaker, line))
        return block


__all__ = ["MAX_CUE_SECONDS", "MAX_SECONDS", "checked_seconds", "is_speaker_name", "repair_lecture",
           "repaired_name"]
