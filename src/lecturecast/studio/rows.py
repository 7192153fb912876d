"""What the studio page shows, as typed records built from the script, build.json and the worker's states."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from ..model import CueKind, Lecture, Segment, format_clock
from ..plan.drift import timestamp
from ..plan.images import match_image, suggested_name
from ..script import Finding, lint
from ..script.edit import segment_body
from .jobs import Status

VISUAL_KINDS = (CueKind.VISUAL, CueKind.CUT)


@dataclass(frozen=True)
class Media:
    url: str  # under /files/, with ?v=<content key> so a rebuilt file is fetched again
    label: str


@dataclass(frozen=True)
class SegmentRow:
    number: int
    id: str
    title: str
    section: str
    line: int
    clock: str
    start: float | None  # seconds in the video
    start_text: str
    duration: str  # of its voice
    speakers: str
    words: int
    drift: str
    over: bool
    findings: tuple[str, ...]
    missing_visuals: tuple[str, ...]
    state: str
    error: str
    slides: tuple[Media, ...]
    audio: Media | None
    body: str


@dataclass(frozen=True)
class LectureView:
    title: str
    script: str
    digest: str
    video: Media | None
    captions: Media | None
    chapters_track: Media | None
    downloads: tuple[Media, ...]
    chapters: tuple[tuple[str, float, str], ...]  # (title, start seconds, start text)
    duration: str
    rows: tuple[SegmentRow, ...]
    timing_rows: tuple[dict[str, Any], ...]
    import_rows: tuple[dict[str, Any], ...]
    import_source: str | None
    notes: tuple[str, ...]


DOWNLOADS = (("deck.pptx", "Deck (PPTX)"), ("handout.pdf", "Handout (PDF)"), ("lecture.mp4", "Video (MP4)"),
             ("lecture.srt", "Captions (SRT)"), ("lecture.vtt", "Captions (WebVTT)"),
             ("chapters.vtt", "Chapters (WebVTT)"), ("description.txt", "Description"),
             ("drift.txt", "Timing report"))


def file_url(relative: str, version: str | None) -> str:
    return "/files/" + quote(relative) + (f"?v={quote(version)}" if version else "")


def _line_ranges(lecture: Lecture) -> dict[str, tuple[int, int]]:
    segs = lecture.segments
    out: dict[str, tuple[int, int]] = {}
    for i, seg in enumerate(segs):
        start = seg.source.start if seg.source else 0
        following = segs[i + 1].source if i + 1 < len(segs) else None
        nxt = following.start - 1 if following else 10 ** 9
        out[seg.id] = (start, nxt)
    return out


def findings_by_segment(lecture: Lecture) -> dict[str, list[Finding]]:
    ranges = _line_ranges(lecture)
    out: dict[str, list[Finding]] = {seg_id: [] for seg_id in ranges}
    for finding in lint(lecture):
        for seg_id, (lo, hi) in ranges.items():
            if finding.line is not None and lo <= finding.line <= hi:
                out[seg_id].append(finding)
                break
    return out


def missing_visuals(segment: Segment, lecture: Lecture) -> tuple[str, ...]:
    return tuple(cue.asset or f"assets/images/{suggested_name(cue)}" for cue in segment.cues
                 if cue.kind in VISUAL_KINDS and match_image(cue, lecture) is None)


def _drift(entry: dict[str, Any]) -> tuple[str, bool]:
    over = entry.get("overrun") or 0.0
    if over > 0.05:
        return f"over by {over:.1f} s", True
    drift = entry.get("drift")
    return ("" if drift is None else f"{drift:+.1f} s"), False


def segment_row(number: int, seg: Segment, lecture: Lecture, manifest: dict[str, Any], status: Status,
                findings: list[Finding]) -> SegmentRow:
    entry = manifest.get("segments", {}).get(seg.id, {})
    slide_files = {s["number"]: s for s in manifest.get("slides", [])}
    slides = tuple(Media(file_url(slide_files[n]["file"], slide_files[n].get("key")), f"slide {n}")
                   for n in entry.get("slides", []) if n in slide_files)
    audio = entry.get("audio")
    drift, over = _drift(entry)
    return SegmentRow(
        number=number, id=seg.id, title=seg.title or "", section=lecture.section_of(seg.id).title,
        line=seg.source.start if seg.source else 0, clock=format_clock(seg.clock),
        start=entry.get("start"), start_text=timestamp(entry.get("start")) if "start" in entry else "",
        duration=f"{audio['duration']:.1f} s" if audio else "",
        speakers=", ".join(s or lecture.meta.narrator for s in seg.speakers), words=seg.words,
        drift=drift, over=over, findings=tuple(f"{f.severity} {f.code}: {f.message}" for f in findings),
        missing_visuals=missing_visuals(seg, lecture), state=status.state, error=status.error,
        slides=slides, audio=Media(file_url(audio["file"], audio.get("key")), "voice") if audio else None,
        body=segment_body(seg, lecture.meta.narrator),
    )


def _chapters(rows: tuple[SegmentRow, ...], lecture: Lecture) -> tuple[tuple[str, float, str], ...]:
    seen: list[tuple[str, float, str]] = []
    for row in rows:
        if row.start is not None and (not seen or seen[-1][0] != row.section):
            seen.append((row.section, row.start, row.start_text))
    return tuple(seen)


def lecture_view(lecture: Lecture, digest: str, manifest: dict[str, Any], statuses: dict[str, Status],
                 present: set[str], import_report: dict[str, Any] | None) -> LectureView:
    """``present``: names of the whole-lecture files that exist in the output folder."""
    findings = findings_by_segment(lecture)
    rows = tuple(segment_row(n, seg, lecture, manifest, statuses[seg.id], findings[seg.id])
                 for n, seg in enumerate(lecture.segments, 1))
    version = manifest.get("outputs", {}).get("lecture", {}).get("key")

    def media(name: str, label: str) -> Media | None:
        return Media(file_url(name, version), label) if name in present else None
    timing_rows = tuple({"number": r.number, "id": r.id, "line": r.line, "clock": r.clock or "-",
                         "start": r.start, "start_text": r.start_text or "-", "drift": r.drift or "-",
                         "over": r.over, "duration": r.duration or "-"} for r in rows)
    import_rows = tuple(import_report.get("unused_lines", [])) if import_report else ()
    total = manifest.get("timing", {}).get("total")
    return LectureView(
        title=lecture.title, script=str(lecture.path or ""), digest=digest,
        video=media("lecture.mp4", "lecture"), captions=media("lecture.vtt", "captions"),
        chapters_track=media("chapters.vtt", "chapters"),
        downloads=tuple(m for name, label in DOWNLOADS if (m := media(name, label)) is not None),
        chapters=_chapters(rows, lecture), duration=timestamp(total) if total else "",
        rows=rows, timing_rows=timing_rows, import_rows=import_rows,
        import_source=import_report.get("path") if import_report else None,
        notes=tuple(import_report.get("notes", [])) if import_report else (),
    )
