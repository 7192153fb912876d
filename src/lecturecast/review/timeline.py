"""Where a segment plays in the built video, read from ``build.json`` (the build's manifest)."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any

from ..model import Lecture, Segment
from .records import Where

log = logging.getLogger(__name__)

MANIFEST = "build.json"


class Timeline:
    """Segment start times and speech lengths of the last build in ``out`` (empty when not built)."""

    def __init__(self, lecture: Lecture, out: Path, manifest: dict[str, Any] | None = None):
        self.lecture = lecture
        self.out = out
        self.manifest = manifest if manifest is not None else load_manifest(out)
        self.segments: dict[str, dict[str, Any]] = self.manifest.get("segments", {})
        self.path = lecture.path

    @property
    def built(self) -> bool:
        return bool(self.segments) and any("start" in s for s in self.segments.values())

    def segment(self, seg_id: str) -> dict[str, Any]:
        return self.segments.get(seg_id, {})

    def start(self, seg_id: str) -> float | None:
        value = self.segment(seg_id).get("start")
        return float(value) if value is not None else None

    def speech_seconds(self, seg_id: str) -> float | None:
        audio = self.segment(seg_id).get("audio", {})
        return float(audio["duration"]) if "duration" in audio else None

    def where(self, seg: Segment, number: int, line: int | None, fraction: float = 0.0,
              offset: float | None = None) -> Where:
        """``fraction`` of the segment's speech (or an exact ``offset`` in seconds) after its start."""
        start = self.start(seg.id)
        at = None
        if start is not None:
            if offset is None:
                speech = self.speech_seconds(seg.id) or 0.0
                offset = fraction * speech
            at = round(start + offset, 2)
        return Where(seg.id, number, self.path, line, seg.clock, at)


def load_manifest(out: Path) -> dict[str, Any]:
    path = Path(out) / MANIFEST
    try:
        data = json.loads(path.read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s (%s): times in the video are not shown", path, exc)
        return {}
    return data if isinstance(data, dict) else {}


def stale_note(lecture: Lecture, timeline: Timeline) -> str | None:
    """A note when build.json is missing or describes another version of the script."""
    if not timeline.manifest:
        return "not built yet: run 'lecturecast video' for times in the video and the audio check"
    ids = set(timeline.segments)
    if ids != {s.id for s in lecture.segments}:
        return "build.json is from another version of the script: rebuild with 'lecturecast video' for exact times"
    return None
