"""Typed, frozen records of a review (``lecturecast check``): what ``review.json`` and ``review.html`` show."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

WER_LIMIT = 0.10  # segments above this word error rate are counted in the summary
SHORT_SLIDE = 2.5  # seconds: a slide on screen for less is hard to read


@dataclass(frozen=True)
class Where:
    """Where something is: segment (number, id), script file and line, clock as written, time in the video."""

    segment: str | None = None
    number: int | None = None
    path: str | None = None
    line: int | None = None
    clock: float | None = None
    at: float | None = None  # seconds in lecture.mp4 (None: not built yet)


@dataclass(frozen=True)
class ClaimRow:
    where: Where
    text: str
    kinds: tuple[str, ...]
    evidence: tuple[str, ...]
    verdict: str | None = None  # plausible | doubtful | unknown (only with --llm)
    reason: str | None = None


@dataclass(frozen=True)
class WrongWord:
    said: str  # the script's word(s)
    heard: str  # what speech recognition wrote instead ("" when the word was not heard at all)
    suggestion: str | None = None  # a lexicon line, e.g. "pretrained: pre-trained"


@dataclass(frozen=True)
class AudioRow:
    where: Where
    words: int
    errors: int
    wer: float
    heard: str
    reference: str
    wrong: tuple[WrongWord, ...] = ()
    markup_heard: tuple[str, ...] = ()
    silences: tuple[tuple[float, float], ...] = ()  # (start, seconds) inside the narration, segment-relative
    clipped_samples: int = 0
    abrupt_onsets: tuple[float, ...] = ()  # segment-relative seconds where a sound starts with no ramp
    lufs: float | None = None


@dataclass(frozen=True)
class Problem:
    kind: str  # drift | short-slide | lint | visual | unused | audio
    where: Where
    message: str
    severity: str = "warning"


@dataclass(frozen=True)
class Review:
    title: str
    script: str | None
    output: str
    video: str | None  # "lecture.mp4" when it exists in the output folder
    claims: tuple[ClaimRow, ...]
    audio: tuple[AudioRow, ...]
    problems: tuple[Problem, ...]
    notes: tuple[str, ...] = ()  # e.g. "speech recognition skipped (--no-asr)"
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self) -> dict[str, Any]:
        asr_words = sum(r.words for r in self.audio)
        return {
            "claims": len(self.claims),
            "claims_doubtful": sum(1 for c in self.claims if c.verdict == "doubtful"),
            "segments_checked_by_asr": len(self.audio),
            "segments_over_wer": sum(1 for r in self.audio if r.wer > WER_LIMIT),
            "wer": round(sum(r.errors for r in self.audio) / asr_words, 4) if asr_words else None,
            "problems": len(self.problems),
            "problems_by_kind": _count(p.kind for p in self.problems),
        }

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["summary"] = self.summary()
        data["wer_limit"] = WER_LIMIT
        return data


def _count(kinds: Any) -> dict[str, int]:
    out: dict[str, int] = {}
    for k in kinds:
        out[k] = out.get(k, 0) + 1
    return out
