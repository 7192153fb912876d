"""Chapters from sections: MP4 chapter metadata, a WebVTT chapters file, the YouTube description.

One chapter per section, starting where its first segment starts; the first chapter starts at 0:00
(it includes the title card) and the last ends with the video (closing card included).

YouTube's rules for chapters in a description: the first timestamp is 0:00, there are at least three,
each at least 10 seconds long.  :func:`youtube_chapters` merges chapters shorter than 10 s into their
neighbour; if fewer than three remain the description says so instead of listing broken chapters.
"""
from __future__ import annotations

import logging
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..fsutil import write_text_atomic
from ..media import run_ffmpeg
from ..model import Lecture, format_clock
from ..templates import render

log = logging.getLogger(__name__)

YOUTUBE_MIN_SECONDS = 10.0
YOUTUBE_MIN_COUNT = 3


@dataclass(frozen=True)
class Chapter:
    title: str
    start: float  # seconds in the video
    end: float

    @property
    def duration(self) -> float:
        return self.end - self.start


def chapters_from_schedule(lecture: Lecture, schedule: Any) -> list[Chapter]:
    """One chapter per section that has segments, on the schedule's video timeline.

    A lecture with fewer than three sections but titled segments (a one-section script whose
    headings are scenes, e.g. ``### Opening Hook (0:00 - 0:30)``) gets a chapter per titled
    segment instead, so players and YouTube still have something to navigate by."""
    by_section = [(sec.segments[0].id, sec.title) for sec in lecture.sections if sec.segments]
    starts = _starts(by_section, schedule)
    titled = [(seg.id, seg.title) for seg in lecture.segments if seg.title]
    if len(starts) < 3 and len(titled) >= 3:
        if titled[0][0] != lecture.segments[0].id:
            titled.insert(0, (lecture.segments[0].id, lecture.sections[0].title))
        by_segment = _starts(titled, schedule)
        if len(by_segment) > len(starts):
            starts = by_segment
    out = []
    for k, (start, title) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else schedule.total
        out.append(Chapter(title, round(start, 3), round(end, 3)))
    return out


def _starts(entries: Sequence[tuple[str, str]], schedule: Any) -> list[tuple[float, str]]:
    starts: list[tuple[float, str]] = []
    for seg_id, title in entries:
        start = 0.0 if not starts else schedule.slot(seg_id).start
        if starts and start <= starts[-1][0]:
            log.debug("chapter %r starts with the one before it; not a chapter of its own", title)
            continue
        starts.append((start, (title or "").strip() or f"Part {len(starts) + 1}"))
    return starts


# ------------------------------------------------------------------------------- ffmetadata
def _escape_meta(text: str) -> str:
    return re.sub(r"([=;#\\\n])", r"\\\1", text)


def ffmetadata(chapters: Sequence[Chapter], *, title: str | None = None,
               metadata: dict[str, str] | None = None) -> str:
    """ffmpeg's metadata file format with [CHAPTER] entries (TIMEBASE=1/1000)."""
    lines = [";FFMETADATA1"]
    if title:
        lines.append(f"title={_escape_meta(title)}")
    for key, value in (metadata or {}).items():
        lines.append(f"{_escape_meta(key)}={_escape_meta(str(value))}")
    for ch in chapters:
        lines += ["", "[CHAPTER]", "TIMEBASE=1/1000", f"START={round(ch.start * 1000)}",
                  f"END={round(ch.end * 1000)}", f"title={_escape_meta(ch.title)}"]
    return "\n".join(lines) + "\n"


def parse_ffmetadata(text: str) -> list[Chapter]:
    chapters: list[Chapter] = []
    for block in re.split(r"^\[CHAPTER\]\s*$", text, flags=re.M)[1:]:
        block = re.split(r"^\[", block, maxsplit=1, flags=re.M)[0]
        values: dict[str, str] = {}
        for line in re.split(r"(?<!\\)\n", block):
            if "=" in line:
                key, _, value = line.partition("=")
                values[key.strip().upper()] = re.sub(r"\\(.)", r"\1", value, flags=re.S)
        num, _, den = values.get("TIMEBASE", "1/1000").partition("/")
        scale = int(num) / int(den or 1)
        chapters.append(Chapter(values.get("TITLE", ""), int(values.get("START", 0)) * scale,
                                int(values.get("END", 0)) * scale))
    return chapters


