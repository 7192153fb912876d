"""The per-segment artifact stages: slide images, segment audio, segment clips.

Each stage looks every artifact up in the content-addressed :class:`~.store.Store` by its key and
only computes the missing ones, in parallel.  The worker functions are module-level so a process
pool can run them; each writes its artifact atomically, so a killed build leaves only whole files.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..model import Lecture, Segment
from .keys import content_key
from .options import BuildOptions
from .pool import run_all
from .store import Store

log = logging.getLogger(__name__)

CLIP_ENCODER_VERSION = 2  # 2: still-GOP clips (one IDR per slide + pre-encoded skip P-frames)


# ---------------------------------------------------------------------------------- workers
def _render_slide(spec: Any, theme: Any, dest: str) -> None:
    from ..slides import render_png

    render_png(spec, theme, Path(dest))


_ENGINES: dict[str, Any] = {}


def _engine(name: str) -> Any:
    if name not in _ENGINES:
        from ..voice import get_engine

        _ENGINES[name] = get_engine(name)
    return _ENGINES[name]


def _synthesize(segment: Segment, lecture: Lecture, engine_name: str, cache_dir: str) -> Any:
    from ..voice import synthesize_segment

    return synthesize_segment(segment, lecture, _engine(engine_name), Path(cache_dir))


def _encode_clip(frames: Sequence[tuple[str, float]], duration: float, fps: int, dest: str,
                 fade_in: float = 0.0, fade_out: float = 0.0, template_dir: str | None = None) -> None:
    from ..video import encode_still_clip

    encode_still_clip([(Path(p), off) for p, off in frames], duration, Path(dest), fps=fps,
                      fade_in=fade_in, fade_out=fade_out, template_dir=template_dir)


# ---------------------------------------------------------------------------------- stages
@dataclass
class Artifact:
    key: str
    path: Path
    rebuilt: bool


def slide_images(specs: Sequence[Any], theme: Any, store: Store, opts: BuildOptions,
                 force_keys: frozenset[str] = frozenset()) -> list[Artifact]:
    """PNG per slide spec (keyed by ``spec.key``, which covers every pixel input)."""
    todo: list[tuple] = []
    out: list[Artifact] = []
    for spec in specs:
        path = store.path("slide", spec.key, ".png")
        cached = store.get("slide", spec.key, ".png") and spec.key not in force_keys
        out.append(Artifact(spec.key, path, rebuilt=not cached))
        if not cached:
            todo.append((spec, theme, str(path)))
    # identical slides (same key) are rendered once
    unique = list({args[2]: args for args in todo}.values())
    run_all(_render_slide, unique, jobs=opts.jobs,
            on_done=lambda d, t: opts.report("slides", d, t))
    return out


def segment_audio(lecture: Lecture, engine_name: str, opts: BuildOptions,
                  segments: Sequence[Segment] | None = None) -> list[Any]:
    """SegmentAudio per segment; the voice layer caches per sentence, so this is cheap when warm."""
    from ..voice.engines.base import warn_unhonoured_voices

    warn_unhonoured_voices(lecture, engine_name)  # here: the workers' warnings are not shown
    segs = list(segments if segments is not None else lecture.segments)
    args = [(seg, lecture, engine_name, str(opts.cache_dir)) for seg in segs]
    return run_all(_synthesize, args, jobs=opts.jobs, on_done=lambda d, t: opts.report("audio", d, t))


def clip_key(frames: Sequence[tuple[str, float]], duration: float, fps: int, fades: tuple[float, float]) -> str:
    """``frames`` are (slide key, offset) pairs."""
    return content_key("clip", CLIP_ENCODER_VERSION, [(k, round(o, 3)) for k, o in frames], round(duration, 3),
                       fps, fades)


@dataclass
class ClipJob:
    name: str  # segment id, or "title" / "closing"
    frames: list[tuple[str, Path, float]]  # (slide key, png path, offset seconds)
    duration: float
    fade_in: float = 0.0
    fade_out: float = 0.0


def segment_clips(jobs: Sequence[ClipJob], store: Store, opts: BuildOptions,
                  force: frozenset[str] = frozenset()) -> list[Artifact]:
    out: list[Artifact] = []
    todo: dict[str, tuple] = {}
    for job in jobs:
        key = clip_key([(k, o) for k, _, o in job.frames], job.duration, opts.fps, (job.fade_in, job.fade_out))
        path = store.path("clip", key, ".mp4")
        cached = store.get("clip", key, ".mp4") is not None and job.name not in force
        out.append(Artifact(key, path, rebuilt=not cached))
        if not cached:
            todo[str(path)] = ([(str(p), o) for _, p, o in job.frames], job.duration, opts.fps, str(path),
                               job.fade_in, job.fade_out, str(store.root / "stillgop"))
    run_all(_encode_clip, list(todo.values()), jobs=opts.jobs,
            on_done=lambda d, t: opts.report("clips", d, t))
    return out
