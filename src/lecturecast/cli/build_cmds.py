"""``lecturecast video | build | segment``: full and incremental builds."""
from __future__ import annotations

import argparse
import json
import logging
import time
from pathlib import Path

from ..errors import ConfigError, LecturecastError
from ..model import format_clock
from ..pipeline.options import BuildOptions, default_jobs
from ..script import lint, load_any
from .common import (add_output_argument, add_root_argument, add_script_argument, add_wait_argument,
                     default_output_dir, print_todos)
from .progress import ProgressBar
from .review_cmds import asr_wanted, print_review, review_lecture

log = logging.getLogger(__name__)


TIMING_HELP = ("how segments are placed in time: 'natural' lets each segment last as long as its speech "
               "(plus a short pad) and ignores the script's clocks; 'script' starts each segment at its clock "
               "(3:00 ...), holding the slide when the speech is shorter and speeding the voice up (at most "
               "max_speedup from the front matter) when it is longer; drift.txt lists what did not fit "
               "(default: 'timing:' in the front matter, else natural)")


def _add_build_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--engine", choices=("auto", "gtts", "piper", "espeak"), default="auto",
                   help="speech engine (auto: gTTS when reachable, else the bundled piper voice)")
    p.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (default: all cores)")
    p.add_argument("--timing", choices=("natural", "script"), default=None, help=TIMING_HELP)
    p.add_argument("--fps", type=int, default=10, help="video frame rate (still slides need few; default 10)")
    p.add_argument("--cache", type=Path, default=None, help="artifact cache (default: output/.cache, shared)")
    add_wait_argument(p)
    p.add_argument("--burn-captions", action="store_true",
                   help="also write lecture-captioned.mp4 with the captions drawn into the picture")
    p.add_argument("--json", action="store_true", help="print the build summary as JSON")
    add_root_argument(p)


_VIDEO_ABOUT = (
    "Build everything for one lecture script into the output folder: deck.pptx, slides/NNN.png, handout.pdf, "
    "audio/NNN-<segment>.wav, voiceover.wav, lecture.mp4 (with chapters), lecture.srt/.vtt captions, "
    "chapters.vtt, description.txt, drift.txt and build.json. Builds are incremental: every slide, sentence "
    "and clip is cached by its content, so after an edit only what changed is made again. Problems 'lint' "
    "reports as errors (a clock going backwards, ...) are printed as warnings first. Files of yours in the "
    "output folder are never deleted; one at a name lecturecast writes is kept aside as NAME.kept.EXT.")
_BUILD_ABOUT = (
    "Build several lecture scripts (a course) one after another, each into <root>/<script-stem>/ exactly as "
    "'lecturecast video' would, sharing one cache (<root>/.cache), so slides and sentences the lectures have "
    "in common are made once. Stops at the first lecture that fails; the ones before it are complete.")
_SEGMENT_ABOUT = (
    "Rebuild the lecture after editing one segment and say where that segment plays in lecture.mp4 "
    "(start and end, its section and clock). The whole lecture is brought up to date (only what changed is "
    "made again); with --force the segment's slides are repainted and its clip re-encoded even when cached. "
    "'lecturecast import SCRIPT' lists the segments with their numbers and ids.")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("video", help="build everything: deck, handout, voiceover, MP4, captions, chapters",
                       description=_VIDEO_ABOUT)
    add_script_argument(p)
    add_output_argument(p)
    _add_build_options(p)
    p.add_argument("--check-asr", action="store_true",
                   help="also run the speech-recognition part of the review (needs the asr extra; costs a model "
                        "load plus ~0.25 CPU-seconds per second of video, docs/review.md); without it "
                        "review.html lists facts to verify and problems only")
    p.add_argument("--no-check", action="store_true", help="do not write review.html / review.json after the build")
    p.set_defaults(func=cmd_video)

    p = sub.add_parser("build", help="build several lectures (a course) sharing one cache", description=_BUILD_ABOUT)
    p.add_argument("scripts", type=Path, nargs="+", help="lecture scripts")
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="output root; each lecture goes to <root>/<script-stem>/ (default: output/)")
    _add_build_options(p)
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("segment", help="rebuild one segment (number or id) and re-join the lecture",
                       description=_SEGMENT_ABOUT)
    add_script_argument(p)
    p.add_argument("segment", help="segment number (1-based, see 'lecturecast import') or id")
    add_output_argument(p)
    _add_build_options(p)
    p.add_argument("--force", action="store_true", help="re-render its slides and re-encode its clip even if cached (its audio is re-synthesised whenever its text, voice or engine changes)")
    p.set_defaults(func=cmd_segment)


def _options(args: argparse.Namespace, out: Path, **extra):
    return BuildOptions(
        output_dir=out, cache_dir=args.cache, engine=args.engine, jobs=args.jobs or default_jobs(),
        fps=args.fps, timing=args.timing, lock_wait=args.wait, burn_captions=args.burn_captions,
        progress=None if args.json else ProgressBar(), **extra,
    )


def _run(script: Path, out: Path, args: argparse.Namespace, lecture=None, **extra):
    from ..pipeline.engine import build  # loads every layer: only when a build runs

    if args.fps < 1 or args.fps > 60:
        raise ConfigError(f"--fps {args.fps} is out of range", hint="use 1-60")
    lecture = lecture or _load_and_lint(script, args.root)[0]
    t0 = time.perf_counter()
    result = build(lecture, _options(args, out, **extra))
    return lecture, result, time.perf_counter() - t0


