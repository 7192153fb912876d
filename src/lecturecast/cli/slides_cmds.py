"""``lecturecast slides SCRIPT``: the editable deck, slide images and the PDF handout only.

Imports nothing from ``lecturecast.voice`` or ``lecturecast.video`` (checked by a test), so it
works on machines without any speech or video stack.
"""
from __future__ import annotations

import argparse
import os

from ..errors import ConfigError
from ..pipeline.lock import writing_to
from ..script import load_lecture
from .common import (add_output_argument, add_root_argument, add_script_argument, add_wait_argument,
                     default_output_dir, print_todos)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("slides", help="build the editable deck (deck.pptx), slide images and handout.pdf",
                       description="Build deck.pptx, slides/NNN.png (1920x1080) and handout.pdf from a script. "
                                   "Needs no LibreOffice, no speech engine and no ffmpeg.")
    add_script_argument(p)
    add_output_argument(p)
    add_root_argument(p)
    p.add_argument("-j", "--jobs", type=int, default=None,
                   help="processes painting slide images in parallel (default: all cores)")
    p.add_argument("--no-png", action="store_true", help="do not write slides/NNN.png")
    p.add_argument("--no-handout", action="store_true", help="do not write handout.pdf")
    p.add_argument("--theme", default=None,
                   help="override the front matter 'theme:' (clean, dark, a .yaml or a .pptx template)")
    add_wait_argument(p)
    p.set_defaults(func=cmd_slides)


def cmd_slides(args: argparse.Namespace) -> int:
    from ..slides import build_slides, load_theme  # python-pptx, Pillow, fonts: only when this command runs

    jobs = args.jobs if args.jobs is not None else (os.cpu_count() or 1)
    if jobs < 1:
        raise ConfigError(f"-j {jobs} is not a number of processes", hint="use -j 1 or more")
    lecture = load_lecture(args.script, root=args.root)
    out = default_output_dir(args.script, args.output)
    theme = load_theme(lecture, args.theme) if args.theme else None
    with writing_to(out, wait=args.wait) as owned:
        result = build_slides(lecture, out, jobs=jobs, png=not args.no_png, handout=not args.no_handout,
                              theme=theme, owned=owned)
    plan = result.plan
    print(f"deck:    {result.deck}  ({len(plan.slides)} slides)")
    if result.pngs:
        print(f"images:  {out / 'slides'}  ({len(result.pngs)} PNGs, {result.rendered} painted)")
    if result.handout:
        print(f"handout: {result.handout}")
    if result.cue_cards:
        print(f"{len(result.cue_cards)} visual cue(s) have no image yet; the deck shows a card for each:")
        print_todos(result.cue_cards, "the slide notes and the handout")
    return 0
