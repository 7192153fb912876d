"""Captions (SRT and WebVTT sidecars) from sentence timings.

Rules (common broadcast / YouTube practice):

* at most 42 characters per line and 2 lines per cue; a longer sentence becomes several cues; every
  cue starts with a capital letter (a bullet item read as "training is slow." shows "Training is slow.");
* each cue starts and ends where its words are spoken: a sentence's own start and end are exact (one
  clip per sentence), and the cues inside it are timed against the voiced spans of its audio
  (:mod:`.cuetiming`); without spans they share the sentence's time by characters;
* reading speed: a cue shown faster than ``max_cps`` (20) characters per second (label not counted)
  is held on into the silence after it by at most ``max_hold`` (0.1 s) and never over the next cue —
  the cue still ends with its words; a faster voice gives faster captions (the benchmark counts them);
* speakers: when the lecture has more than one speaker, the first cue of each turn starts with
  ``[Host]`` (counted in the line length) and WebVTT marks every cue with a voice span ``<v Host>``.

Input sentences are any objects with ``text``, ``start`` and ``end`` (seconds on the video timeline),
optionally ``speaker`` and ``spans`` (voiced intervals, same seconds) — e.g. the voice layer's
``SentenceTiming`` shifted by the segment start; :func:`place_sentences` does that shift (and the
speed-up scaling) from a schedule.
"""
from __future__ import annotations

import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping, Sequence

from ..fsutil import write_text_atomic
from ..model import Lecture
from ..templates import render
from .chapters import vtt_time
from .cuetiming import part_bounds

MAX_LINE = 42
MAX_LINES = 2
MIN_SECONDS = 0.0
MAX_CPS = 20.0
MAX_HOLD = 0.1


@dataclass(frozen=True)
class CaptionCue:
    start: float
    end: float
    lines: tuple[str, ...]
    speaker: str | None = None  # set when the lecture has several speakers
    label: bool = False  # lines[0] starts with "[speaker] " (first cue of a turn)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def words(self) -> tuple[str, ...]:
        """The lines without the speaker label (what WebVTT shows inside ``<v speaker>``)."""
        if not self.label or not self.lines:
            return self.lines
        first = self.lines[0][len(f"[{self.speaker}] "):]
        return tuple(line for line in (first, *self.lines[1:]) if line)


@dataclass(frozen=True)
class TimedText:
    text: str
    start: float
    end: float
    speaker: str | None = None
    spans: tuple[tuple[float, float], ...] = ()  # voiced intervals inside [start, end]


def place_sentences(schedule: Any, sentences_by_segment: Mapping[str, Sequence[Any]], *,
                    already_scaled: bool = False) -> list[TimedText]:
    """Segment-relative sentence timings → absolute video times (``slot.start + offset / speed``).

    Pass ``already_scaled=True`` when the offsets were already divided by the slot's speed factor."""
    out: list[TimedText] = []
    for slot in schedule.slots:
        speed = 1.0 if already_scaled else slot.speed
        for s in sentences_by_segment.get(slot.segment_id, ()):
            out.append(TimedText(s.text, slot.start + s.start / speed, slot.start + s.end / speed,
                                 getattr(s, "speaker", None)))
    return out


# --------------------------------------------------------------------------- line breaking
def _words(text: str, max_line: int) -> list[str]:
    words: list[str] = []
    for word in text.split():
        while len(word) > max_line:  # a URL or a very long identifier: hard-break it
            words.append(word[:max_line])
            word = word[max_line:]
        if word:
            words.append(word)
    return words


def _fits(words: Sequence[str], max_line: int, max_lines: int) -> tuple[str, ...] | None:
    """Lay ``words`` out in at most ``max_lines`` balanced lines of ``max_line`` chars, or None."""
    text = " ".join(words)
    if len(text) <= max_line:
        return (text,)
    if max_lines < 2:
        return None
    best: tuple[int, tuple[str, str]] | None = None
    for k in range(1, len(words)):
        a, b = " ".join(words[:k]), " ".join(words[k:])
        if len(a) <= max_line and len(b) <= max_line:
            score = abs(len(a) - len(b)) - (8 if words[k - 1][-1:] in ",;:" else 0)
            if best is None or score < best[0]:
                best = (score, (a, b))
    return best[1] if best else None


def split_text(text: str, *, max_line: int = MAX_LINE, max_lines: int = MAX_LINES) -> list[tuple[str, ...]]:
    """Split one sentence into cue texts (each a tuple of ≤ ``max_lines`` lines ≤ ``max_line`` chars).

    Uses as few cues as possible, with the words shared evenly between them (a short last cue of one
    word reads badly), preferring breaks after punctuation."""
    words = _words(re.sub(r"\s+", " ", text).strip(), max_line)
    if not words:
        return []
    n = len(words)
    prefix = [0]
    for w in words:
        prefix.append(prefix[-1] + len(w) + 1)
    limit = max_line * max_lines + max_lines - 1

    def layout(i: int, j: int) -> tuple[str, ...] | None:
        if prefix[j] - prefix[i] - 1 > limit:
            return None
        return _fits(words[i:j], max_line, max_lines)

    # fewest cues (greedy is optimal for the count)
    count, i = 0, 0
    while i < n:
        j = i + 1
        while j < n and layout(i, j + 1) is not None:
            j += 1
        count, i = count + 1, j
    target = (prefix[n] - 1) / count
    inf = float("inf")
    best = [[inf] * (n + 1) for _ in range(count + 1)]
    back = [[0] * (n + 1) for _ in range(count + 1)]
    best[0][0] = 0.0
    for c in range(1, count + 1):
        for j in range(1, n + 1):
            for i in range(j - 1, -1, -1):
                if prefix[j] - prefix[i] - 1 > limit:
                    break
                if best[c - 1][i] == inf or layout(i, j) is None:
                    continue
                cost = best[c - 1][i] + (prefix[j] - prefix[i] - 1 - target) ** 2
                if j < n and words[j - 1][-1:] in ",;:.!?":
                    cost -= target * 2  # a clause boundary is worth some imbalance
                if cost < best[c][j]:
                    best[c][j], back[c][j] = cost, i
    cuts = [n]
    for c in range(count, 0, -1):
        cuts.append(back[c][cuts[-1]])
    cuts.reverse()
    return [layout(a, b) or (" ".join(words[a:b]),) for a, b in zip(cuts, cuts[1:])]


