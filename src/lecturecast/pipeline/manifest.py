"""``build.json``: what a build produced, from what, and what it reused.

Per segment: its number, section, clock, the keys and files of its slides, audio and clip, whether
each was rebuilt or reused, which engines spoke it (sentence numbers per engine, e.g.
``{"gtts": "1-4", "piper": "5-6"}``), and its planned vs actual place in the lecture.  The top-level
``engines`` says which engine spoke which segments and how many sentences, for every engine that
spoke — a fallback mid-run is never hidden behind the first engine's name.
The previous manifest is read back (:class:`Previous`) to skip whole-lecture outputs whose inputs did
not change.
"""
from __future__ import annotations

import datetime as _dt
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Sequence

from .. import __version__
from ..fsutil import write_text_atomic
from ..model import Lecture
from ..plan.timing import SegmentSlot
from .keys import file_digest
from .options import BuildOptions
from .records import Assembly
from .store import publish

log = logging.getLogger(__name__)

MANIFEST = "build.json"


def compact_ranges(numbers: Sequence[int]) -> str:
    """``[1, 2, 3, 5, 7, 8]`` → ``"1-3,5,7-8"``."""
    parts: list[str] = []
    last = 0
    for n in sorted(set(numbers)):
        if parts and n == last + 1:
            first = parts[-1].split("-")[0]
            parts[-1] = f"{first}-{n}"
        else:
            parts.append(str(n))
        last = n
    return ",".join(parts)


def count_ranges(ranges: str) -> int:
    """How many numbers ``"1-3,5"`` names (4)."""
    total = 0
    for part in filter(None, ranges.split(",")):
        first, _, last = part.partition("-")
        total += int(last or first) - int(first) + 1
    return total


def sentence_engines(sentences: Sequence[Any]) -> dict[str, str]:
    """Engine → the 1-based numbers of the sentences it spoke, compacted."""
    spoken: dict[str, list[int]] = {}
    for number, sentence in enumerate(sentences, 1):
        spoken.setdefault(getattr(sentence, "engine", "") or "?", []).append(number)
    return {engine: compact_ranges(numbers) for engine, numbers in spoken.items()}


class Previous:
    """Read-only view of the last successful manifest in an output folder (empty when none)."""

    def __init__(self, data: dict[str, Any] | None = None):
        self.data = data or {}

    def output_key(self, name: str) -> str | None:
        return self.data.get("outputs", {}).get(name, {}).get("key")

    def segment(self, seg_id: str) -> dict[str, Any]:
        return self.data.get("segments", {}).get(seg_id, {})


def load_previous(out: Path) -> Previous:
    path = out / MANIFEST
    try:
        return Previous(json.loads(path.read_text("utf-8")))
    except FileNotFoundError:
        return Previous()
    except (OSError, ValueError) as exc:
        log.warning("ignoring unreadable %s (%s); everything will be checked again", path, exc)
        return Previous()


