"""Music and sound cues on the lecture timeline: what plays where, how long the cards last, what is missing.

The voice layer reports each cue at its place in its segment (``SegmentAudio.music``: music and
sound cues, with the file it found or None).  Here they become placements on the video timeline:

* **intro** — a music cue before the first spoken sentence of the lecture plays from the start of the
  title card, alone; the title card lasts at least ``levels.INTRO_SOLO`` seconds (never more than the
  music), the music goes on under the first sentences (ducked by the mixer) for the rest of its length;
* **outro** — a music cue after the last spoken sentence plays its full length; the closing card is
  made long enough for it (the mixer fades it out over ``levels.MUSIC_FADE_OUT``);
* **under** — any other music cue plays for its length from its place, ducked under the voice;
* **sound** — a sound cue plays its file once at its place (the voice layer holds the next sentence).

A cue with no file (an unknown sound, a missing music bed) is listed by :func:`missing_report`
(console warning and ``drift.txt``) — never dropped silently.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

from ..plan.drift import timestamp
from ..plan.timing import Schedule
from ..voice import levels

log = logging.getLogger(__name__)

FRAME_SLACK = 0.2  # seconds of closing card after the outro's last sample


@dataclass(frozen=True)
class Placement:
    start: float  # seconds on the video timeline
    end: float
    asset: Path
    kind: str  # "music" | "sound"
    role: str  # "intro" | "outro" | "under" | "sound"
    text: str
    segment_id: str

    def as_mix_item(self) -> tuple[float, float, Path, str]:
        return (self.start, self.end, self.asset, self.kind)


@dataclass(frozen=True)
class MissingCue:
    segment_id: str
    at: float  # seconds on the video timeline
    kind: str
    text: str


def _role(cue: Any, k: int, audios: Sequence[Any]) -> str:
    if cue.kind == "sound":
        return "sound"
    audio = audios[k]
    before_all = all(not a.sentences for a in audios[:k]) and all(s.start >= cue.start for s in audio.sentences)
    after_all = all(not a.sentences for a in audios[k + 1:]) and all(s.end <= cue.start for s in audio.sentences)
    if before_all and not after_all:
        return "intro"
    if after_all and not before_all:
        return "outro"
    return "under"


def cues(audios: Sequence[Any]) -> list[tuple[int, Any, str]]:
    """(segment index, cue, role) for every music and sound cue of the lecture."""
    return [(k, cue, _role(cue, k, audios)) for k, audio in enumerate(audios) for cue in getattr(audio, "music", ())]


def title_card_length(audios: Sequence[Any], lead_in: float) -> float:
    """The title card's length: at least ``INTRO_SOLO`` s (≤ the music) when the lecture opens with music."""
    for _, cue, role in cues(audios):
        if role == "intro" and cue.asset:
            return max(lead_in, min(levels.INTRO_SOLO, cue.end - cue.start))
    return lead_in


def tail_needed(audios: Sequence[Any], sched: Schedule) -> float:
    """Closing card length the outro needs to play out (0.0 when there is none)."""
    need = 0.0
    for k, cue, role in cues(audios):
        if role == "outro" and cue.asset:
            slot = sched.slots[k]
            end = slot.start + cue.start / slot.speed + (cue.end - cue.start)
            need = max(need, end + FRAME_SLACK - sched.content_end)
    return need


def placements(audios: Sequence[Any], sched: Schedule) -> tuple[list[Placement], list[MissingCue]]:
    """Every cue with a file placed on the video timeline, and the cues without one."""
    placed: list[Placement] = []
    missing: list[MissingCue] = []
    for k, cue, role in cues(audios):
        slot = sched.slots[k]
        at = slot.start + cue.start / slot.speed
        if not cue.asset:
            missing.append(MissingCue(slot.segment_id, at, cue.kind, cue.text))
            continue
        length = cue.end - cue.start
        start = 0.0 if role == "intro" else at
        end = min(start + length, sched.total)
        placed.append(Placement(start, end, Path(cue.asset), cue.kind, role, cue.text, slot.segment_id))
    return placed, missing


def missing_report(missing: Sequence[MissingCue]) -> str:
    """The 'cues that play nothing' section of drift.txt ('' when every cue plays)."""
    if not missing:
        return ""
    lines = [f"Sound and music cues with nothing to play ({len(missing)}):"]
    for m in missing:
        lines.append(f"  {timestamp(m.at)}  segment {m.segment_id!r}: {m.kind} cue {m.text!r} — no file; "
                     "name one, e.g. [sound: …](sounds/file.wav), or use a bundled sound word "
                     "(ding, whoosh, applause, typing, page turn)")
    return "\n".join(lines) + "\n"


def warn_missing(missing: Sequence[MissingCue]) -> None:
    for m in missing:
        log.warning("%s cue %r in segment %r at %s plays nothing (no file found); listed in drift.txt",
                    m.kind, m.text, m.segment_id, timestamp(m.at))
