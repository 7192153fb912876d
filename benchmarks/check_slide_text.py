"""What viewers read, measured on real scripts (the numbers in docs/slides.md and the README).

    python benchmarks/check_slide_text.py SCRIPT... [--json]

Per script: slides, layouts used, slides whose text holds "Add an image" / "VISUAL TO ADD" /
"appear on screen", the longest run of consecutive narration words on a content slide, the largest
body (words), overflowing text, and the planning time (slides are laid out, not painted).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from slides_helpers import body_words, longest_copied_run, shown_text  # noqa: E402

from lecturecast.script import load_lecture  # noqa: E402
from lecturecast.slides import load_theme, plan_deck  # noqa: E402
from lecturecast.slides.painter import check_fit  # noqa: E402

FORBIDDEN = ("add an image", "visual to add", "appear on screen")


def check(script: str) -> dict:
    lecture = load_lecture(script)
    t = time.perf_counter()
    plan = plan_deck(lecture, load_theme(lecture))
    seconds = time.perf_counter() - t
    narration = {seg.id: seg.narration for seg in lecture.segments}
    content = [s for s in plan.slides if s.segment_id and s.kind != "section"]
    return {
        "script": Path(script).name,
        "slides": len(plan.slides),
        "layouts": dict(collections.Counter(s.design for s in plan.slides).most_common()),
        "forbidden": sum(1 for s in plan.slides if any(b in s.text.lower() for b in FORBIDDEN)),
        "max_copied_run": max((longest_copied_run(shown_text(s), narration[s.segment_id]) for s in content),
                              default=0),
        "max_body_words": max((body_words(s) for s in content), default=0),
        "overflows": sum(len(check_fit(s)) for s in plan.slides),
        "plan_seconds": round(seconds, 2),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scripts", nargs="+")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    rows = [check(s) for s in args.scripts]
    if args.json:
        print(json.dumps(rows, indent=2, ensure_ascii=False))
        return
    for r in rows:
        print(f"{r['script'][:48]:48} {r['slides']:4} slides  forbidden {r['forbidden']}  run {r['max_copied_run']:2}"
              f"  body {r['max_body_words']:2}  overflow {r['overflows']}  {r['plan_seconds']:5.2f}s  {r['layouts']}")


if __name__ == "__main__":
    main()
