"""When each of a segment's slides is on screen, from the voice's sentence timings.

A slide is anchored at ``(block, at)``: block index and the fraction of that block's words spoken
before the slide's first sentence.  It comes on screen when that sentence starts: among the timed
sentences of the block (``SentenceTiming.block_index``, ``.text``, ``.start``) the one whose word
position is nearest to ``at`` of the block's words (so the voice's and the plan's sentence splits
need not agree exactly).  A block with no timed sentence (code, a cue) hands over at the first
sentence after it; slides after the last sentence share the hold the schedule adds after the speech
(``timing.HOLD_SECONDS`` each), when each gets the minimum.

Every change is at a sentence start, never inside a sentence, and every slide shown gets at least
``MIN_SECONDS``: a slide that would come too soon after the previous one moves to a later sentence
start; one that finds no sentence start with room for it moves earlier if the previous slide keeps
its minimum, else it is left out of the video (it stays in the deck and handout).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from .wording import count_words

MIN_SECONDS = 2.5


@dataclass(frozen=True)
class Boundary:
    block: int
    position: float  # fraction of the block's words before this sentence
    start: float  # seconds from the segment start


def boundaries(sentences: Sequence[object], speed: float = 1.0) -> list[Boundary]:
    by_block: dict[int, list[tuple[float, str]]] = {}
    for s in sentences:
        block = int(getattr(s, "block_index", 0) or 0)
        by_block.setdefault(block, []).append((float(getattr(s, "start")) / speed, str(getattr(s, "text", ""))))
    out: list[Boundary] = []
    for block, timed in by_block.items():
        timed.sort()
        total = max(1, sum(count_words(t) for _, t in timed))
        done = 0
        for start, text in timed:
            out.append(Boundary(block, done / total, start))
            done += count_words(text)
    return sorted(out, key=lambda b: b.start)


def _target(anchor: tuple[int, float], bounds: list[Boundary]) -> float | None:
    block, at = anchor
    own = [b for b in bounds if b.block == block]
    if own:
        return min(own, key=lambda b: (abs(b.position - at), b.start)).start
    later = [b for b in bounds if b.block > block]
    return later[0].start if later else None


def slide_times(anchors: Sequence[tuple[int, float]], sentences: Sequence[object], duration: float, *,
                speed: float = 1.0, min_seconds: float = MIN_SECONDS) -> list[float | None]:
    """Start of each slide in seconds from the segment start (the first is 0), None: not shown."""
    bounds = boundaries(sentences, speed)
    speech_end = max((float(getattr(s, "end")) / speed for s in sentences), default=0.0)
    starts = [b.start for b in bounds] + _hold_starts(anchors, bounds, speech_end, duration, min_seconds)
    times: list[float | None] = []
    last = 0.0
    for k, anchor in enumerate(anchors):
        if k == 0:
            times.append(0.0)
            continue
        want = _target(anchor, bounds)
        if want is None:  # after the last sentence: the hold after the speech
            want = speech_end
        later = [t for t in starts if t >= max(want, last + min_seconds) - 1e-6]
        value = later[0] if later else None
        if value is not None and value <= duration - min_seconds + 1e-6:
            times.append(value)
            last = value
        else:
            times.append(None)
    return _place_late_slides(times, starts, duration, min_seconds)


def _hold_starts(anchors: Sequence[tuple[int, float]], bounds: list[Boundary], speech_end: float, duration: float,
                 min_seconds: float) -> list[float]:
    """Extra change points after the last word for slides no sentence brings (code or a visual after
    the narration): the silence after the speech shared evenly between them."""
    last_block = max((b.block for b in bounds), default=-1)
    trailing = sum(1 for k, (block, _) in enumerate(anchors) if k and block > last_block)
    fit = min(trailing, int((duration - speech_end + 1e-6) / min_seconds))
    if fit <= 0:
        return []
    step = (duration - speech_end) / fit
    return [speech_end + i * step for i in range(fit)]


def _place_late_slides(times: list[float | None], starts: list[float], duration: float,
                       min_seconds: float) -> list[float | None]:
    """A slide left out for lack of room at the end takes the latest sentence start that leaves its
    predecessor the minimum, when that is after its predecessor (so the last slide is seen)."""
    out = list(times)
    for k in range(len(out) - 1, 0, -1):
        if out[k] is not None or any(t is not None for t in out[k + 1:]):
            continue
        prev = max((t for t in out[:k] if t is not None), default=0.0)
        room = [t for t in starts if prev + min_seconds - 1e-6 <= t <= duration - min_seconds + 1e-6]
        if room:
            out[k] = room[-1]
        break
    return out
