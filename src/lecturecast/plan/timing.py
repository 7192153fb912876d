"""Timing policy: when each segment starts and ends in the video (frame-aligned).

Two policies (``Meta.timing``, overridable per build):

``natural``
    every segment lasts its speech plus ``pad`` seconds; clocks in the script are only compared with
    the result (drift report), never enforced.
``script``
    the clocks the author wrote are honoured.  A *window* runs from a clocked segment's planned start
    to the next clock; segments without a clock share the window of the clocked segment before them.
    When the narration (plus pads) is shorter than its window the last slide is held (silence or music
    bed) until the next clock.  When it is longer, the voice is first sped up (up to ``max_speedup``);
    what still does not fit pushes every later segment later (and the report says so).  A clock that
    goes *backwards* (a second part whose clocks restart at 0:00) starts a new part: its clocks are
    taken relative to the planned end of the part before, so multi-part scripts stay continuous.

All times are seconds on the *video* timeline: the lead-in title card occupies ``[0, lead_in)``, the
first segment starts at ``lead_in`` and the closing card fills ``[end of last segment, total)``.
Every start and end is a whole number of frames (``k / fps``) so that the audio the build engine
places at ``slot.start`` and the video cut the clips produce agree exactly.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from typing import Mapping, Sequence

from ..errors import ConfigError
from ..model import Block, Bullets, Code, Lecture, Segment, Speech, format_clock

POLICIES = ("natural", "script")
DEFAULT_FPS = 10
MIN_SILENT_SECONDS = 2.0  # a segment with nothing to say (a visual or music cue alone) lasts this long
MIN_SLIDE_SECONDS = 2.5  # no segment (so no slide) is shorter on screen
HOLD_SECONDS = 4.0  # each slide shown after a segment's last spoken word (see unspoken_tail)


def unspoken_tail(seg: Segment) -> int:
    """Slides after the segment's last spoken word that no sentence brings on screen: each code
    block there, and bullets that follow such code (a visual cue there joins the slide before)."""
    tail: list[Block] = []
    for block in reversed(seg.blocks):
        if isinstance(block, Speech) or (isinstance(block, (Bullets, Code)) and block.spoken):
            break
        tail.insert(0, block)
    count, after_code = 0, False
    for block in tail:
        if isinstance(block, Code):
            count, after_code = count + 1, True
        elif isinstance(block, Bullets) and after_code:
            count += 1
    return count


MIN_PAD_SHARE = 0.4  # script policy: the pause after speech may shrink to 40 % before the voice is sped up

__all__ = ["POLICIES", "SegmentSlot", "Schedule", "schedule", "slide_offsets"]


@dataclass(frozen=True)
class SegmentSlot:
    """Where one segment sits on the video timeline (seconds, frame-aligned)."""

    segment_id: str
    planned_start: float | None  # video time the script's clock asks for (None: no clock)
    start: float
    end: float  # includes pad and any hold until the next clock
    speech_seconds: float  # the voice as synthesised (before any speed-up)
    speed: float = 1.0  # tempo factor the voice must be played at (>= 1.0)
    overrun: float = 0.0  # seconds the narration (+pad) exceeds its window at normal speed
    # -- extensions (keyword defaults keep the contract stable) ----------------------------
    index: int = 0  # 0-based position in the lecture
    window: float | None = None  # seconds the clocks give this segment (shared window for a group)
    excess: float = 0.0  # seconds still over after the speed-up: later segments moved this much
    shared_with: int = 0  # following clock-less segments sharing this segment's window
    start_frame: int = 0
    end_frame: int = 0

    @property
    def duration(self) -> float:
        return self.end - self.start

    @property
    def frames(self) -> int:
        return self.end_frame - self.start_frame

    @property
    def voice_seconds(self) -> float:
        """How long the voice plays in this slot (after the speed-up)."""
        return self.speech_seconds / self.speed

    @property
    def drift(self) -> float | None:
        """Actual minus planned start (positive: later than the clock)."""
        return None if self.planned_start is None else self.start - self.planned_start


@dataclass(frozen=True)
class Schedule:
    slots: tuple[SegmentSlot, ...]
    fps: int
    policy: str
    lead_in: float  # seconds of title card (frame-aligned)
    tail: float  # seconds of closing card (frame-aligned)
    total: float  # whole video, cards included
    planned_total: float | None = None  # what the clocks promise (None: the script has no clocks)
    pad: float = 0.0
    max_speedup: float = 1.0
    notes: tuple[str, ...] = field(default=())

    @property
    def total_frames(self) -> int:
        return round(self.total * self.fps)

    @property
    def content_end(self) -> float:
        return self.slots[-1].end if self.slots else self.lead_in

    def slot(self, segment_id: str) -> SegmentSlot:
        for slot in self.slots:
            if slot.segment_id == segment_id:
                return slot
        raise KeyError(segment_id)

    @property
    def overruns(self) -> tuple[SegmentSlot, ...]:
        return tuple(s for s in self.slots if s.overrun > 0.0)


# ------------------------------------------------------------------------------------ helpers
def _check(fps: int | float, pad: float, lead_in: float, tail: float, max_speedup: float) -> int:
    if isinstance(fps, float) and fps.is_integer():
        fps = int(fps)
    if not isinstance(fps, int) or not 1 <= fps <= 120:
        raise ConfigError(f"fps must be a whole number between 1 and 120, not {fps!r}",
                          hint="use e.g. --fps 10 (slides) or 25/30 (fades)")
    for name, value in (("pad", pad), ("lead_in", lead_in), ("tail", tail)):
        if not math.isfinite(value) or value < 0:
            raise ConfigError(f"{name} must be a non-negative number of seconds, not {value!r}")
    if not math.isfinite(max_speedup) or not 1.0 <= max_speedup <= 2.0:
        raise ConfigError(f"max_speedup must be between 1.0 and 2.0, not {max_speedup!r}",
                          hint="set max_speedup: 1.15 in the front matter")
    return fps


def _ceil_frames(seconds: float, fps: int) -> int:
    # the epsilon absorbs float noise (0.3 * 10 = 3.0000000000000004 must stay 3 frames)
    return max(0, math.ceil(seconds * fps - 1e-6))


def _round_frames(seconds: float, fps: int) -> int:
    return max(0, round(seconds * fps))


def _need(seg: Segment, speech: float, pad: float) -> tuple[float, float]:
    """(voice seconds, pad seconds) a segment needs at normal speed (at least MIN_SLIDE_SECONDS in
    all: every slide on screen can be read)."""
    if speech > 0:
        hold = HOLD_SECONDS * unspoken_tail(seg)  # shown after the last word: each gets its own time
        return speech, max(pad, MIN_SLIDE_SECONDS - speech) + hold
    silent = seg.duration or sum(c.seconds or 0.0 for c in seg.cues) or MIN_SILENT_SECONDS
    return 0.0, max(silent, MIN_SLIDE_SECONDS)


def _planned_clocks(segs: Sequence[Segment], needs: Sequence[tuple[float, float]]
                    ) -> tuple[list[float | None], list[str]]:
    """Script-timeline planned start of each clocked segment, continuing across restarted parts."""
    planned: list[float | None] = []
    notes: list[str] = []
    # the script's time origin: a script whose first segment says 10:00 (part 2 of a course) starts there
    offset = -(segs[0].clock or 0.0) if segs else 0.0
    if offset:
        notes.append(f"the script's clocks start at {format_clock(-offset)}; it is taken as the start of the lecture")
    last_clock: float | None = None
    last_planned = 0.0
    run_end = 0.0  # planned end of everything so far (for restarts)
    for seg, (voice, pad) in zip(segs, needs):
        length = seg.duration or (voice + pad)
        if seg.clock is None:
            planned.append(None)
            run_end += length
            continue
        if last_clock is not None and seg.clock < last_clock:
            offset = max(run_end, last_planned) - seg.clock
            notes.append(f"clock {format_clock(seg.clock)} of segment {seg.id!r} goes back from "
                         f"{format_clock(last_clock)}: treated as the start of a new part, whose clocks continue "
                         f"from {format_clock(seg.clock + offset)}")
        value = seg.clock + offset
        planned.append(value)
        last_clock, last_planned = seg.clock, value
        run_end = value + length
    return planned, notes


# ----------------------------------------------------------------------------------- schedule
def schedule(lecture: Lecture, speech_seconds: Mapping[str, float], policy: str | None = None, *,
             fps: int = DEFAULT_FPS, pad: float = 0.5, lead_in: float = 3.0, tail: float = 4.0,
             max_speedup: float | None = None) -> Schedule:
    """Place every segment of ``lecture`` on the video timeline.

    ``speech_seconds`` maps segment id → length of its synthesised voice.  ``policy`` defaults to the
    script's ``timing`` and ``max_speedup`` to its ``max_speedup``.
    """
    policy = (policy or lecture.meta.timing or "natural").strip().lower()
    if policy not in POLICIES:
        raise ConfigError(f"unknown timing policy {policy!r}", hint="use 'natural' or 'script'")
    max_speedup = lecture.meta.max_speedup if max_speedup is None else float(max_speedup)
    fps = _check(fps, pad, lead_in, tail, max_speedup)
    segs = lecture.segments
    missing = [s.id for s in segs if s.id not in speech_seconds]
    if missing:
        raise ValueError(f"no speech length for segments {missing[:5]}")
    needs = [_need(seg, max(0.0, float(speech_seconds[seg.id])), pad) for seg in segs]
    clocks, notes = _planned_clocks(segs, needs)
    lead_f = _round_frames(lead_in, fps)
    planned_f = [None if c is None else lead_f + _round_frames(c, fps) for c in clocks]
    groups = _groups(planned_f)
    slots: list[SegmentSlot] = []
    cursor = lead_f
    for g, members in enumerate(groups):
        next_plan = planned_f[groups[g + 1][0]] if g + 1 < len(groups) else None
        head_plan = planned_f[members[0]]
        window_f = _window_frames(members, head_plan, next_plan, segs, fps)
        fit = _fit(members, needs, window_f, policy, fps, max_speedup)
        start_f = max(cursor, head_plan) if policy == "script" and head_plan is not None else cursor
        placed = _place_group(members, segs, needs, planned_f, fit, start_f, next_plan, policy == "script", fps)
        slots += placed
        cursor = placed[-1].end_frame

    tail_f = _round_frames(tail, fps)
    total_f = cursor + tail_f
    planned_total = _planned_total(segs, needs, clocks, lead_f, tail_f, fps)
    return Schedule(slots=tuple(slots), fps=fps, policy=policy,
                    lead_in=lead_f / fps, tail=tail_f / fps, total=total_f / fps,
                    planned_total=planned_total, pad=pad, max_speedup=max_speedup, notes=tuple(notes))


def _groups(planned_f: Sequence[int | None]) -> list[list[int]]:
    """Segment indices grouped as a clocked head followed by its clock-less segments (leading clock-less
    segments form a free group)."""
    groups: list[list[int]] = []
    for i, plan in enumerate(planned_f):
        if not groups or plan is not None:
            groups.append([i])
        else:
            groups[-1].append(i)
    return groups


def _window_frames(members: Sequence[int], head_plan: int | None, next_plan: int | None,
                   segs: Sequence[Segment], fps: int) -> int | None:
    """Frames the clocks give a group: from its head's clock to the next clock (or the head's own
    ``duration`` when it is alone); None when the group has no clock to honour."""
    if head_plan is None:
        return None
    if next_plan is not None and next_plan >= head_plan:
        return next_plan - head_plan
    duration = segs[members[0]].duration
    if len(members) == 1 and duration:
        return _round_frames(duration, fps)
    return None


@dataclass(frozen=True)
class _Fit:
    """How a group fits its window: seconds over at normal speed, voice speed, share of pads kept."""

    window_f: int | None
    overrun: float = 0.0
    speed: float = 1.0
    pad_scale: float = 1.0


def _fit(members: Sequence[int], needs: Sequence[tuple[float, float]], window_f: int | None, policy: str,
         fps: int, max_speedup: float) -> _Fit:
    if window_f is None:
        return _Fit(None)
    voice = sum(needs[i][0] for i in members)
    fixed = sum(needs[i][1] for i in members if needs[i][0] == 0)  # silent segments keep their length
    pads = sum(needs[i][1] for i in members if needs[i][0] > 0)
    slack = len(members) / fps  # each member may round up by a frame
    window = window_f / fps
    # pauses after speech are elastic down to MIN_PAD_SHARE before the voice counts as overrunning
    overrun = max(0.0, voice + fixed + pads * MIN_PAD_SHARE - window)
    if overrun * fps < 0.5:  # fits within half a frame: not an overrun
        overrun = 0.0
    speed, pad_scale = 1.0, 1.0
    if policy == "script" and voice + fixed + pads + slack > window and pads > 0:
        pad_scale = max(MIN_PAD_SHARE, min(1.0, (window - voice - fixed - slack) / pads))
    if policy == "script" and overrun > 0 and voice > 0:
        room = window - fixed - pads * pad_scale - slack
        wanted = voice / room if room > 0 else math.inf
        speed = max_speedup if wanted > max_speedup else max(1.0, math.ceil(wanted * 1000) / 1000)
    return _Fit(window_f, overrun, speed, pad_scale)


def _place_group(members: Sequence[int], segs: Sequence[Segment], needs: Sequence[tuple[float, float]],
                 planned_f: Sequence[int | None], fit: _Fit, start_f: int, next_plan: int | None, script: bool,
                 fps: int) -> list[SegmentSlot]:
    """The slots of one group from ``start_f`` on.  Script policy: the last one holds until the next
    clock (``next_plan``) and the head's ``excess`` is what the speed-up could not absorb."""
    slots: list[SegmentSlot] = []
    group_start = start_f
    for k, i in enumerate(members):
        voice, pad = needs[i]
        # every segment shows for at least one frame and never cuts its voice short
        end_f = start_f + max(1, _ceil_frames(voice / fit.speed + (pad * fit.pad_scale if voice > 0 else pad), fps))
        if k == len(members) - 1 and script and next_plan is not None:
            end_f = max(end_f, next_plan)  # hold the slide until the next clock
        plan = planned_f[i]
        slots.append(SegmentSlot(
            segment_id=segs[i].id, planned_start=None if plan is None else plan / fps,
            start=start_f / fps, end=end_f / fps, speech_seconds=voice,
            speed=fit.speed if voice > 0 else 1.0, overrun=round(fit.overrun, 3) if k == 0 else 0.0,
            index=i, window=None if (k or fit.window_f is None) else fit.window_f / fps,
            excess=0.0, shared_with=len(members) - 1 if k == 0 else 0, start_frame=start_f, end_frame=end_f,
        ))
        start_f = end_f
    if script and fit.window_f is not None and start_f - group_start > fit.window_f:
        excess = round((start_f - group_start - fit.window_f) / fps, 3)
        slots[0] = replace(slots[0], excess=excess)
    return slots


