"""The build engine: script → plan → {slides, voice} → video, incrementally.

``build(lecture, options)`` runs the stages named in ``options.stages``; every per-segment artifact
comes from the shared content-addressed store when its key is unchanged, so editing one segment
re-synthesises and re-encodes only that segment, then re-joins (stream copy) and re-muxes.
Whole-lecture outputs (deck, voiceover, MP4, captions, ...) are skipped when their inputs' keys match
the previous manifest and the file is still there.
"""
from __future__ import annotations

import logging
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ConfigError
from ..model import Lecture
from ..slides import load_theme
from ..slides.deck import plan_deck
from .keys import content_key
from .lock import BuildLock
from .manifest import Manifest, Previous, load_previous
from .options import BuildOptions
from .pool import context as pool_context
from .store import Store, publish, sweep_partials

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    output_dir: Path
    manifest: Manifest
    outputs: dict[str, Path] = field(default_factory=dict)
    stage_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rebuilt(self) -> dict[str, int]:
        return self.manifest.counts("rebuilt")

    @property
    def reused(self) -> dict[str, int]:
        return self.manifest.counts("reused")


class _Timer:
    def __init__(self, sink: dict[str, float], name: str):
        self.sink, self.name = sink, name

    def __enter__(self) -> None:
        self.t0 = time.perf_counter()

    def __exit__(self, *exc: Any) -> None:
        self.sink[self.name] = self.sink.get(self.name, 0.0) + time.perf_counter() - self.t0


def build(lecture: Lecture, options: BuildOptions) -> BuildResult:
    out = options.output_dir
    out.mkdir(parents=True, exist_ok=True)
    with BuildLock(out, wait=options.lock_wait):
        return _build_locked(lecture, options)


def _build_locked(lecture: Lecture, opts: BuildOptions) -> BuildResult:
    from . import stages

    out = opts.output_dir
    store = Store(opts.cache_dir)
    sweep_partials(out, min_age=0.0)  # we hold the lock: any temp file here is from a killed build
    sweep_partials(opts.cache_dir, min_age=3600.0)  # shared cache: only clearly abandoned ones
    previous = load_previous(out)
    manifest = Manifest.start(lecture, opts)
    result = BuildResult(out, manifest)
    timings = result.stage_seconds
    forced = _forced_segment(lecture, opts)

    with _Timer(timings, "plan"):
        theme = load_theme(lecture)
        plan = plan_deck(lecture, theme)
    manifest.set_plan(plan)

    # ---- slides -----------------------------------------------------------------------------
    with _Timer(timings, "slides"):
        force_keys = frozenset(s.key for s in plan.slides if forced and s.segment_id == forced)
        images = stages.slide_images(plan.slides, theme, store, opts, force_keys)
        pngs = [publish(img.path, out / "slides" / f"{spec.number:03d}.png") for spec, img in zip(plan.slides, images)]
        _remove_stale(out / "slides", {p.name for p in pngs}, "*.png")
        manifest.record_slides(plan.slides, images, pngs)
    # deck.pptx and handout.pdf are written in their own process beside the audio and video stages
    # (a narration edit changes the notes, so both are rewritten, off the critical path)
    docs, docs_pool = None, None
    if "slides" in opts.stages:
        outputs, deck, handout = _deck_jobs(plan, theme, pngs, previous, manifest, opts)
        result.outputs.update(outputs)
        if deck is not None or handout is not None:
            # one task, then the process exits: its memory (python-pptx, Pillow, fonts: ~130 MB) is
            # returned before the synthesis peak instead of idling until the end of the build
            docs_pool = ProcessPoolExecutor(max_workers=1, mp_context=pool_context(), max_tasks_per_child=1)
            docs = docs_pool.submit(_write_docs, plan, theme, pngs, deck, handout, opts.cache_dir)
    try:
        _media_stages(lecture, plan, pngs, images, opts, store, manifest, previous, result, forced)
        media_done = time.perf_counter()
        if docs is not None:
            timings["deck (own process)"] = docs.result()  # its own run time, beside the media stages
            timings["waited for deck"] = time.perf_counter() - media_done
    finally:
        if docs_pool is not None:
            docs_pool.shutdown(wait=True, cancel_futures=True)
    return _finish(result, previous)


