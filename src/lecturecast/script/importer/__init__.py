"""Import LLM-written scripts (and SRT / JSON timings) into the lecture model, accounting for every line.

``import_script(text, path) -> ImportResult(lecture, report)``; see docs/script-format.md ("Importing").
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path

from ...model import Cue, Lecture, Meta, Section, Segment, SourceSpan
from ..syntax import numbered_id
from ..textio import normalise_newlines
from ..values import repair_lecture
from .assemble import Assembler
from .drive import run
from .formats import import_json_timings, import_srt, looks_like_srt
from .report import ImportReport, LineRecord, render_report, report_json
from .scan import scan
from .title import choose_title

__all__ = ["ImportResult", "ImportReport", "LineRecord", "import_script", "render_report", "report_json"]

log = logging.getLogger(__name__)
_CREDITS = re.compile(r"\b(?:closing|end|final) credits\b|\bcredits (?:roll|appear)", re.IGNORECASE)


@dataclass(frozen=True)
class ImportResult:
    lecture: Lecture
    report: ImportReport


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
    report = ImportReport(path=where)
    title = _default_title(where)
    if looks_like_srt(lines):
        sections = import_srt(lines, report, title)
        return ImportResult(Lecture(_timed_meta(title, sections, report), sections, (), where), report)
    if text.lstrip()[:1] in ("[", "{"):
        sections_ = import_json_timings(text, lines, report, title)
        if sections_ is not None:
            return ImportResult(Lecture(_timed_meta(title, sections_, report), sections_, (), where), report)
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


_STOPWORDS = {
    "en": "the and of to is in that you it for with this are on be".split(),
    "es": "el la de que y en los las una para con por es del se".split(),
    "fr": "le les des est et une pour dans que qui pas sur au du".split(),
    "de": "der die das und ist nicht mit ein eine zu den von sie".split(),
    "pt": "os as um uma não com para que é do da em no na".split(),
}
_TOKEN = re.compile(r"[^\W\d_]+")


def guess_language(text: str) -> str:
    """A tiny stop-word vote (en/es/fr/de/pt); 'en' when unsure."""
    counts = {lang: 0 for lang in _STOPWORDS}
    sets = {lang: set(words) for lang, words in _STOPWORDS.items()}
    for tok in _TOKEN.findall(text.lower()[:100_000]):
        for lang, words in sets.items():
            if tok in words:
                counts[lang] += 1
    best = max(counts, key=lambda k: counts[k])
    return best if counts[best] > 1.3 * max(1, counts["en"] if best != "en" else 0) else "en"


def _timed_meta(title: str, sections: tuple[Section, ...], report: ImportReport) -> Meta:
    """Timed text tells us how fast the speaker really talks: use that as the lecture's rate."""
    segs = [s for sec in sections for s in sec.segments if s.clock is not None and s.duration]
    words = sum(s.words for s in segs)
    seconds = (segs[-1].clock + (segs[-1].duration or 0) - segs[0].clock) if segs else 0  # type: ignore[operator]
    rate = int(round(words * 60 / seconds)) if seconds > 0 and words > 0 else 150
    rate = min(max(rate, 60), 300)
    if rate != 150:
        report.notes.append(f"line 1: the timings give a speaking rate of {rate} words per minute; "
                            f"'rate: {rate}' was set in the front matter")
    return Meta(title=title, rate_wpm=rate, language=guess_language(" ".join(s.narration for s in segs)[:100_000]))


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
    used: set[str] = set()
    sections: list[Section] = []
    for sec in a.sections:
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
    meta = Meta(title=title, author=a.meta_extra.get("author"), date=a.meta_extra.get("date"),
                language=guess_language(sample))
    return Lecture(meta, tuple(sections), tuple(r for r in a.references if r), where)
