"""lecturecast.slides — editable PPTX deck, 1920×1080 slide PNGs and a PDF handout.

Never imports ``lecturecast.voice`` or ``lecturecast.video``.  Public API (see docs/slides.md)::

    load_theme(lecture) -> Theme
    write_pptx(plan, theme, path); render_png(spec, theme, path); write_handout(plan, theme, path, pngs)
    build_slides(lecture, out_dir, *, jobs=1, only=None, png=True, handout=True) -> SlidesResult

What each slide says comes from :mod:`lecturecast.plan` (``plan.deck.plan_slides``); this package
picks a layout per slide and measures it (:func:`.deck.plan_deck`), then writes and paints it.
"""
from __future__ import annotations

import logging
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Collection, Sequence

from ..outdir import OwnedFiles
from .deck import DeckPlan, SlideSpec, plan_deck
from .handout import write_handout as _write_handout
from .painter import png_key
from .painter import render_png as _render_png
from .pptx_writer import write_pptx as _write_pptx
from .theme import Theme
from .theme_loader import load_theme

log = logging.getLogger(__name__)

__all__ = ["Theme", "SlidesResult", "DeckPlan", "SlideSpec", "load_theme", "plan_deck", "write_pptx", "render_png",
           "write_handout", "build_slides"]


def write_pptx(plan: Any, theme: Theme, path: str | os.PathLike[str]) -> Path:
    return _write_pptx(plan, theme, path)


def render_png(spec: Any, theme: Theme, path: str | os.PathLike[str]) -> Path:
    return _render_png(spec, theme, path)


def write_handout(plan: Any, theme: Theme, path: str | os.PathLike[str],
                  pngs: Sequence[str | os.PathLike[str] | None] | None = None,
                  cache_dir: str | os.PathLike[str] | None = None) -> Path:
    return _write_handout(plan, theme, path, pngs, cache_dir)


@dataclass(frozen=True)
class SlidesResult:
    deck: Path | None
    handout: Path | None
    pngs: tuple[Path, ...]  # one per slide (paths even for slides skipped by ``only``), empty with png=False
    plan: Any = field(default=None, repr=False, compare=False)
    rendered: int = 0  # PNGs painted this run (the others were up to date)
    cue_cards: tuple[str, ...] = ()  # to-dos for visual cues without an image (never drawn on a slide)


def png_name(number: int) -> str:
    return f"{number:03d}.png"


def _render_task(args: tuple[Any, Theme, str]) -> str:
    spec, theme, path = args
    render_png(spec, theme, path)
    return path


def _wanted(spec: Any, only: Collection[int | str] | None) -> bool:
    if only is None:
        return True
    return spec.number in only or str(spec.number) in only or (spec.segment_id is not None and spec.segment_id in only)


def render_pngs(plan: Any, theme: Theme, folder: Path, *, jobs: int = 1,
                only: Collection[int | str] | None = None) -> tuple[list[Path], int]:
    """Paint the plan's slides into ``folder`` (NNN.png), skipping PNGs whose stored key matches."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / png_name(spec.number) for spec in plan.slides]
    todo = [(spec, theme, str(path)) for spec, path in zip(plan.slides, paths)
            if _wanted(spec, only) and png_key(path) != spec.key]
    if jobs > 1 and len(todo) > 1:
        with ProcessPoolExecutor(max_workers=min(jobs, len(todo))) as pool:
            list(pool.map(_render_task, todo, chunksize=max(1, len(todo) // (jobs * 4))))
    else:
        for task in todo:
            _render_task(task)
    return paths, len(todo)


def build_slides(lecture: Any, out_dir: str | os.PathLike[str], *, jobs: int = 1,
                 only: Collection[int | str] | None = None, png: bool = True, handout: bool = True,
                 deck: bool = True, theme: Theme | None = None, owned: OwnedFiles | None = None) -> SlidesResult:
    """Build ``deck.pptx``, ``slides/NNN.png`` and ``handout.pdf`` in ``out_dir``.

    ``only``: slide numbers or segment ids whose PNGs to (re)paint; the deck is always complete.
    ``owned``: the folder's record of lecturecast's files (:mod:`lecturecast.outdir`; loaded and saved
    here when not given): a file at one of these names that is not ours is set aside first, and only
    our own PNGs of slides that no longer exist are removed.  The caller holds the folder's lock.
    """
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    record = owned if owned is not None else OwnedFiles.load(out)
    theme = theme or load_theme(lecture)
    plan = plan_deck(lecture, theme)
    png_paths = [out / "slides" / png_name(spec.number) for spec in plan.slides]
    singles = ([out / "deck.pptx"] if deck else []) + ([out / "handout.pdf"] if handout else [])
    record.claim(singles)
    if png:
        record.claim([p for spec, p in zip(plan.slides, png_paths) if _wanted(spec, only)], "slides")
    deck_path = write_pptx(plan, theme, out / "deck.pptx") if deck else None
    pngs: list[Path] = []
    rendered = 0
    if png:
        pngs, rendered = render_pngs(plan, theme, out / "slides", jobs=jobs, only=only)
        log.info("painted %d of %d slide images in %s", rendered, len(pngs), out / "slides")
        if only is None:  # the deck got shorter: drop our PNGs of slides that no longer exist
            record.prune("slides", pngs)
        record.record([p for spec, p in zip(plan.slides, png_paths) if _wanted(spec, only)], "slides")
    handout_path = None
    if handout:
        handout_path = write_handout(plan, theme, out / "handout.pdf", [str(p) for p in pngs] or None)
    cards = list(dict.fromkeys(t for spec in plan.slides for t in spec.todo))  # visuals still without an image
    if cards:
        log.info("%d visual cue(s) have no image yet (the slides show a diagram or a card instead)", len(cards))
    record.record(singles)
    record.save()
    return SlidesResult(deck_path, handout_path, tuple(pngs), plan, rendered, tuple(cards))
