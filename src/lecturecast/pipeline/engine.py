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

from .. import once
from ..errors import ConfigError
from ..model import Lecture
from ..outdir import OUTPUT, OwnedFiles, sweep_partials
from ..slides import DeckPlan, Theme, load_theme
from ..slides.deck import plan_deck
from ..voice import get_engine
from . import stages
from .assemble import assemble_video, write_voiceover_only
from .keys import content_key
from .lock import writing_to
from .manifest import MANIFEST, Manifest, Previous, load_previous
from .options import BuildOptions
from .pool import context as pool_context
from .store import Store, publish

log = logging.getLogger(__name__)

# whole-lecture files the video stage writes beside the MP4 (assemble.py); planned_outputs claims them
VIDEO_OUTPUTS = ("lecture.mp4", "lecture.srt", "lecture.vtt", "chapters.vtt", "description.txt", "drift.txt")


def slide_png(out: Path, number: int) -> Path:
    return out / "slides" / f"{number:03d}.png"


def segment_wav(out: Path, number: int, seg_id: str) -> Path:
    return out / "audio" / f"{number:03d}-{seg_id}.wav"


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
    once.forget()  # each build shows its warnings once (a studio process runs many builds)
    out = options.output_dir
    out.mkdir(parents=True, exist_ok=True)
    with writing_to(out, wait=options.lock_wait) as owned:
        # the shared cache: only clearly abandoned temp files (a build of another folder may be
        # writing the others right now)
        sweep_partials([options.cache], min_age=3600.0, recursive=True)
        return _build_locked(lecture, options, owned)


def planned_outputs(plan: DeckPlan, lecture: Lecture, opts: BuildOptions) -> dict[str, list[Path]]:
    """Every file a build with ``opts`` writes into the output folder, by ownership group."""
    out = opts.output_dir
    groups: dict[str, list[Path]] = {"slides": [slide_png(out, s.number) for s in plan.slides],
                                     "build-audio": [], OUTPUT: [out / MANIFEST]}
    if "slides" in opts.stages:
        groups[OUTPUT] += [out / "deck.pptx"] + ([out / "handout.pdf"] if opts.handout else [])
    if opts.stages != ("slides",):
        groups["build-audio"] = [segment_wav(out, n, seg.id) for n, seg in enumerate(lecture.segments, 1)]
        groups[OUTPUT].append(out / "voiceover.wav")
    if "video" in opts.stages:
        groups[OUTPUT] += [out / name for name in VIDEO_OUTPUTS]
        if opts.burn_captions:
            groups[OUTPUT].append(out / "lecture-captioned.mp4")
    return groups


def _build_locked(lecture: Lecture, opts: BuildOptions, owned: OwnedFiles) -> BuildResult:
    out = opts.output_dir
    store = Store(opts.cache)
    previous = load_previous(out)
    manifest = Manifest.start(lecture, opts)
    result = BuildResult(out, manifest)
    timings = result.stage_seconds
    forced = _forced_segment(lecture, opts)

    with _Timer(timings, "plan"):
        theme = load_theme(lecture)
        plan = plan_deck(lecture, theme)
    manifest.set_plan(plan)
    planned = planned_outputs(plan, lecture, opts)
    for group, paths in planned.items():  # before anything is written (a teacher's file is set aside)
        owned.claim(paths, group)

    # ---- slides -----------------------------------------------------------------------------
    with _Timer(timings, "slides"):
        force_keys = frozenset(s.key for s in plan.slides if forced and s.segment_id == forced)
        images = stages.slide_images(plan.slides, theme, store, opts, force_keys)
        pngs = [publish(img.path, png) for img, png in zip(images, planned["slides"])]
        owned.prune("slides", pngs)
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
            docs = docs_pool.submit(stages.write_docs, plan, theme, pngs, deck, handout, opts.cache_dir)
    try:
        _media_stages(lecture, plan, pngs, images, opts, store, manifest, previous, result, forced)
        if opts.stages != ("slides",):  # the segment WAVs were written this run
            owned.prune("build-audio", planned["build-audio"])
        media_done = time.perf_counter()
        if docs is not None:
            timings["deck (own process)"] = docs.result()  # its own run time, beside the media stages
            timings["waited for deck"] = time.perf_counter() - media_done
    finally:
        if docs_pool is not None:
            docs_pool.shutdown(wait=True, cancel_futures=True)
    result.manifest.stage_seconds = dict(result.stage_seconds)
    result.manifest.write(out)
    for group, paths in planned.items():
        owned.record(paths, group)
    owned.save()
    return result


def _media_stages(lecture: Lecture, plan: DeckPlan, pngs: list[Path], images: list[stages.Artifact], opts: BuildOptions,
                  store: Store, manifest: Manifest, previous: Previous, result: BuildResult,
                  forced: str | None) -> None:
    timings, out = result.stage_seconds, opts.output_dir
    if opts.stages == ("slides",):
        return

    # ---- audio ------------------------------------------------------------------------------
    with _Timer(timings, "audio"):
        # resolves 'auto' once per run (one probe, one warning); workers inherit the decision
        prefer = getattr(get_engine(opts.engine), "prefer_language", None)
        if prefer is not None:  # offline: warn here (once, in this process) which voice speaks the language
            prefer(lecture.meta.language)
        audios = stages.segment_audio(lecture, opts.engine, opts)
        manifest.record_audio(lecture, audios, previous,
                              [segment_wav(out, n, seg.id) for n, seg in enumerate(lecture.segments, 1)])
    if "video" not in opts.stages:
        with _Timer(timings, "mix"):
            voiceover = write_voiceover_only(lecture, audios, opts, store)
        manifest.outputs["voiceover"] = voiceover.entry()
        result.outputs["voiceover"] = voiceover.path
        return

    # ---- timing, clips, join, mux, sidecars -------------------------------------------------
    assembly = assemble_video(lecture, plan, pngs, images, audios, opts, store, previous, forced)
    manifest.record_assembly(assembly)
    timings.update(assembly.seconds)
    result.outputs.update(assembly.files)


def _forced_segment(lecture: Lecture, opts: BuildOptions) -> str | None:
    if not opts.force_segment:
        return None
    try:
        return lecture.segment(opts.force_segment).id
    except KeyError:
        ids = ", ".join(s.id for s in lecture.segments[:8])
        raise ConfigError(f"no segment {opts.force_segment!r} in {lecture.path or 'the script'}",
                          hint=f"use a number 1-{len(lecture.segments)} or an id such as {ids}") from None


def _deck_jobs(plan: DeckPlan, theme: Theme, pngs: list[Path], previous: Previous, manifest: Manifest,
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