def _planned_total(segs: Sequence[Segment], needs: Sequence[tuple[float, float]], clocks: Sequence[float | None],
                   lead_f: int, tail_f: int, fps: int) -> float | None:
    """Lead-in + last clock + the length planned after it (its duration, else its need) + tail."""
    last = max((i for i, c in enumerate(clocks) if c is not None), default=None)
    if last is None:
        return None
    after = 0.0
    for i in range(last, len(segs)):
        duration = segs[i].duration
        after += duration if (i == last and duration) else sum(needs[i])
    return (lead_f + _round_frames((clocks[last] or 0.0) + after, fps) + tail_f) / fps


# ------------------------------------------------------------------------------ slide changes
def slide_offsets(anchors: Sequence[int], sentences: Sequence[object], duration: float, *,
                  speed: float = 1.0) -> list[float]:
    """When each of a segment's slides comes on screen, in seconds from the segment start.

    ``anchors[k]`` is the block index from which slide ``k`` is shown (the first is 0).  A slide
    appears when the first sentence at or after its block starts (``SentenceTiming.block_index`` and
    ``.start``, relative to the segment; divided by ``speed`` when the voice was sped up).  A slide
    whose block has no sentence after it appears when the last sentence ends.  Offsets never go
    backwards and stay inside ``[0, duration)``.
    """
    timed = sorted(((int(getattr(s, "block_index", 0) or 0), float(getattr(s, "start")) / speed,
                     float(getattr(s, "end")) / speed) for s in sentences), key=lambda t: t[1])
    speech_end = max((t[2] for t in timed), default=0.0)
    offsets: list[float] = []
    previous = 0.0
    for k, anchor in enumerate(anchors):
        if k == 0:
            value = 0.0
        else:
            value = next((start for block, start, _ in timed if block >= anchor), speech_end)
        value = min(max(value, previous), max(0.0, duration))
        offsets.append(value)
        previous = value
    return offsets
