"""After the rules: give a long or untimed script its structure (on the builder records, before ids are made).

* :func:`timestamp_chapters` — a transcript without headings whose timestamps open segments: each
  timestamp starts a chapter (section), titled by its heading text or its first words;
* :func:`plan_from_durations` — segments with durations but no clocks get planned clocks (the clock of a
  segment is the sum of the durations before it), with a drift check against the speaking time;
* :func:`split_long_segments` — a segment with more than ~90 s of narration is split at speaker turns,
  else at paragraphs, else at sentence ends (a segment is the unit of slides, audio and captions).
"""
from __future__ import annotations

import re

from ...model import Block, Speech, count_words
from .assemble import SecB, SegB
from ..report import ImportReport

MAX_SEGMENT_SECONDS = 90.0
CHAPTER_WORDS = 7
_SENTENCE_END = re.compile(r"[.!?…。！？][\"”»')\]」』]{0,2}")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
CJK_CHARS_PER_SECOND = 6.0  # a planning constant for scripts without spaces (not measured)


def speaking_seconds(text: str, wpm: int) -> float:
    """Estimated speaking time: words at ``wpm``; scripts without spaces (CJK) by characters."""
    cjk = 0 if text.isascii() else len(_CJK.findall(text))
    if cjk > len(text) * 0.3:
        return cjk / CJK_CHARS_PER_SECOND
    return count_words(text) * 60.0 / max(wpm, 1)


def _block_text(block: Block) -> str:
    if isinstance(block, Speech):
        return block.text
    spoken = getattr(block, "spoken", False)
    items = getattr(block, "items", None)
    if spoken and items is not None:
        return " ".join(it.text for it in items)
    return block.text if spoken and hasattr(block, "text") else ""


def timestamp_chapters(sections: list[SecB], report: ImportReport) -> list[SecB]:
    """One section whose segments were opened by three or more timestamps: one chapter per timestamp."""
    if len(sections) != 1 or sum(1 for s in sections[0].segs if s.timestamp) < 3:
        return sections
    out: list[SecB] = []
    for seg in sections[0].segs:
        if seg.timestamp or not out:
            title = seg.title or _first_words(seg) or sections[0].title
            out.append(SecB(title, seg.start))
        out[-1].segs.append(seg)
    report.notes.append(f"line {sections[0].line}: {len(out)} chapters made from the timestamps "
                        "(each timestamp starts a chapter; rename them in the canonical file)")
    return out


def _first_words(seg: SegB) -> str:
    text = next((_block_text(b) for b in seg.blocks if _block_text(b)), "")
    if not text:
        return ""
    if _CJK.search(text[:20]):
        first = re.split(r"[。！？、,.!?]", text, maxsplit=1)[0]
        return first[:16] + ("…" if len(first) > 16 else "")
    words = text.split()
    return " ".join(words[:CHAPTER_WORDS]).rstrip(",;:.") + ("…" if len(words) > CHAPTER_WORDS else "")


def plan_from_durations(sections: list[SecB], wpm: int, report: ImportReport) -> None:
    """Clocks from durations when the script gives durations but no clocks; note a drift from the speech."""
    segs = [s for sec in sections for s in sec.segs if s.blocks]
    if not segs or any(s.clock is not None for s in segs):
        return
    timed = [s for s in segs if s.duration]
    if len(timed) * 2 < len(segs):
        return
    clock, planned, spoken = 0.0, 0.0, 0.0
    for s in segs:
        s.clock = round(clock, 3)
        need = speaking_seconds(" ".join(_block_text(b) for b in s.blocks), wpm)
        clock += s.duration or need
        planned += s.duration or 0.0
        spoken += need if s.duration else 0.0
    note = (f"line {segs[0].start}: clocks planned from the durations (each segment starts at the sum of the "
            f"durations before it; {len(timed)} of {len(segs)} segments give one)")
    if planned and abs(spoken - planned) > 0.15 * planned:
        note += (f"; drift: the durations add up to {planned:.0f} s but their narration needs about {spoken:.0f} s "
                 f"at {wpm} words per minute")
    report.notes.append(note)


def split_long_segments(sections: list[SecB], turn_lines: set[int], wpm: int, report: ImportReport) -> None:
    """Split segments holding more than ~90 s of narration, at the best boundaries the script gives."""
    split = 0
    for sec in sections:
        new: list[SegB] = []
        for seg in sec.segs:
            parts = _split(seg, turn_lines, wpm)
            split += len(parts) > 1
            new.extend(parts)
        sec.segs = new
    if split:
        report.notes.append(f"line 1: {split} segment(s) with more than {MAX_SEGMENT_SECONDS:.0f} s of narration "
                            "were split at speaker turns, paragraphs or sentence ends")


def _split(seg: SegB, turn_lines: set[int], wpm: int) -> list[SegB]:
    seconds = [speaking_seconds(_block_text(b), wpm) for b in seg.blocks]
    if sum(seconds) <= MAX_SEGMENT_SECONDS:
        return [seg]
    blocks = _sentence_pieces(seg.blocks, wpm)
    seconds = [speaking_seconds(_block_text(b), wpm) for b in blocks]
    chunks: list[list[Block]] = [[]]
    used = 0.0
    for block, secs in zip(blocks, seconds):
        turn = isinstance(block, Speech) and block.source is not None and block.source.start - 1 in turn_lines
        spoken_here = used > 0
        if spoken_here and (used + secs > MAX_SEGMENT_SECONDS or (turn and used >= MAX_SEGMENT_SECONDS / 2)):
            chunks.append([])
            used = 0.0
        chunks[-1].append(block)
        used += secs
    if len(chunks) == 1:
        return [seg]
    out = []
    for k, chunk in enumerate(chunks):
        spans = [s for s in (getattr(b, "source", None) for b in chunk) if s is not None]
        start = min((s.start for s in spans), default=seg.start)
        end = max((s.end for s in spans), default=seg.end)
        out.append(SegB(seg.title if k == 0 else None, seg.clock if k == 0 else None, None, list(chunk),
                        start, end, seg.timestamp and k == 0))
    return out


def _sentence_pieces(blocks: list[Block], wpm: int) -> list[Block]:
    """A single paragraph longer than a segment may hold is cut at sentence ends (same speaker, same lines)."""
    out: list[Block] = []
    for block in blocks:
        if not isinstance(block, Speech) or speaking_seconds(block.text, wpm) <= MAX_SEGMENT_SECONDS:
            out.append(block)
            continue
        piece = ""
        for sentence in sentences(block.text):
            joined = _join(piece, sentence)
            if piece and speaking_seconds(joined, wpm) > MAX_SEGMENT_SECONDS * 0.66:
                out.append(Speech(piece, block.speaker, block.source))
                joined = sentence.strip()
            piece = joined
        if piece:
            out.append(Speech(piece, block.speaker, block.source))
    return out


def sentences(text: str) -> list[str]:
    """Sentences of a paragraph: cut after . ! ? … (and closing quotes) before a space, or after 。！？."""
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        end = m.end()
        if m.group()[0] in "。！？" or end == len(text) or text[end].isspace():
            if text[start:end].strip():
                out.append(text[start:end].strip())
            start = end
    if text[start:].strip():
        out.append(text[start:].strip())
    return out


def _join(a: str, b: str) -> str:
    b = b.strip()
    if not a:
        return b
    return a + b if _CJK.match(b[:1] or " ") and _CJK.search(a[-1:]) or a[-1:] in "。！？" else f"{a} {b}"
