"""The per-segment artifact stages: slide images, segment audio, segment clips.

Each stage looks every artifact up in the content-addressed :class:`~.store.Store` by its key and
only computes the missing ones, in parallel.  The worker functions are module-level so a process
pool can run them; each writes its artifact atomically, so a killed build leaves only whole files.

This module imports no layer (slides, voice, video) at module level: a worker process imports this
module to find its function, and each worker imports the one layer it runs inside the function, so a
slide painter never loads numpy/pydub and a clip encoder never loads python-pptx
(docs/architecture.md, "Imports inside functions").
"""
from __future__ import annotations

import logging
import time
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
CLIP_BATCH = 32  # clips per batched encode (one IDR encode + one mux run each; progress per batch)


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


def warm_up_voice(engine_name: str, voice: str) -> None:
    """Load ``engine_name`` and ``voice`` in this process, as a build with ``jobs=1`` would on its first
    sentence (a long-running caller such as the studio does this once, off the critical path)."""
    _engine(engine_name).synthesize("Ready.", voice)


def _synthesize(segment: Segment, lecture: Lecture, engine_name: str, cache_dir: str) -> Any:
    from ..voice import synthesize_segment

    return synthesize_segment(segment, lecture, _engine(engine_name), Path(cache_dir))


def _encode_clips(batch: Sequence[tuple], fps: int, template_dir: str) -> None:
    """Encode a batch of clips — ``(frames, duration, dest, fade_in, fade_out)`` each — in one go
    (:func:`lecturecast.video.encode_still_clips`: one IDR encode and one mux run for the batch)."""
    from ..video import StillClip, encode_still_clips

    encode_still_clips([StillClip(tuple((Path(p), off) for p, off in frames), duration, Path(dest), fade_in, fade_out)
                        for frames, duration, dest, fade_in, fade_out in batch], fps=fps, template_dir=template_dir)


def clip_batches(todo: Sequence[tuple], jobs: int, most: int = CLIP_BATCH) -> list[list[tuple]]:
    """``todo`` in near-equal batches: at least one per job, none longer than ``most``."""
    if not todo:
        return []
    count = max(min(len(todo), max(1, jobs)), -(-len(todo) // most))
    return [list(todo[k::count]) for k in range(count)]


def write_docs(plan: Any, theme: Any, pngs: list[Path], deck: Path | None, handout: Path | None,
               cache_dir: Path | None = None) -> float:
    """Write deck.pptx and/or handout.pdf (run in its own process, so python-pptx's pure-Python work
    does not hold the GIL of the build); returns its own run time."""
    t0 = time.perf_counter()
    from ..slides import write_handout, write_pptx

    if deck is not None:
        write_pptx(plan, theme, deck)
    if handout is not None:
        write_handout(plan, theme, handout, pngs, cache_dir)
    return time.perf_counter() - t0


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
    """SegmentAudio per segment; the voice layer caches per sentence, so this is cheap when warm.

    Voice specs are checked first, here in the parent, so a bad one is one ConfigError line."""
    from ..voice.voices import check_voices

    check_voices(lecture)
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
            todo[str(path)] = ([(str(p), o) for _, p, o in job.frames], job.duration, str(path),
                               job.fade_in, job.fade_out)
    batches = clip_batches(list(todo.values()), opts.jobs)
    run_all(_encode_clips, [(b, opts.fps, str(store.root / "stillgop")) for b in batches], jobs=opts.jobs,
            on_done=lambda d, t: opts.report("clips", round(len(todo) * d / t), len(todo)))
    return out
