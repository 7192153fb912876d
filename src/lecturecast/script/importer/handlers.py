"""Handlers for the importer's line loop: fenced blocks, cues, headings, metadata and labels."""
from __future__ import annotations

import re

from ...model import Code, Cue, CueKind, SourceSpan
from .assemble import Assembler
from .lines import FENCE, clock_in_title, duration_seconds, strip_markdown, tidy_title
from .recognise import CUE_WORDS, Label, cue_from_direction, is_meta_label, is_narrator, mode_of, speaker_name
from .scan import is_speaker


def _fence(a: Assembler, i: int) -> int:
    sc = a.sc
    j = sc.fences[i]
    m = FENCE.match(a.lines[i])
    info = (m.group(2) if m else "").split()
    body = a.lines[i + 1:j]
    a.flush()
    if a.mode == "appendix":
        for k in range(i, j + 1):
            if a.lines[k].strip():
                a.rec(k, "appendix", False, f"under '{a.appendix_name}' (not narration)")
        return j + 1
    kind = "code"
    if a.mode == "speech" and not info:
        for k in range(i + 1, j):
            if a.lines[k].strip():
                a.narration(a.lines[k], k)
        a.flush_para()
        kind = "narration"
    elif a.mode in ("screen", "visual", "note") and not info:
        text = " / ".join(x.strip() for x in body if x.strip())
        ck = {"screen": CueKind.SCREEN_TEXT, "visual": CueKind.VISUAL}.get(a.mode, CueKind.NOTE)
        a.add(Cue(ck, text, source=SourceSpan(i + 1, j + 1)), i + 1, j + 1)
        kind = "cue"
    else:
        while body and not body[-1].strip():
            body = body[:-1]
        a.add(Code("\n".join(x.rstrip() for x in body), info[0] if info else None, False,
                   SourceSpan(i + 1, j + 1)), i + 1, j + 1)
    for k in range(i, j + 1):
        if a.lines[k].strip() and k not in a.records:
            a.rec(k, kind)
    return j + 1


def _cue(a: Assembler, inner: str, i: int, end: int | None = None) -> None:
    a.flush_para()
    a.flush_bullets()
    kind, text, seconds = cue_from_direction(inner.strip()[1:-1] if inner.strip()[:1] in ("[", "(") else inner)
    a.add(Cue(kind, text, None, seconds, SourceSpan(i + 1, (end or i) + 1)), i + 1, (end or i) + 1)
    for k in range(i, (end or i) + 1):
        if a.lines[k].strip():
            a.rec(k, "cue")


def _heading(a: Assembler, i: int, level: int, text: str) -> None:
    info = a.sc.headings.get(i)
    title = info.title if info else tidy_title(clock_in_title(tidy_title(text))[0])
    kind = info.kind if info else "structural"
    start, end = (info.clock, info.end) if info else clock_in_title(tidy_title(text))[1:]
    a.flush()
    if a.appendix_level is not None and level > a.appendix_level:
        a.rec(i, "appendix", False, f"under '{a.appendix_name}' (not narration)")
        return
    a.appendix_level = None
    a.mode = None
    a.in_quote = False
    if kind == "title":
        a.title = title
        a.rec(i, "title")
        return
    if kind == "references":
        a.mode = "references"
        a.rec(i, "heading")
        return
    if kind == "mode":
        a.mode = mode_of(title)
        if a.mode == "speech":
            a.pending_speaker = False
        a.rec(i, "heading")
        return
    if kind == "appendix":
        a.mode = "appendix"
        a.appendix_level = level
        a.appendix_name = title
        a.rec(i, "appendix", False, "appendix / production notes heading (not narration)")
        return
    a.rec(i, "heading")
    if level <= a.sc.section_level and a.part_titled:
        seg = a.new_segment(title or None, i)  # an episode with a title: its headings are segments
        if start is not None:
            a.set_clock(start, end, i, segment=seg)
    elif level <= a.sc.section_level or a.force_section:
        a.new_section(title or a.pending_title or a.default_title, i)
        if start is not None:
            a.set_clock(start, end, i, segment=None)
    else:
        seg = a.new_segment(title or None, i)
        if start is not None:
            a.set_clock(start, end, i, segment=seg)
        elif a.pending_clock:
            seg.clock, e = a.pending_clock
            a.pending_clock = None
    dur = duration_seconds(text) if re.search(r"\(\s*~?\d+(?:\.\d+)?\s*(?:s|sec|secs|seconds?)\s*\)", text) else None
    if dur and a.sections and a.sections[-1].segs:
        a.sections[-1].segs[-1].duration = dur


