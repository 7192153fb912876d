"""Timing and structure: drift, slides on screen too briefly, lint findings, visuals without a
picture, lines the importer did not use — what ``video`` and ``lint`` report, in one table."""
from __future__ import annotations

from typing import Any, Iterator

from ..errors import LecturecastError
from ..model import Cue, CueKind, Lecture, Segment, format_clock
from ..script.report import ImportReport
from ..script.lint import Finding, lint
from ..plan.images import match_image
from .records import SHORT_SLIDE, Problem, Where
from .timeline import Timeline

_LINT_KINDS = {"I-UNUSED": "unused"}
_SKIP_LINT = {"W-FACT"}  # listed in the facts table instead


def problems(lecture: Lecture, report: ImportReport | None, timeline: Timeline) -> list[Problem]:
    numbers = {seg.id: n for n, seg in enumerate(lecture.segments, 1)}
    by_line = _segment_by_line(lecture)
    out = list(_drift(lecture, timeline, numbers))
    out += _short_slides(lecture, timeline, numbers)
    out += _missing_visuals(lecture, timeline, numbers)
    out += [_from_finding(f, by_line, timeline) for f in lint(lecture, report) if f.code not in _SKIP_LINT]
    return out


def _segment_by_line(lecture: Lecture) -> list[tuple[int, int, Segment]]:
    return [(seg.source.start, n, seg) for n, seg in enumerate(lecture.segments, 1) if seg.source]


def _from_finding(f: Finding, by_line: list[tuple[int, int, Segment]], timeline: Timeline) -> Problem:
    seg, number = None, None
    if f.line is not None:
        for start, n, s in by_line:
            if start <= f.line:
                seg, number = s, n
    where = timeline.where(seg, number, f.line) if seg is not None and number is not None else \
        Where(path=f.path, line=f.line)
    return Problem(_LINT_KINDS.get(f.code, "lint"), where, f"{f.code}: {f.message}", f.severity)


def _drift(lecture: Lecture, timeline: Timeline, numbers: dict[str, int]) -> Iterator[Problem]:
    for seg in lecture.segments:
        entry = timeline.segment(seg.id)
        overrun = entry.get("overrun") or 0.0
        if overrun > 0:
            drift = entry.get("drift")
            late = f"; it starts {drift:+.1f} s from its clock" if drift else ""
            yield Problem("drift", timeline.where(seg, numbers[seg.id], _line(seg)),
                          f"narration runs {overrun:.1f} s past the next clock "
                          f"(clock {format_clock(seg.clock) or 'none'}){late}; cut words or move the clock")


def _line(block: Any) -> int | None:
    src = getattr(block, "source", None)
    return src.start if src else None


def _short_slides(lecture: Lecture, timeline: Timeline, numbers: dict[str, int]) -> Iterator[Problem]:
    for seg in lecture.segments:
        entry = timeline.segment(seg.id)
        offsets, slides = entry.get("slide_offsets"), entry.get("slides")
        if not offsets or not slides or "start" not in entry:
            continue
        length = entry["end"] - entry["start"]
        ends = list(offsets[1:]) + [length]
        for slide, begin, end in zip(slides, offsets, ends):
            if end - begin < SHORT_SLIDE:
                yield Problem("short-slide", timeline.where(seg, numbers[seg.id], _line(seg), offset=begin),
                              f"slide {slide} is on screen for {end - begin:.1f} s (< {SHORT_SLIDE:g} s): "
                              "merge it with its neighbour or give it more narration")


def _missing_visuals(lecture: Lecture, timeline: Timeline, numbers: dict[str, int]) -> Iterator[Problem]:
    for seg in lecture.segments:
        for block in seg.blocks:
            if not isinstance(block, Cue) or block.kind not in (CueKind.VISUAL, CueKind.CUT):
                continue
            try:
                found = match_image(block, lecture)
                why = "no picture matches it: the slide shows a cue card"
            except LecturecastError as exc:
                found, why = None, str(exc)
            if found is None:
                yield Problem("visual", timeline.where(seg, numbers[seg.id], _line(block) or _line(seg)),
                              f"visual {block.text!r}: {why} (add an image named after it, or [visual: file.png])",
                              "info")