@dataclass
class Manifest:
    lecture: dict[str, Any]
    options: dict[str, Any]
    segments: dict[str, dict[str, Any]] = field(default_factory=dict)
    slides: list[dict[str, Any]] = field(default_factory=list)
    outputs: dict[str, dict[str, Any]] = field(default_factory=dict)
    timing: dict[str, Any] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)
    visuals_to_add: list[str] = field(default_factory=list)  # to-dos for visuals without an image
    started: str = ""

    @classmethod
    def start(cls, lecture: Lecture, opts: BuildOptions) -> "Manifest":
        script = Path(lecture.path) if lecture.path else None
        info = {
            "title": lecture.title,
            "script": str(script) if script else None,
            "script_digest": file_digest(script) if script and script.is_file() else None,
            "sections": len(lecture.sections),
            "segments": len(lecture.segments),
        }
        options = {
            "engine": opts.engine, "fps": opts.fps, "timing": opts.timing or lecture.meta.timing,
            "pad": opts.pad, "lead_in": opts.lead_in, "tail": opts.tail, "jobs": opts.jobs,
            "stages": list(opts.stages), "cache": str(opts.cache_dir),
        }
        m = cls(info, options, started=_dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"))
        for number, seg in enumerate(lecture.segments, 1):
            m.segments[seg.id] = {
                "number": number,
                "section": lecture.section_of(seg.id).title,
                "clock": seg.clock,
                "words": seg.words,
            }
        return m

    # ---------------------------------------------------------------------------- recorders
    def set_plan(self, plan: Any) -> None:
        for seg_id, entry in self.segments.items():
            entry["slides"] = [s.number for s in plan.for_segment(seg_id)]
        todo = dict.fromkeys(t for s in plan.slides for t in getattr(s, "todo", ()))
        self.visuals_to_add = list(todo)

    def record_slides(self, specs: Sequence[Any], images: Sequence[Any], pngs: Sequence[Path]) -> None:
        self.slides = [
            {"number": spec.number, "kind": spec.kind, "layout": getattr(spec, "design", ""),
             "segment": spec.segment_id, "key": img.key,
             "file": f"slides/{png.name}", "rebuilt": img.rebuilt}
            for spec, img, png in zip(specs, images, pngs)
        ]

    def record_slide_windows(self, windows: dict[int, tuple[float, float]]) -> None:
        """Each slide's time on screen in the video (``start``/``end`` in seconds; null: not shown)."""
        for entry in self.slides:
            window = windows.get(entry["number"])
            entry["start"] = round(window[0], 3) if window else None
            entry["end"] = round(window[1], 3) if window else None

    def record_audio(self, lecture: Lecture, audios: Sequence[Any], previous: Previous,
                     wavs: Sequence[Path]) -> None:
        """Publish each segment's audio at its output path (``wavs``, claimed by the caller) and record it."""
        for seg, audio, wav in zip(lecture.segments, audios, wavs):
            dst = publish(Path(audio.wav), wav)
            synthesized = getattr(audio, "synthesized", None)
            rebuilt = bool(synthesized) if synthesized is not None else previous.segment(seg.id).get("audio", {}).get("key") != audio.key
            self.segments[seg.id]["audio"] = {
                "key": audio.key, "file": f"audio/{dst.name}", "duration": round(audio.duration, 3),
                "engine": getattr(audio, "engine", None), "rebuilt": rebuilt,
                "sentences": len(audio.sentences), "engines": sentence_engines(audio.sentences),
            }

    def record_clip(self, seg_id: str, key: str, rebuilt: bool, slide_offsets: Sequence[float] = ()) -> None:
        """``slide_offsets``: when each of the segment's slides comes on screen, seconds from its start
        (in the order of ``slides``; read by ``lecturecast check`` for slides shown too briefly)."""
        self.segments[seg_id]["clip"] = {"key": key, "rebuilt": rebuilt}
        if slide_offsets:
            self.segments[seg_id]["slide_offsets"] = [round(o, 3) for o in slide_offsets]

    def record_assembly(self, assembly: Assembly) -> None:
        """The video stage's schedule, clips and whole-lecture outputs."""
        for slot in assembly.schedule.slots:
            self.record_slot(slot.segment_id, slot)
        self.timing = assembly.drift
        self.record_slide_windows(assembly.slide_windows)
        for job, clip in assembly.clips:
            if job.name in self.segments:  # not the title and closing cards
                self.record_clip(job.name, clip.key, clip.rebuilt, [offset for _, _, offset in job.frames])
        for name, written in assembly.outputs:
            self.outputs[name] = written.entry()

    def record_slot(self, seg_id: str, slot: SegmentSlot) -> None:
        self.segments[seg_id].update({
            "planned_start": slot.planned_start, "start": round(slot.start, 3), "end": round(slot.end, 3),
            "speed": round(slot.speed, 4), "overrun": round(slot.overrun, 3),
            "drift": None if slot.drift is None else round(slot.drift, 3),
        })

    # ---------------------------------------------------------------------------- summary
    def engines(self) -> dict[str, dict[str, Any]]:
        """Every engine that spoke: the segment numbers it spoke in and its sentence count."""
        summary: dict[str, dict[str, Any]] = {}
        for seg in self.segments.values():
            for engine, numbers in seg.get("audio", {}).get("engines", {}).items():
                entry = summary.setdefault(engine, {"segments": [], "sentences": 0})
                entry["segments"].append(seg["number"])
                entry["sentences"] += count_ranges(numbers)
        return {name: {"segments": compact_ranges(e["segments"]), "sentences": e["sentences"]}
                for name, e in sorted(summary.items())}

    def counts(self, which: str) -> dict[str, int]:
        want = which == "rebuilt"
        result = {"slides": sum(1 for s in self.slides if s["rebuilt"] == want)}
        for kind in ("audio", "clip"):
            result[kind] = sum(1 for seg in self.segments.values() if kind in seg and seg[kind]["rebuilt"] == want)
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "lecturecast": __version__,
            "started": self.started,
            "finished": _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds"),
            "lecture": self.lecture,
            "options": self.options,
            "stage_seconds": {k: round(v, 3) for k, v in self.stage_seconds.items()},
            "rebuilt": self.counts("rebuilt"),
            "reused": self.counts("reused"),
            "outputs": self.outputs,
            "engines": self.engines(),
            "timing": self.timing,
            "segments": self.segments,
            "slides": self.slides,
            "visuals_to_add": self.visuals_to_add,
        }

    def write(self, out: Path) -> Path:
        return write_text_atomic(out / MANIFEST, json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n")
