"""Review before publishing (``lecturecast check``): facts to verify, an audio check by offline speech
recognition, timing and structure problems — written as ``review.json`` and ``review.html``.

Sits on top of the stages: it reads the script (``script``), the build's outputs (``build.json``,
``audio/*.wav``), the lexicon (``voice``) and picture matching (``plan.images``); nothing imports it
but the CLI.
"""
from __future__ import annotations

import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..model import Lecture
from ..script.report import ImportReport
from . import asr as asr_module
from .audiocheck import check_audio
from .claims import claim_rows
from .llm import judge_claims
from .records import AudioRow, Review
from .report import write_review
from .structure import problems
from .timeline import Timeline, stale_note

log = logging.getLogger(__name__)

__all__ = ["CheckOptions", "Review", "run_check", "write_review"]


@dataclass(frozen=True)
class CheckOptions:
    asr: bool = True
    llm_url: str | None = None
    llm_model: str = "llama3.2"
    llm_timeout: float = 10.0
    llm_budget: float = 120.0
    threads: int | None = None
    progress: Callable[[str, int, int], None] | None = None


def run_check(lecture: Lecture, report: ImportReport | None, out: Path, options: CheckOptions) -> Review:
    """Everything the review page shows; raises nothing for a lecture that was never built."""
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    timeline = Timeline(lecture, Path(out))
    notes = [n for n in (stale_note(lecture, timeline),) if n]
    claims = claim_rows(lecture, timeline)
    seconds["claims"] = time.perf_counter() - t
    if options.llm_url:
        t = time.perf_counter()
        claims, warnings = judge_claims(claims, options.llm_url, options.llm_model, timeout=options.llm_timeout,
                                        budget=options.llm_budget)
        notes += warnings
        seconds["llm"] = time.perf_counter() - t
    t = time.perf_counter()
    found = problems(lecture, report, timeline)
    seconds["structure"] = time.perf_counter() - t
    audio: list[AudioRow] = []
    audio_notes: list[str] = []
    if not options.asr:
        notes.append("speech recognition not run (turned off: --no-asr, or video without --check-asr)")
    elif not timeline.manifest:
        notes.append("speech recognition not run: nothing built yet")
    else:
        t = time.perf_counter()
        recognizer = asr_module.Recognizer(options.threads)
        seconds["asr_model"] = time.perf_counter() - t
        t = time.perf_counter()
        progress = options.progress
        audio, audio_notes = check_audio(lecture, timeline, recognizer,
                                         (lambda d, n: progress("asr", d, n)) if progress else None)
        seconds["asr"] = time.perf_counter() - t
    video = "lecture.mp4" if (Path(out) / "lecture.mp4").is_file() else None
    return Review(lecture.title, lecture.path, str(out), video, tuple(claims), tuple(audio), tuple(found),
                  tuple(notes + audio_notes), {k: round(v, 3) for k, v in seconds.items()})
