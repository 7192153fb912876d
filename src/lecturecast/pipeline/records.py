"""What the whole-lecture stages return to the build engine (frozen records).

The stages in :mod:`.assemble` write files and return these; only the engine (:mod:`.engine`) puts
them into the manifest, so no stage (and no thread of one) touches shared build state.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..plan.timing import Schedule
from .stages import Artifact, ClipJob


@dataclass(frozen=True)
class Written:
    """One whole-lecture output and what build.json says about it (``outputs[<name>]``)."""

    path: Path
    key: str | None  # None: not keyed (written every run)
    rebuilt: bool
    extra: tuple[tuple[str, Any], ...] = ()  # further build.json fields, in order

    def entry(self) -> dict[str, Any]:
        head: dict[str, Any] = {"key": self.key} if self.key is not None else {}
        return {**head, "file": self.path.name, "rebuilt": self.rebuilt, **dict(self.extra)}


@dataclass(frozen=True)
class SplicedTrack:
    """The voice track spliced from per-segment AAC chunks (build.json ``outputs.voicetrack``)."""

    key: str
    rebuilt: bool
    chunks: int
    encoded: tuple[str, ...]  # names of the chunks encoded this run

    def entry(self) -> dict[str, Any]:
        return {"key": self.key, "rebuilt": self.rebuilt, "chunks": self.chunks, "encoded": list(self.encoded)}


@dataclass(frozen=True)
class VoiceTrack:
    """The encoded voice track (AAC, muxed as is) and the voiceover.wav beside it."""

    audio: Path  # .aac (spliced chunks) or .m4a (whole-track encode) in the store
    voiceover: Written
    spliced: SplicedTrack | None  # None: the whole track was encoded at once
    seconds: tuple[tuple[str, float], ...]  # stage timings ("mix", "aac")


@dataclass(frozen=True)
class Assembly:
    """Everything the video stage produced: schedule, clips, outputs, files, stage timings."""

    schedule: Schedule
    drift: dict[str, Any]  # drift_dict without the per-segment rows (those go into manifest segments)
    slide_windows: dict[int, tuple[float, float]]  # slide number → (start, end) in the video; absent: not shown
    clips: tuple[tuple[ClipJob, Artifact], ...]
    outputs: tuple[tuple[str, Written | SplicedTrack], ...]  # build.json ``outputs`` name → record
    files: tuple[tuple[str, Path], ...]  # BuildResult.outputs (name → file)
    seconds: tuple[tuple[str, float], ...]  # stage timings
