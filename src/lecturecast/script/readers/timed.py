"""What the timed-text readers share: cues grouped into segments, and the lecture's meta from its timing."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...model import Block, Lecture, Meta, Section, Segment, SourceSpan, Speech
from ..language import detect_language, language_note
from ..report import ImportReport
from ..syntax import numbered_id

MIN_SEGMENT_SECONDS = 20.0  # a segment closes at a sentence end or a pause once it is this long …
MAX_SEGMENT_SECONDS = 60.0  # … and at the next cue once it is this long
PAUSE_SECONDS = 1.5  # a silence this long between cues is a pause
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”»')\]」』]{0,2}$")
_CJK = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uff00-\uffef]")


@dataclass(frozen=True)
class TimedText:
    start: float
    end: float
    text: str
    first_line: int  # 1-based
    last_line: int
    speaker: str | None = None


def join_text(left: str, right: str) -> str:
    """Re-flow two pieces of caption text: no space between CJK characters, one space otherwise."""
    left, right = left.strip(), right.strip()
    if not left or not right:
        return left or right
    if _CJK.match(left[-1]) or _CJK.match(right[0]):
        return left + right
    return f"{left} {right}"


def ends_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text.strip()) is not None


def group_segments(items: list[TimedText], title: str) -> tuple[Section, ...]:
    """Timed pieces → one section of segments of ~20–60 s, closed at sentence ends and pauses."""
    used: set[str] = set()
    segs: list[Segment] = []
    groups: list[list[TimedText]] = []
    buf: list[TimedText] = []
    for k, item in enumerate(items):
        buf.append(item)
        nxt = items[k + 1] if k + 1 < len(items) else None
        length = item.end - buf[0].start
        pause = nxt is not None and nxt.start - item.end >= PAUSE_SECONDS
        if nxt is None or length >= MAX_SEGMENT_SECONDS or \
                (length >= MIN_SEGMENT_SECONDS and (ends_sentence(item.text) or pause)):
            groups.append(buf)
            buf = []
    if len(groups) > 1 and groups[-1][-1].end - groups[-1][0].start < MIN_SEGMENT_SECONDS / 2 \
            and groups[-1][-1].end - groups[-2][0].start <= MAX_SEGMENT_SECONDS:
        groups[-2].extend(groups.pop())  # a short tail joins the segment before it
    for group in groups:
        segs.append(_segment(group, title, used))
    return (Section(title, tuple(segs), SourceSpan(1, 1)),) if segs else ()


def _segment(buf: list[TimedText], title: str, used: set[str]) -> Segment:
    blocks: list[Speech] = []
    text, speaker, first = "", buf[0].speaker, buf[0].first_line
    for item in buf:
        if item.speaker != speaker and text:
            blocks.append(Speech(text, speaker, SourceSpan(first, item.first_line - 1 if item.first_line > first else first)))
            text, first = "", item.first_line
        speaker = item.speaker
        text = join_text(text, item.text)
    blocks.append(Speech(text, speaker, SourceSpan(first, buf[-1].last_line)))
    span = SourceSpan(buf[0].first_line, buf[-1].last_line)
    start, end = buf[0].start, buf[-1].end
    return Segment(numbered_id(title, used), tuple(b for b in blocks if b.text), None, start, round(end - start, 3), span)


def timed_lecture(title: str, sections: tuple[Section, ...], report: ImportReport, path: str | None) -> Lecture:
    """The lecture of a timed text: its speaking rate measured from the timings, its language detected."""
    segs = [s for sec in sections for s in sec.segments if s.clock is not None and s.duration]
    words = sum(s.words for s in segs)
    seconds = ((segs[-1].clock or 0.0) + (segs[-1].duration or 0.0) - (segs[0].clock or 0.0)) if segs else 0.0
    sample = " ".join(s.narration for s in segs)[:100_000]
    language = detect_language(sample)
    if sample.strip():
        report.notes.append(language_note(language))
    rate = int(round(words * 60 / seconds)) if seconds > 0 and words > 0 else 150
    rate = min(max(rate, 60), 300)
    if rate != 150 and not _CJK.search(sample[:200]):  # CJK has no spaces: a words-per-minute rate means nothing
        report.notes.append(f"line 1: the timings give a speaking rate of {rate} words per minute; "
                            f"'rate: {rate}' was set in the front matter")
    else:
        rate = 150
    return Lecture(Meta(title=title, rate_wpm=rate, language=language), sections, (), path)
