"""Import LLM-written scripts into the lecture model, accounting for every line.

``import_script(text, path) -> ImportResult(lecture, report)``; see docs/script-format.md ("Importing").
Timed text (SRT, WebVTT, JSON timings) goes to its reader in :mod:`..readers`; everything else through
the line grammar of :mod:`.rules`.
"""
from __future__ import annotations

import logging
import os
import re
from pathlib import Path

from ...errors import ScriptError, path_location
from ...model import Cue, Lecture, Meta, Section, Segment, SourceSpan
from ..language import detect_language, language_note
from ..readers import read_timed
from ..report import ImportReport, ImportResult, LineRecord, render_report, report_json
from ..syntax import numbered_id
from ..textio import normalise_newlines
from ..values import repair_lecture
from .assemble import Assembler
from .drive import run
from .scan import scan
from .shape import plan_from_durations, split_long_segments, timestamp_chapters
from .title import choose_title

__all__ = ["ImportResult", "ImportReport", "LineRecord", "import_script", "render_report", "report_json",
           "require_narration"]

log = logging.getLogger(__name__)
DEFAULT_RATE = 150
_CREDITS = re.compile(r"\b(?:closing|end|final) credits\b|\bcredits (?:roll|appear)", re.IGNORECASE)


def _default_title(path: str | None) -> str:
    if not path:
        return "Imported lecture"
    stem = Path(path).stem
    stem = re.sub(r"^\d+[_-]+", "", stem) or stem
    return re.sub(r"[_-]+", " ", stem).strip().capitalize() or "Imported lecture"


def import_script(text: str, path: str | os.PathLike[str] | None = None) -> ImportResult:
    """Import a messy script.  Raises :class:`~lecturecast.errors.ScriptError` only for unreadable input
    (e.g. an unterminated code fence); anything else becomes a lecture plus a report.  Values the
    canonical format cannot hold (negative or endless times, unlabelable speaker names) are dropped or
    repaired with a report note, so ``parse_canonical(format_lecture(lecture)) == lecture``."""
    result = _import(text, path)
    return ImportResult(repair_lecture(result.lecture, result.report.notes), result.report)


def _import(text: str, path: str | os.PathLike[str] | None) -> ImportResult:
    where = str(path) if path is not None else None
    text = normalise_newlines(text)
    lines = text.split("\n")
    title = _default_title(where)
    timed = read_timed(text, lines, where, title)
    if timed is not None:
        return timed
    report = ImportReport(path=where)
    work = [line.replace("<end>", " ") if "<end>" in line else line for line in lines]  # episode-record markers
    sc = scan(work, where)
    a = Assembler(work, sc, report, title)
    a.original = lines
    run(a)
    lecture = _finish(a, where)
    for i, raw in enumerate(lines):  # nothing silently dropped: any line not classified is reported
        if raw.strip() and i not in a.records:
            if not work[i].strip():  # only an <end> marker
                a.records[i] = LineRecord(i + 1, raw, "separator", True, "")
            else:
                a.records[i] = LineRecord(i + 1, raw, "narration", False, "not recognised (please report this)")
    report.records = [a.records[k] for k in sorted(a.records)]
    return ImportResult(lecture, report)


def _place_leftover_notes(a: Assembler) -> None:
    """Production notes after the last narration belong to the last segment; with no segment they are reported."""
    if not a.pending_notes:
        return
    last = next((s for sec in reversed(a.sections) for s in reversed(sec.segs) if s.blocks), None)
    if last is not None:
        last.blocks.extend(a.pending_notes)
    else:
        for cue in a.pending_notes:
            for k in range(cue.source.start - 1, cue.source.end) if cue.source else ():
                if k in a.records:
                    a.records[k] = LineRecord(k + 1, a.records[k].text, "note", False,
                                              "production note, but the script has no narration to attach it to")
    a.pending_notes = []


def require_narration(result: ImportResult) -> None:
    """Nothing silently empty: raise a located :class:`ScriptError` when a file with text yields no narration."""
    lecture, report = result.lecture, result.report
    if any(seg.words for seg in lecture.segments) or not report.records:
        return
    unplaced = report.unused or report.records
    shown = "; ".join(f"line {r.line} [{r.kind}] {r.reason or 'no narration'}: {r.text.strip()[:60]!r}"
                      for r in unplaced[:3])
    raise ScriptError(f"no narration found in {len(report.records)} non-empty lines; the first lines it could not "
                      f"place: {shown}", location=path_location(report.path, unplaced[0].line),
                      hint="label the spoken text (e.g. 'Narrator: …') or write plain paragraphs; "
                           "'lecturecast import FILE --json' lists every line")


def _finish(a: Assembler, where: str | None) -> Lecture:
    # repeated closing credits between parts: keep only the last one
    credit_cues = [(si, gi, bi) for si, sec in enumerate(a.sections) for gi, seg in enumerate(sec.segs)
                   for bi, b in enumerate(seg.blocks) if isinstance(b, Cue) and _CREDITS.search(b.text)]
    for si, gi, bi in reversed(credit_cues[:-1]):
        cue = a.sections[si].segs[gi].blocks.pop(bi)
        if cue.source:
            k = cue.source.start - 1
            a.records[k] = LineRecord(k + 1, a.records[k].text, "cue", False,
                                      "closing credits repeated between parts (only the last one is kept)")
    _place_leftover_notes(a)
    built = timestamp_chapters(a.sections, a.report)
    plan_from_durations(built, DEFAULT_RATE, a.report)
    split_long_segments(built, a.turn_lines, DEFAULT_RATE, a.report)
    used: set[str] = set()
    sections: list[Section] = []
    for sec in built:
        segs: list[Segment] = []
        for s in sec.segs:
            if not s.blocks:
                continue
            sid = numbered_id(s.title or sec.title, used)
            start = min((b.source.start for b in s.blocks if b.source), default=s.start)
            end = max((b.source.end for b in s.blocks if b.source), default=s.end)
            segs.append(Segment(sid, tuple(s.blocks), s.title, s.clock, s.duration,
                                SourceSpan(max(1, min(start, s.start)), max(end, s.start, 1))))
        if segs:
            sections.append(Section(sec.title or a.default_title, tuple(segs), SourceSpan(sec.line, sec.line)))
        elif sec.heading_line is not None and sec.heading_line in a.records and a.records[sec.heading_line].used:
            k = sec.heading_line
            a.records[k] = LineRecord(k + 1, a.records[k].text, "heading", False, "heading with nothing to say under it")
    prompts = [(r.line, r.text.strip()) for k, r in sorted(a.records.items())
               if r.kind == "prompt" and r.text.strip().startswith(">>>")]
    title, note = choose_title(a.title, prompts, [sec.title for sec in sections], a.default_title)
    if note:
        a.report.notes.append(note)
    sample = " ".join(seg.narration for sec in sections for seg in sec.segments)[:200_000]
    language = detect_language(sample)
    if sample.strip():
        a.report.notes.append(language_note(language))
    meta = Meta(title=title, author=a.meta_extra.get("author"), date=a.meta_extra.get("date"), language=language)
    return Lecture(meta, tuple(sections), tuple(r for r in a.references if r), where)
