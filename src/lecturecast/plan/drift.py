"""The drift report: where the narration did not fit the clocks the teacher wrote.

``drift_report`` is the text printed by every build and written to ``drift.txt``; ``drift_dict`` is
the same information for ``build.json``.  Each problem names the segment so the teacher can find it
in the script: number, id, section, the clock as written and the first words of its narration.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from ..fsutil import write_text_atomic
from ..model import Lecture, Segment, format_clock
from .timing import Schedule, SegmentSlot

FIRST_WORDS = 8


def timestamp(seconds: float | None, decimals: int = 1) -> str:
    """``75.25`` → ``"1:15.3"``; hours when needed; None → ``"-"``."""
    if seconds is None:
        return "-"
    sign = "-" if seconds < 0 else ""
    scale = 10 ** decimals
    units = round(abs(seconds) * scale)
    whole, frac = divmod(units, scale)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    return sign + (f"{text}.{frac:0{decimals}d}" if decimals else text)


def first_words(segment: Segment, n: int = FIRST_WORDS) -> str:
    text = segment.narration or " ".join(c.text for c in segment.cues) or (segment.title or "")
    words = text.split()
    return " ".join(words[:n]) + ("…" if len(words) > n else "")


def _section_titles(lecture: Lecture) -> dict[str, str]:
    return {seg.id: sec.title for sec in lecture.sections for seg in sec.segments}


def drift_dict(schedule: Schedule, lecture: Lecture) -> dict[str, Any]:
    """Machine-readable report (JSON-safe) for build.json."""
    sections = _section_titles(lecture)
    by_id = {seg.id: seg for seg in lecture.segments}
    rows = []
    for slot in schedule.slots:
        seg = by_id[slot.segment_id]
        rows.append({
            "index": slot.index + 1, "id": slot.segment_id, "section": sections.get(slot.segment_id),
            "clock": seg.clock, "planned_start": _r(slot.planned_start), "start": _r(slot.start),
            "end": _r(slot.end), "drift": _r(slot.drift), "speech_seconds": _r(slot.speech_seconds),
            "voice_seconds": _r(slot.voice_seconds), "window": _r(slot.window), "speed": round(slot.speed, 4),
            "overrun": _r(slot.overrun), "excess": _r(slot.excess), "shared_with": slot.shared_with,
            "first_words": first_words(seg),
        })
    return {
        "policy": schedule.policy, "fps": schedule.fps, "lead_in": _r(schedule.lead_in), "tail": _r(schedule.tail),
        "max_speedup": schedule.max_speedup, "total": _r(schedule.total),
        "planned_total": _r(schedule.planned_total),
        "total_drift": _r(None if schedule.planned_total is None else schedule.total - schedule.planned_total),
        "overruns": [r["id"] for r in rows if r["overrun"]],
        "problems": [_problem(slot, by_id[slot.segment_id], sections, schedule) for slot in schedule.overruns],
        "notes": list(schedule.notes),
        "segments": rows,
    }


def _r(value: float | None) -> float | None:
    return None if value is None else round(value, 3)


def _where(slot: SegmentSlot, seg: Segment, sections: dict[str, str]) -> str:
    clock = f"clock {format_clock(seg.clock)}" if seg.clock is not None else "no clock"
    return (f"#{slot.index + 1} {slot.segment_id} · section \"{sections.get(slot.segment_id, '?')}\" · "
            f"{clock} · \"{first_words(seg)}\"")


def _problem(slot: SegmentSlot, seg: Segment, sections: dict[str, str], schedule: Schedule) -> str:
    window = slot.window or 0.0
    need = slot.overrun + window
    shared = f" (shared with the {slot.shared_with} segment(s) after it that have no clock)" if slot.shared_with else ""
    text = (f"{_where(slot, seg, sections)}\n     needs {need:.1f} s, the clocks give {window:.1f} s{shared}: "
            f"{slot.overrun:.1f} s over")
    if schedule.policy != "script":
        return text + " (natural timing: the clocks are not enforced; later segments simply follow)."
    if slot.speed > 1.0:
        saved = slot.overrun - slot.excess
        text += f"; voice sped up ×{slot.speed:.3f} (saves {saved:.1f} s)"
    if slot.excess > 0:
        text += f"; {slot.excess:.1f} s still over, so later segments start up to {slot.excess:.1f} s late"
        text += " — shorten the narration or move the next clock"
    return text + "."


def drift_report(schedule: Schedule, lecture: Lecture) -> str:
    """Human-readable timing report (printed by the build and written to drift.txt)."""
    sections = _section_titles(lecture)
    by_id = {seg.id: seg for seg in lecture.segments}
    lines = [f"Timing report: {lecture.title}",
             f"policy {schedule.policy}, {schedule.fps} fps, pad {schedule.pad:g} s, "
             f"max speed-up ×{schedule.max_speedup:g}; title card {schedule.lead_in:g} s, closing card {schedule.tail:g} s",
             "'clock' is what the script says (script time); 'planned' and 'at' are times in the video "
             f"(script time + {schedule.lead_in:g} s title card)."]
    if schedule.planned_total is None:
        lines.append(f"Total length {timestamp(schedule.total)} (the script has no clocks to compare with).")
    else:
        diff = schedule.total - schedule.planned_total
        lines.append(f"Total length planned {timestamp(schedule.planned_total)}, actual {timestamp(schedule.total)} "
                     f"({diff:+.1f} s).")
    problems = schedule.overruns
    lines.append("")
    if problems:
        lines.append(f"Narration that does not fit its clocks ({len(problems)}):")
        lines += ["  " + _problem(s, by_id[s.segment_id], sections, schedule) for s in problems]
    elif any(s.window is not None for s in schedule.slots):
        lines.append("All narration fits the clocks.")
    for note in schedule.notes:
        lines.append(f"Note: {note}")
    lines.append("")
    header = (f"{'#':>4}  {'segment':<18} {'section':<18} {'clock':>7} {'planned':>9} {'at':>9} {'drift':>7} "
              f"{'voice':>6} {'window':>6} {'speed':>6} {'over':>6}  first words")
    lines += [header, "-" * len(header)]
    for slot in schedule.slots:
        seg = by_id[slot.segment_id]
        drift = "" if slot.drift is None else f"{slot.drift:+.1f}"
        lines.append(
            f"{slot.index + 1:>4}  {_cut(slot.segment_id, 18):<18} {_cut(sections.get(slot.segment_id, ''), 18):<18} "
            f"{format_clock(seg.clock):>7} {timestamp(slot.planned_start) if slot.planned_start is not None else '':>9} "
            f"{timestamp(slot.start):>9} {drift:>7} {slot.voice_seconds:>6.1f} "
            f"{'' if slot.window is None else f'{slot.window:.1f}':>6} "
            f"{'' if slot.speed == 1.0 else f'×{slot.speed:.3f}':>6} "
            f"{'' if not slot.overrun else f'{slot.overrun:.1f}':>6}  {first_words(seg)}")
    lines.append(f"{'':>4}  closing card at {timestamp(schedule.content_end)}, video ends at {timestamp(schedule.total)}")
    return "\n".join(lines) + "\n"


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def write_drift(schedule: Schedule, lecture: Lecture, path: str | os.PathLike[str]) -> Path:
    """Write ``drift_report`` atomically to ``path`` (e.g. ``drift.txt``)."""
    return write_text_atomic(path, drift_report(schedule, lecture))