def read_chapters(video: str | os.PathLike[str]) -> list[Chapter]:
    """Chapters stored in a media file, read back with ffmpeg (``-f ffmetadata``)."""
    with tempfile.TemporaryDirectory(prefix="lecturecast-meta-") as tmpdir:
        dest = Path(tmpdir) / "meta.txt"
        run_ffmpeg(["-i", str(video), "-f", "ffmetadata", str(dest)], timeout=60, what="reading chapters")
        return parse_ffmetadata(dest.read_text(encoding="utf-8", errors="replace"))


# ---------------------------------------------------------------------------------- WebVTT
def vtt_time(seconds: float, separator: str = ".") -> str:
    """``HH:MM:SS.mmm`` (WebVTT); ``separator=","`` gives SRT's ``HH:MM:SS,mmm``."""
    ms = max(0, round(seconds * 1000))
    h, rem = divmod(ms, 3_600_000)
    m, rem = divmod(rem, 60_000)
    s, ms = divmod(rem, 1000)
    return f"{h:02d}:{m:02d}:{s:02d}{separator}{ms:03d}"


def write_chapters_vtt(chapters: Sequence[Chapter], path: str | os.PathLike[str]) -> Path:
    """A WebVTT chapters track (``<track kind="chapters">`` in HTML5 players, VLC, ...)."""
    parts = ["WEBVTT", ""]
    for number, ch in enumerate(chapters, 1):
        title = ch.title.replace("-->", "→").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        parts += [f"chapter-{number}", f"{vtt_time(ch.start)} --> {vtt_time(ch.end)}", title, ""]
    return write_text_atomic(path, "\n".join(parts))


# --------------------------------------------------------------------------------- YouTube
def youtube_chapters(chapters: Sequence[Chapter], *, min_seconds: float = YOUTUBE_MIN_SECONDS
                     ) -> list[Chapter]:
    """Chapters as YouTube sees them: starts on whole seconds (rounded down, so a chapter never starts
    after its content), the first at 0:00, none shorter than ``min_seconds``.  A short chapter is
    merged into the one before it; a short first chapter absorbs the one after it."""
    if not chapters:
        return []
    end = chapters[-1].end
    items: list[tuple[float, str]] = [(float(int(ch.start)), ch.title) for ch in chapters]
    items[0] = (0.0, items[0][1])
    while len(items) > 1:
        lengths = [(items[k + 1][0] if k + 1 < len(items) else end) - items[k][0] for k in range(len(items))]
        short = next((k for k, n in enumerate(lengths) if n < min_seconds), None)
        if short is None:
            break
        drop = 1 if short == 0 else short
        log.info("YouTube chapters: %r is shorter than %g s, merged into its neighbour", items[short][1], min_seconds)
        del items[drop]
    return [Chapter(title, start, items[k + 1][0] if k + 1 < len(items) else end)
            for k, (start, title) in enumerate(items)]


def youtube_description(lecture: Lecture, chapters: Sequence[Chapter], **context: Any) -> str:
    """The video description (template ``description.txt.j2``) with a YouTube chapter list."""
    yt = youtube_chapters(chapters)
    long_enough = len(yt) >= YOUTUBE_MIN_COUNT and all(c.duration >= YOUTUBE_MIN_SECONDS for c in yt)
    note = None
    if not long_enough:
        note = (f"this lecture has {len(yt)} section(s) of at least {YOUTUBE_MIN_SECONDS:g} s; YouTube needs "
                f"{YOUTUBE_MIN_COUNT} or more, so no chapter list is given")
    rows = [{"stamp": format_clock(c.start), "title": c.title, "start": c.start, "end": c.end} for c in yt]
    return render("description.txt.j2", lecture, chapters=rows if long_enough else [], chapters_ok=long_enough,
                  chapters_note=note, all_chapters=list(chapters), **context)