# --------------------------------------------------------------------------------- timing
def _capitalised(text: str) -> str:
    """First letter upper case, unless the word is written with inner capitals ("iPhone", "eBay")."""
    m = re.search(r"[^\W\d_]", text)
    if m is None or not m.group().islower():
        return text
    word = re.match(r"\w+", text[m.start():])
    if word and any(c.isupper() for c in word.group()[1:]):
        return text
    return text[:m.start()] + m.group().upper() + text[m.start() + 1:]


def _raw_cues(items: Sequence[Any], labels: bool, max_line: int, max_lines: int) -> list[tuple[float, float, tuple[str, ...], Any, bool]]:
    raw = []
    last_speaker: Any = object()
    for s in items:
        speaker = getattr(s, "speaker", None)
        label = labels and bool(speaker) and speaker != last_speaker
        last_speaker = speaker
        body = _capitalised(re.sub(r"\s+", " ", str(s.text)).strip())
        prefix = f"[{speaker}] " if label else ""
        parts = split_text(prefix + body, max_line=max_line, max_lines=max_lines)
        weights = [sum(len(line) for line in p) for p in parts]
        if prefix and weights:
            weights[0] = max(1, weights[0] - len(prefix) + 1)
        start, end = float(s.start), max(float(s.start), float(s.end))
        spans = tuple(getattr(s, "spans", ()) or ())
        for k, (part, (a, b)) in enumerate(zip(parts, part_bounds(start, end, weights, spans))):
            raw.append((a, b, part, speaker if labels else None, label and k == 0))
    return raw


def caption_cues(sentences: Iterable[Any], *, max_line: int = MAX_LINE, max_lines: int = MAX_LINES,
                 min_seconds: float = MIN_SECONDS, max_cps: float = MAX_CPS, max_hold: float = MAX_HOLD,
                 speaker_labels: bool | None = None) -> list[CaptionCue]:
    """Caption cues from absolute sentence timings (see module docstring for the rules).

    ``speaker_labels`` None: label when the sentences have more than one speaker."""
    items = sorted((s for s in sentences if str(getattr(s, "text", "")).strip()), key=lambda s: float(s.start))
    if speaker_labels is None:
        speaker_labels = len({getattr(s, "speaker", None) for s in items} - {None}) > 1
    ms = lambda t: math.ceil(t * 1000 - 1e-6)  # noqa: E731  (never before the voice; shared bounds stay equal)
    raw = [(ms(a), max(ms(a), ms(b)), lines, who, lab)
           for a, b, lines, who, lab in _raw_cues(items, speaker_labels, max_line, max_lines)]  # ms
    cues: list[CaptionCue] = []
    for k, (a, b, lines, who, lab) in enumerate(raw):
        nxt = raw[k + 1][0] if k + 1 < len(raw) else None
        chars = sum(len(line) for line in lines) - (len(f"[{who}] ") if lab else 0)
        reading = min(a + math.ceil(chars / max_cps * 1000), b + round(max_hold * 1000)) if max_cps else b
        want = max(b, a + round(min_seconds * 1000), reading)
        b = want if nxt is None else min(want, nxt) if b <= nxt else nxt  # hold into silence, never overlap
        if b - a < 1:
            continue  # swallowed by an overlapping sentence (malformed input); its words are lost
        cues.append(CaptionCue(a / 1000, b / 1000, lines, who, lab))
    return cues


# --------------------------------------------------------------------------------- writing
def _srt_time(seconds: float) -> str:
    return vtt_time(seconds, separator=",")  # SRT differs from WebVTT only by the comma


def srt_text(cues: Sequence[CaptionCue]) -> str:
    blocks = []
    for n, cue in enumerate(cues, 1):
        body = "\n".join(line.replace("-->", "->") for line in cue.lines)
        blocks.append(f"{n}\n{_srt_time(cue.start)} --> {_srt_time(cue.end)}\n{body}\n")
    return "\n".join(blocks)


def vtt_text(cues: Sequence[CaptionCue], lecture: Lecture | None = None) -> str:
    header = render("captions_header.vtt.j2", lecture).rstrip("\n") + "\n\n"
    blocks = []
    for cue in cues:
        body = "\n".join(line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") for line in cue.words)
        if cue.speaker:
            name = cue.speaker.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            body = f"<v {name}>{body}"
        blocks.append(f"{vtt_time(cue.start)} --> {vtt_time(cue.end)}\n{body}\n")
    return header + "\n".join(blocks)


def write_srt(cues: Sequence[CaptionCue], path: str | os.PathLike[str]) -> Path:
    return write_text_atomic(path, srt_text(cues))


def write_vtt(cues: Sequence[CaptionCue], path: str | os.PathLike[str], *, lecture: Lecture | None = None) -> Path:
    return write_text_atomic(path, vtt_text(cues, lecture))
