"""``lecturecast check``: the review page (facts to verify, audio check, timing and structure)."""
from __future__ import annotations

import argparse
import json
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..pipeline.lock import writing_to
from ..script import load_any
from .common import add_output_argument, add_root_argument, add_script_argument, add_wait_argument, default_output_dir
from .progress import ProgressBar

if TYPE_CHECKING:  # the review stack (voice, plan.images) is imported only when a command needs it
    from ..model import Lecture
    from ..review import CheckOptions, Review
    from ..script.report import ImportReport

log = logging.getLogger(__name__)

DESCRIPTION = """\
Write review.html (one self-contained page: the video embedded, every row linked to its moment
and its script line) and review.json into the output folder:
facts to verify (dates, people credited, numbers, firsts), an audio check by offline speech
recognition against the script's original narration (word error rate, words heard wrong with a
suggested lexicon entry, stage directions heard, long silences, clipping, abrupt onsets, loudness),
and timing/structure problems (drift, slides shown < 2.5 s, lint, visuals without a picture,
lines the importer did not use).  Run it after 'lecturecast video'; without a build only the
facts and the script's problems are listed.  See docs/review.md."""


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check", help="review before publishing: facts to verify, audio check, timing (review.html)",
                       description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter)
    add_script_argument(p)
    add_output_argument(p)
    p.add_argument("--no-asr", action="store_true", help="skip the speech recognition (fast: ~1 s)")
    p.add_argument("--llm", metavar="URL", default=None,
                   help="ask a local model to mark each claim plausible/doubtful/unknown: ollama "
                        "(http://localhost:11434) or an OpenAI-compatible …/v1/chat/completions; never edits the script")
    p.add_argument("--llm-model", default="llama3.2", help="model name sent to --llm (default llama3.2)")
    p.add_argument("-j", "--jobs", type=int, default=None, help="CPU threads for speech recognition (default: all)")
    p.add_argument("--json", action="store_true", help="print review.json's summary as JSON")
    add_root_argument(p)
    add_wait_argument(p)
    p.set_defaults(func=cmd_check)


def review_lecture(lecture: Lecture, report: ImportReport | None, out: Path, options: CheckOptions,
                   wait: float = 0.0) -> Review:
    """Run the check and write review.json + review.html (also used by ``video``), holding the output
    folder's lock and recording both files as lecturecast's (:mod:`lecturecast.outdir`)."""
    from ..review import run_check, write_review
    from ..review.report import REVIEW_HTML, REVIEW_JSON

    review = run_check(lecture, report, out, options)
    pages = [out / REVIEW_JSON, out / REVIEW_HTML]
    with writing_to(out, wait=wait) as owned:
        owned.claim(pages)
        write_review(review, lecture)
        owned.record(pages)
        owned.save()
    return review


def print_review(review: Review) -> None:
    s = review.summary()
    out = Path(review.output)
    heard = (f"{s['segments_over_wer']} of {s['segments_checked_by_asr']} segment(s) with WER > 10 % "
             f"(overall {s['wer']:.1%})" if s["wer"] is not None else "no speech recognition")
    print(f"review: {s['claims']} claim(s) to check, {heard}, {s['problems']} problem(s) → {out / 'review.html'}")
    for note in review.notes:
        print(f"  note: {note}")


def _summary(review: Review) -> dict[str, Any]:
    return {"output": review.output, "html": str(Path(review.output) / "review.html"),
            "json": str(Path(review.output) / "review.json"), **review.summary(),
            "notes": list(review.notes), "seconds": review.seconds}


def asr_wanted(requested: bool) -> bool:
    """``requested`` unless the asr extra is missing (then one info line says so)."""
    from ..review import asr

    if requested and not asr.available():
        log.info("speech recognition skipped: the 'asr' extra is not installed (pip install 'lecturecast[asr]')")
        return False
    return requested


def cmd_check(args: argparse.Namespace) -> int:
    from ..review import CheckOptions

    lecture, report = load_any(args.script, root=args.root)
    out = default_output_dir(args.script, args.output)
    out.mkdir(parents=True, exist_ok=True)
    options = CheckOptions(asr=asr_wanted(not args.no_asr), llm_url=args.llm, llm_model=args.llm_model, threads=args.jobs,
                           progress=None if args.json else ProgressBar())
    review = review_lecture(lecture, report, out, options, wait=args.wait)
    if args.json:
        print(json.dumps(_summary(review), indent=2, ensure_ascii=False))
    else:
        print_review(review)
    return 0
