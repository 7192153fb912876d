"""Slides benchmark (issue 3).

    python benchmarks/bench_slides.py [--slides 50] [--png 10] [--jobs 2] [--json FILE]
    python benchmarks/bench_slides.py --check SCRIPT...   # acceptance on real scripts

Default run, on a synthetic lecture built from model objects (no parser needed):
  * plan + deck.pptx for a ``--slides``-slide deck (target: ≤ 2 s, fonts warm as in any real run;
    the first, cold run is reported too);
  * painting ``--png`` slide PNGs serially (seconds per slide) and the whole deck with ``--jobs``;
  * the handout PDF: cold (slide images encoded) and rebuilt from its per-slide image cache.

``--check`` loads each script with ``lecturecast.script.load_lecture``, builds the deck and reports:
slide count vs the documented rule, narration words missing from the re-read notes, planned
overflows, and — when LibreOffice is installed — whether it converts the deck to PDF and whether
every word of that PDF lies inside a planned text frame with the planned number of lines.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from lecturecast.model import BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech  # noqa: E402

TEXT = ("Gradient descent walks downhill on the loss surface, one small step at a time, and the learning "
        "rate decides how long each step is. ")


def synthetic(slides: int) -> Lecture:
    """A lecture whose deck has exactly ``slides`` slides (title + 2 sections + segments + closing)."""
    n = slides - 4
    segs = []
    for i in range(n):
        kind = i % 4
        blocks: tuple = (Speech(f"Part {i}. " + TEXT * 2),)
        if kind == 0:
            blocks += (Bullets(tuple(BulletItem(f"Point {k}: {TEXT[:60]}", k % 2) for k in range(5))),)
        elif kind == 1:
            blocks = (Speech("Code time."), Code("def step(w, grad, lr=0.1):\n    return w - lr * grad\n" * 4,
                                                 language="python"), Speech(TEXT))
        elif kind == 2:
            blocks += (Cue(CueKind.VISUAL, f"Animation of the loss surface number {i}"),)
        segs.append(Segment(f"s{i}", blocks, title=f"Topic {i}: gradient descent", clock=60.0 * i))
    half = n // 2
    return Lecture(Meta(title="Benchmark lecture", subtitle="Synthetic", author="bench"),
                   (Section("First half", tuple(segs[:half])), Section("Second half", tuple(segs[half:]))))


def bench(args: argparse.Namespace) -> dict:
    from lecturecast.slides.deck import plan_deck
    from lecturecast.slides import load_theme, render_pngs, write_handout, write_pptx
    from lecturecast.slides.painter import render_png

    lecture = synthetic(args.slides)
    tmp = Path(tempfile.mkdtemp(prefix="bench-slides-"))
    res: dict = {}
    try:
        runs = []
        for _ in range(3):
            t = time.perf_counter()
            theme = load_theme(lecture)
            plan = plan_deck(lecture, theme)
            write_pptx(plan, theme, tmp / "deck.pptx")
            runs.append(time.perf_counter() - t)
        res["slides"] = len(plan.slides)
        res["pptx_cold_s"], res["pptx_warm_s"] = round(runs[0], 3), round(min(runs[1:]), 3)
        t = time.perf_counter()
        for spec in plan.slides[: args.png]:
            render_png(spec, theme, tmp / "one" / f"{spec.number:03d}.png")
        res["png_s_per_slide"] = round((time.perf_counter() - t) / min(args.png, len(plan.slides)), 3)
        t = time.perf_counter()
        pngs, _ = render_pngs(plan, theme, tmp / "slides", jobs=args.jobs)
        res[f"png_all_j{args.jobs}_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()  # cold: every slide image resized and JPEG-encoded, text laid out
        write_handout(plan, theme, tmp / "handout.pdf", [str(p) for p in pngs], cache_dir=tmp / "cache")
        res["handout_s"] = round(time.perf_counter() - t, 2)
        t = time.perf_counter()  # rebuild: slide images from the cache, text laid out again
        write_handout(plan, theme, tmp / "handout.pdf", [str(p) for p in pngs], cache_dir=tmp / "cache")
        res["handout_cached_s"] = round(time.perf_counter() - t, 2)
        res["handout_pages"] = len(re.findall(rb"/Type /Page\b", (tmp / "handout.pdf").read_bytes()))
        res["handout_kb"] = (tmp / "handout.pdf").stat().st_size // 1024
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    res["pptx_target_met"] = res["pptx_warm_s"] <= 2.0
    return res


WORD = re.compile(r"[\w'’-]+")


def check(scripts: list[str]) -> list[dict]:
    from pptx import Presentation

    from lecturecast.plan.chunks import chunk_segment
    from lecturecast.plan.deck import has_divider
    from lecturecast.plan.wording import wording
    from lecturecast.script import load_lecture
    from lecturecast.slides import build_slides
    from lecturecast.slides.painter import check_fit

    have_lo = bool(shutil.which("soffice") and shutil.which("pdftotext"))
    rows = []
    for script in scripts:
        row: dict = {"script": Path(script).name}
        tmp = Path(tempfile.mkdtemp(prefix="check-slides-"))
        try:
            lecture = load_lecture(script)
            t = time.perf_counter()
            result = build_slides(lecture, tmp, png=False, handout=False)
            row["build_s"] = round(time.perf_counter() - t, 2)
            plan = result.plan
            rule = (2 + sum(1 for s in lecture.sections if has_divider(s)) + (1 if lecture.references else 0)
                    + sum(len(chunk_segment(s, wording(lecture.meta.language), lecture.meta.rate_wpm))
                          for s in lecture.segments))
            conts = sum(1 for s in plan.slides if s.kind == "continuation")
            row.update(segments=len(lecture.segments), slides=len(plan.slides), rule=rule, continuations=conts,
                       rule_ok=rule + conts == len(plan.slides))
            prs = Presentation(str(result.deck))
            have: dict[str, set[str]] = {}  # each slide's notes hold its part; a segment's slides all of it
            for spec, slide in zip(plan.slides, prs.slides):
                if spec.segment_id:
                    have.setdefault(spec.segment_id, set()).update(
                        w.lower() for w in WORD.findall(slide.notes_slide.notes_text_frame.text))
            missing = sum(len({w.lower() for w in WORD.findall(seg.narration)} - have.get(seg.id, set()))
                          for seg in lecture.segments)
            row["notes_missing_words"] = missing
            row["planned_overflows"] = sum(len(check_fit(s)) for s in plan.slides)
            if have_lo:
                from slides_helpers import lo_layout_problems, soffice_pdf

                t = time.perf_counter()
                pdf = soffice_pdf(result.deck, tmp)
                row["lo_pdf_s"] = round(time.perf_counter() - t, 1)
                problems = lo_layout_problems(plan, pdf)
                row["lo_words_outside_frames"] = sum("outside" in p for p in problems)
                row["lo_more_lines_than_planned"] = sum(_more(p) for p in problems)
                row["lo_fewer_lines_than_planned"] = sum("lines in LibreOffice" in p and not _more(p)
                                                         for p in problems)
                row["lo_problem_examples"] = problems[:3]
        except Exception as exc:  # report and go on with the next script
            row["error"] = f"{type(exc).__name__}: {exc}"
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
        rows.append(row)
        print(json.dumps(row, ensure_ascii=False), flush=True)
    return rows


def _more(problem: str) -> bool:
    m = re.search(r"has (\d+) lines in LibreOffice, (\d+) planned", problem)
    return bool(m) and int(m.group(1)) > int(m.group(2))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--slides", type=int, default=50)
    ap.add_argument("--png", type=int, default=10, help="slides painted serially to time one PNG")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--json", type=Path, default=None)
    ap.add_argument("--check", nargs="+", default=None, metavar="SCRIPT")
    args = ap.parse_args()
    result = check(args.check) if args.check else bench(args)
    if not args.check:
        print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