def _media_stages(lecture: Lecture, plan: Any, pngs: list[Path], images: list[Any], opts: BuildOptions,
                  store: Store, manifest: Manifest, previous: Previous, result: BuildResult,
                  forced: str | None) -> None:
    from . import stages

    timings, out = result.stage_seconds, opts.output_dir
    if opts.stages == ("slides",):
        return

    # ---- audio ------------------------------------------------------------------------------
    from ..voice import get_engine

    with _Timer(timings, "audio"):
        # resolves 'auto' once per run (one probe, one warning); workers inherit the decision
        get_engine(opts.engine)
        audios = stages.segment_audio(lecture, opts.engine, opts)
        manifest.record_audio(lecture, audios, previous, out)
    if "video" not in opts.stages:
        from .assemble import write_voiceover_only

        with _Timer(timings, "mix"):
            result.outputs.update(write_voiceover_only(lecture, audios, opts, store, manifest, previous))
        return

    # ---- timing, clips, join, mux, sidecars -------------------------------------------------
    from .assemble import assemble_video

    result.outputs.update(assemble_video(lecture, plan, pngs, images, audios, opts, store, manifest,
                                         previous, timings, forced))


def _forced_segment(lecture: Lecture, opts: BuildOptions) -> str | None:
    if not opts.force_segment:
        return None
    try:
        return lecture.segment(opts.force_segment).id
    except KeyError:
        ids = ", ".join(s.id for s in lecture.segments[:8])
        raise ConfigError(f"no segment {opts.force_segment!r} in {lecture.path or 'the script'}",
                          hint=f"use a number 1-{len(lecture.segments)} or an id such as {ids}") from None


def _deck_jobs(plan: Any, theme: Any, pngs: list[Path], previous: Previous, manifest: Manifest,
               opts: BuildOptions) -> tuple[dict[str, Path], Path | None, Path | None]:
    """Decide (cheaply, in the parent) which of deck.pptx / handout.pdf must be written."""
    out = opts.output_dir
    deck, handout = out / "deck.pptx", out / "handout.pdf"
    deck_key = content_key("deck", repr(plan), theme.fingerprint)
    deck_rebuilt = previous.output_key("deck") != deck_key or not deck.exists()
    manifest.outputs["deck"] = {"key": deck_key, "file": deck.name, "rebuilt": deck_rebuilt}
    outputs = {"deck": deck}
    handout_rebuilt = False
    if opts.handout:
        hkey = content_key("handout", deck_key, [p.name for p in pngs])
        handout_rebuilt = previous.output_key("handout") != hkey or not handout.exists()
        manifest.outputs["handout"] = {"key": hkey, "file": handout.name, "rebuilt": handout_rebuilt}
        outputs["handout"] = handout
    return outputs, deck if deck_rebuilt else None, handout if handout_rebuilt else None


def _write_docs(plan: Any, theme: Any, pngs: list[Path], deck: Path | None, handout: Path | None,
                cache_dir: Path | None = None) -> float:
    """Worker (own process, so python-pptx's pure-Python work does not hold the GIL of the build);
    returns its own run time."""
    t0 = time.perf_counter()
    from ..slides import write_handout, write_pptx

    if deck is not None:
        write_pptx(plan, theme, deck)
    if handout is not None:
        write_handout(plan, theme, handout, pngs, cache_dir)
    return time.perf_counter() - t0


def _remove_stale(folder: Path, keep: set[str], pattern: str) -> None:
    if not folder.is_dir():
        return
    for path in folder.glob(pattern):
        if path.name not in keep:
            path.unlink(missing_ok=True)


def _finish(result: BuildResult, previous: Previous) -> BuildResult:
    result.manifest.stage_seconds = dict(result.stage_seconds)
    result.manifest.write(result.output_dir)
    return result