def _load_and_lint(script: Path, root: Path | None = None):
    """The lecture and its import report; what 'lint' reports as errors (a clock going backwards, ...) is shown as warnings
    before the build starts, the number of lint warnings in one line."""
    lecture, report = load_any(script, root)
    findings = lint(lecture, report)
    for finding in findings:
        if finding.severity == "error":
            log.warning("warning: %s", finding)
    warnings = sum(1 for f in findings if f.severity == "warning")
    if warnings:
        log.warning("warning: %s has %d lint warning(s); 'lecturecast lint %s' lists them", script, warnings, script)
    return lecture, report


def _summary(lecture, result, seconds: float) -> dict:
    m = result.manifest
    return {
        "lecture": lecture.title,
        "output": str(result.output_dir),
        "seconds": round(seconds, 2),
        "duration": m.timing.get("total"),
        "bytes": m.outputs.get("lecture", {}).get("bytes"),
        "rebuilt": m.counts("rebuilt"),
        "reused": m.counts("reused"),
        "overruns": m.timing.get("overruns", []),
        "stage_seconds": {k: round(v, 2) for k, v in result.stage_seconds.items()},
        "outputs": {k: str(v) for k, v in result.outputs.items()},
        "visuals_to_add": list(m.visuals_to_add),
    }


def _print_summary(s: dict) -> None:
    dur = s["duration"]
    size = s["bytes"]
    print(f"{s['lecture']}: {s['output']}")
    if dur is not None:
        print(f"  length {format_clock(dur)} ({dur:.1f} s)" + (f", {size / 1e6:.1f} MB" if size else ""))
    rb, ru = s["rebuilt"], s["reused"]
    print("  rebuilt: " + ", ".join(f"{v} {k}" for k, v in rb.items())
          + " | reused: " + ", ".join(f"{v} {k}" for k, v in ru.items()))
    print("  time: " + ", ".join(f"{k} {v:.1f}s" for k, v in s["stage_seconds"].items()) + f" | total {s['seconds']:.1f}s")
    if s["visuals_to_add"]:
        print(f"  {len(s['visuals_to_add'])} visual(s) to add (the video shows a diagram or a card instead; "
              "also in the notes and handout):")
        print_todos(s["visuals_to_add"], "review.html, build.json and the slide notes")
    if s["overruns"]:
        print(f"  drift: {len(s['overruns'])} segment(s) did not fit their clocks — see {s['output']}/drift.txt")


def cmd_video(args: argparse.Namespace) -> int:
    out = default_output_dir(args.script, args.output)
    lecture, report = _load_and_lint(args.script, args.root)
    lecture, result, seconds = _run(args.script, out, args, lecture=lecture)
    summary = _summary(lecture, result, seconds)
    review = None if args.no_check else _review(lecture, report, out, args)
    if review is not None:
        summary["review"] = {"html": str(out / "review.html"), **review.summary(), "notes": list(review.notes)}
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    _print_summary(summary)
    if review is not None:
        print_review(review)
    return 0


def _review(lecture, report, out: Path, args: argparse.Namespace):
    """The review page after a build: facts and problems always, speech recognition with --check-asr."""
    from ..review import CheckOptions

    use_asr = asr_wanted(args.check_asr)
    if not args.check_asr:
        log.info("review: speech recognition not run (add --check-asr, or run 'lecturecast check')")
    try:
        return review_lecture(lecture, report, out, CheckOptions(asr=use_asr, threads=args.jobs), wait=max(args.wait, 5.0))
    except (LecturecastError, OSError) as exc:  # the build is done: a review that fails is one warning
        log.warning("review.html not written: %s (run 'lecturecast check' for details)", exc)
        return None


def cmd_build(args: argparse.Namespace) -> int:
    root = args.output or Path("output")
    if args.cache is None:
        args.cache = root / ".cache"
    summaries = []
    for script in args.scripts:
        lecture, result, seconds = _run(script, root / script.stem, args)
        summaries.append(_summary(lecture, result, seconds))
        if not args.json:
            _print_summary(summaries[-1])
    if args.json:
        print(json.dumps(summaries, indent=2))
    return 0


def cmd_segment(args: argparse.Namespace) -> int:
    out = default_output_dir(args.script, args.output)
    lecture = _load_and_lint(args.script, args.root)[0]
    try:
        seg = lecture.segment(args.segment)
    except KeyError:
        raise ConfigError(f"no segment {args.segment!r} in {args.script}",
                          hint=f"use 1-{len(lecture.segments)} or an id; 'lecturecast import SCRIPT' lists them") from None
    lecture, result, seconds = _run(args.script, out, args, lecture=lecture,
                                    force_segment=args.segment if args.force else None)
    entry = result.manifest.segments[seg.id]
    summary = _summary(lecture, result, seconds)
    summary["segment"] = {"id": seg.id, **{k: v for k, v in entry.items()}}
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    where = (f"{format_clock(entry['start'])}–{format_clock(entry['end'])} "
             f"({entry['start']:.2f}–{entry['end']:.2f} s) in {out / 'lecture.mp4'}") if "start" in entry else ""
    print(f"segment {entry['number']}/{len(lecture.segments)} {seg.id!r} — section {entry['section']!r}, "
          f"script clock {format_clock(seg.clock) or 'none'}")
    if where:
        print(f"  plays at {where}")
    _print_summary(summary)
    return 0