def _next_nonblank(a: Assembler, i: int) -> int | None:
    for k in range(i + 1, min(i + 4, len(a.lines))):
        if a.lines[k].strip():
            return k
    return None


def _mark_consumed(a: Assembler, i: int, end: int) -> None:
    # lines i+1..end were folded into one multi-line direction; blank them so the loop skips them
    for k in range(i + 1, end + 1):
        a.lines[k] = ""


def _meta(a: Assembler, i: int, name: str, value: str) -> None:
    key = name.strip().casefold()
    value = strip_markdown(value).strip(' "“”')
    if key in ("episode title", "video title", "title") and value:
        if a.force_section or not a.sections or a.sections[-1].segs:
            a.pending_title = value
            if not a.title and not a.sections:
                a.title = value
        else:
            a.sections[-1].title = " ".join(value.split()) or a.sections[-1].title
        a.rec(i, "metadata")
        return
    if key == "duration" and a.sections and not a.force_section:
        d = duration_seconds(value)
        if d:
            a.seg(i).duration = d
            a.rec(i, "metadata")
            return
    if key in ("author", "date") and value and not a.seen_content:
        a.meta_extra[key] = value
        a.rec(i, "metadata")
        return
    a.rec(i, "metadata", False, f"metadata '{name.strip()}' (not narration)")
    a.skip_para = ("metadata", f"continues the '{name.strip()}:' metadata line")


def _label(a: Assembler, i: int, s: str, lab: Label) -> bool:
    sc = a.sc
    if is_meta_label(lab.name) and not a.in_quote:
        a.flush()
        _meta(a, i, lab.name, lab.rest)
        return True
    mode = mode_of(lab.name)
    if is_speaker(lab, sc):
        a.flush()
        a.in_quote = False
        name = None if is_narrator(lab.name) else speaker_name(lab.name)
        a.rec(i, "speaker")
        if a.mode not in ("speech", None):
            a.mode = None
        if lab.rest:
            a.speaker = name
            a.pending_speaker = False
            a.narration(lab.rest, i)
            a.records[i] = a.records[i].__class__(i + 1, a.original[i], "speaker", True, "")
        else:
            a.speaker = name
            a.pending_speaker = name
        return True
    if mode and not lab.rest and lab.form == "bold":
        a.flush()
        a.mode = mode
        a.rec(i, "heading")
        return True
    if lab.form == "bold" and not lab.rest:
        if lab.name.casefold() in CUE_WORDS:
            _cue(a, lab.name, i)
            return True
        a.flush()
        a.rec(i, "cue")
        kind, text, seconds = cue_from_direction(lab.name)
        a.add(Cue(kind if kind is not CueKind.NOTE else CueKind.SOUND, text, None, seconds,
                  SourceSpan(i + 1, i + 1)), i + 1, i + 1)
        a.prev_kind = "insert"
        return True
    if mode and lab.rest and mode in ("visual", "screen", "note"):
        a.flush()
        kind = {"visual": CueKind.VISUAL, "screen": CueKind.SCREEN_TEXT}.get(mode, CueKind.NOTE)
        a.add(Cue(kind, strip_markdown(lab.rest), source=SourceSpan(i + 1, i + 1)), i + 1, i + 1)
        a.rec(i, "cue")
        return True
    if not a.seen_content and lab.form == "plain" and not a.in_quote and len(lab.name.split()) <= 3:
        a.flush()
        a.rec(i, "metadata", False, f"'{lab.name}:' line before the script starts")
        a.skip_para = ("metadata", f"continues the '{lab.name}:' line before the script starts")
        return True
    return False
