"""The import report: what every non-empty input line became, and why unused lines were not used."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..model import Lecture

KINDS = ("title", "heading", "clock", "speaker", "narration", "bullet", "code", "cue", "note", "reference", "metadata",
         "separator", "appendix", "chatter", "prompt", "transcript")


@dataclass(frozen=True)
class LineRecord:
    line: int  # 1-based
    text: str
    kind: str
    used: bool
    reason: str = ""


@dataclass
class ImportReport:
    """What every non-empty input line became (one :class:`LineRecord` each), plus decisions worth telling."""

    path: str | None = None
    records: list[LineRecord] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # decisions worth telling the teacher (clock offsets, …)
    format: str = "markdown"  # markdown | srt | vtt | json | canonical

    @property
    def counts(self) -> dict[str, int]:
        c = Counter(r.kind for r in self.records)
        return {k: c[k] for k in sorted(c, key=lambda k: (KINDS.index(k) if k in KINDS else 99, k))}

    @property
    def unused(self) -> list[LineRecord]:
        return [r for r in self.records if not r.used]


@dataclass(frozen=True)
class ImportResult:
    lecture: Lecture
    report: ImportReport


def lecture_summary(lecture: Lecture) -> dict[str, Any]:
    segs = lecture.segments
    return {
        "title": lecture.title,
        "sections": len(lecture.sections),
        "segments": len(segs),
        "speakers": list(lecture.speakers),
        "cues": sum(len(s.cues) for s in segs),
        "words": sum(s.words for s in segs),
        "references": len(lecture.references),
    }


def report_json(lecture: Lecture, report: ImportReport) -> dict[str, Any]:
    return {
        "path": report.path,
        "format": report.format,
        "title": lecture.title,
        "language": lecture.meta.language,
        "summary": lecture_summary(lecture),
        "sections": [sec.title for sec in lecture.sections],
        "segments": [
            {"id": seg.id, "section": sec.title, "title": seg.title, "clock": seg.clock, "duration": seg.duration,
             "speaker": seg.speaker or (lecture.meta.narrator if seg.speeches or seg.bullets else None),
             "speakers": [s or lecture.meta.narrator for s in seg.speakers],
             "words": seg.words, "cues": len(seg.cues),
             "line": seg.source.start if seg.source else None}
            for sec in lecture.sections for seg in sec.segments],
        "references": list(lecture.references),
        "unused_lines": [{"line": r.line, "text": r.text, "kind": r.kind, "reason": r.reason} for r in report.unused],
        "counts": report.counts,
        "notes": list(report.notes),
    }


def render_report(lecture: Lecture, report: ImportReport, *, max_text: int = 100) -> str:
    s = lecture_summary(lecture)
    where = report.path or "<input>"
    out = [f"Imported {where} ({report.format}): {s['sections']} sections, {s['segments']} segments, "
           f"{len(s['speakers'])} speakers ({', '.join(s['speakers']) or '-'}), {s['cues']} cues, {s['words']} words, "
           f"{s['references']} references."]
    counts = report.counts
    total = sum(counts.values())
    out.append(f"Lines: {total} non-empty; " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    for note in report.notes:
        out.append(f"note: {note}")
    unused = report.unused
    out.append(f"Unused lines: {len(unused)}" + (" (nothing was dropped)" if not unused else ""))
    for r in unused:
        text = r.text.strip()
        if len(text) > max_text:
            text = text[: max_text - 1] + "…"
        out.append(f"  {where}:{r.line}: [{r.kind}] {r.reason}: {text}")
    return "\n".join(out)
