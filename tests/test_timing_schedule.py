"""plan.timing: natural and script policies, frame alignment, slide offsets."""
from __future__ import annotations

from types import SimpleNamespace as NS

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lecturecast.errors import ConfigError
from lecturecast.model import Cue, CueKind, Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.timing import schedule, slide_offsets


def _lecture(specs, timing="script", max_speedup=1.15, sections=None):
    """specs: list of (id, clock or None)."""
    segs = [Segment(sid, (Speech(f"Words of {sid} go here."),), clock=clock) for sid, clock in specs]
    if sections is None:
        secs = (Section("Only", tuple(segs)),)
    else:
        secs, i = [], 0
        for title, n in sections:
            secs.append(Section(title, tuple(segs[i:i + n])))
            i += n
        secs = tuple(secs)
    return Lecture(Meta(title="T", timing=timing, max_speedup=max_speedup), secs)


def _frame_aligned(value, fps):
    return abs(value * fps - round(value * fps)) < 1e-9


def test_natural_speech_plus_pad_frame_aligned():
    lec = _lecture([("a", 0), ("b", 30), ("c", None)], timing="natural")
    s = schedule(lec, {"a": 10.02, "b": 5.0, "c": 7.31}, fps=10, pad=0.5, lead_in=4.0, tail=3.0)
    a, b, c = s.slots
    assert (a.start, a.end) == (4.0, 14.6)  # 10.52 s → 106 frames (never cut the voice)
    assert (b.start, b.end) == (14.6, 20.1)
    assert (c.start, c.end) == (20.1, 28.0)
    assert s.total == pytest.approx(31.0)
    assert all(x.speed == 1.0 for x in s.slots)
    assert b.planned_start == pytest.approx(34.0) and b.drift == pytest.approx(-19.4)
    assert c.planned_start is None and c.drift is None
    assert s.lead_in == 4.0 and s.tail == 3.0 and s.policy == "natural"


def test_script_holds_until_next_clock():
    lec = _lecture([("a", 0), ("b", 30), ("c", 60)])
    s = schedule(lec, {"a": 10.0, "b": 12.0, "c": 5.0}, fps=10, pad=0.5, lead_in=4.0, tail=4.0)
    assert [(x.start, x.end) for x in s.slots] == [(4.0, 34.0), (34.0, 64.0), (64.0, 69.5)]
    assert all(x.overrun == 0 and x.speed == 1.0 for x in s.slots)
    assert s.total == pytest.approx(73.5)
    assert s.planned_total == pytest.approx(73.5)


def test_script_overrun_speeds_up_within_limit():
    lec = _lecture([("a", 0), ("b", 30)])
    s = schedule(lec, {"a": 32.0, "b": 5.0}, fps=10, pad=0.5, lead_in=0.0, tail=0.0, max_speedup=1.15)
    a, b = s.slots
    assert a.overrun == pytest.approx(2.2)  # 32 s of voice + the shortest pause (40 % of 0.5 s) in 30 s
    assert 1.0 < a.speed <= 1.15
    assert a.speech_seconds / a.speed <= 30.0 - 0.2 + 1e-9  # fits after the speed-up
    assert a.excess == 0.0 and b.start == 30.0  # nothing shifted


def test_script_shortens_the_pause_before_speeding_up():
    lec = _lecture([("a", 0), ("b", 30)])
    s = schedule(lec, {"a": 29.7, "b": 5.0}, fps=10, pad=0.5, lead_in=0.0, tail=0.0)
    a, b = s.slots
    assert (a.overrun, a.speed, a.excess) == (0.0, 1.0, 0.0)
    assert a.end == b.start == 30.0


def test_script_overrun_beyond_speedup_shifts_later_segments():
    lec = _lecture([("a", 0), ("b", 30), ("c", 60)])
    s = schedule(lec, {"a": 46.0, "b": 5.0, "c": 5.0}, fps=10, pad=0.5, lead_in=0.0, tail=0.0, max_speedup=1.15)
    a, b, c = s.slots
    assert a.speed == 1.15 and a.overrun == pytest.approx(16.2)
    assert a.excess == pytest.approx(10.2)  # 46 / 1.15 + 0.2 s pause = 40.2 s in a 30 s window
    assert b.start == pytest.approx(40.2) and b.drift == pytest.approx(10.2)
    assert c.start == 60.0  # b's slot had room: the delay was absorbed before c's clock


def test_segments_without_clock_share_the_window_and_follow():
    lec = _lecture([("a", 0), ("a2", None), ("b", 20)])
    s = schedule(lec, {"a": 8.0, "a2": 6.0, "b": 3.0}, fps=10, pad=0.5, lead_in=0.0, tail=0.0)
    a, a2, b = s.slots
    assert a.start == 0.0 and a2.start == a.end == 8.5
    assert a2.end == 20.0 and b.start == 20.0  # hold after the last of the group
    assert a.window == 20.0 and a.shared_with == 1 and a.overrun == 0


def test_clocks_restarting_in_a_second_part_stay_continuous():
    lec = _lecture([("p1a", 0), ("p1b", 60), ("p2a", 0), ("p2b", 30)],
                   sections=[("Part 1", 2), ("Part 2", 2)])
    s = schedule(lec, {"p1a": 50, "p1b": 40, "p2a": 20, "p2b": 10}, fps=10, pad=0.5, lead_in=0.0, tail=0.0)
    starts = [x.start for x in s.slots]
    assert starts == sorted(starts)
    assert s.slot("p2a").planned_start == pytest.approx(100.5)  # after part 1's planned end (60 + 40.5)
    assert s.slot("p2b").planned_start == pytest.approx(130.5)
    assert any("new part" in n for n in s.notes)
    # clocks that simply continue need no special treatment
    lec2 = _lecture([("a", 0), ("b", 60), ("c", 120)], sections=[("Part 1", 2), ("Part 2", 1)])
    s2 = schedule(lec2, {"a": 5, "b": 5, "c": 5}, fps=10, pad=0.5, lead_in=0.0, tail=0.0)
    assert s2.slot("c").start == 120.0 and not s2.notes


def test_silent_segment_uses_cue_or_default_length():
    seg = Segment("music", (Cue(CueKind.MUSIC, "Intro music", seconds=6.0),))
    lec = Lecture(Meta(), (Section("S", (seg, Segment("talk", (Speech("hi"),)))),))
    s = schedule(lec, {"music": 0.0, "talk": 1.0}, "natural", fps=10, pad=0.5, lead_in=0, tail=0)
    assert s.slots[0].duration == 6.0 and s.slots[0].speed == 1.0


def test_policy_and_argument_errors():
    lec = _lecture([("a", None)])
    with pytest.raises(ConfigError, match="policy"):
        schedule(lec, {"a": 1.0}, "fastest")
    with pytest.raises(ConfigError, match="fps"):
        schedule(lec, {"a": 1.0}, fps=0)
    with pytest.raises(ConfigError, match="max_speedup"):
        schedule(lec, {"a": 1.0}, max_speedup=3.0)
    with pytest.raises(ValueError, match="no speech length"):
        schedule(lec, {}, fps=10)
    assert schedule(lec, {"a": 1.0}).policy == "script"  # from the front matter


@settings(max_examples=60, deadline=None)
@given(
    data=st.lists(st.tuples(st.floats(0, 40), st.one_of(st.none(), st.integers(0, 600))), min_size=1, max_size=12),
    fps=st.sampled_from([5, 10, 24, 30]),
    policy=st.sampled_from(["natural", "script"]),
    lead_in=st.floats(0, 6), tail=st.floats(0, 6), pad=st.floats(0, 1.5),
)
def test_schedule_invariants(data, fps, policy, lead_in, tail, pad):
    specs = [(f"s{i}", clock) for i, (_, clock) in enumerate(data)]
    lec = _lecture(specs, timing=policy)
    speech = {f"s{i}": sp for i, (sp, _) in enumerate(data)}
    s = schedule(lec, speech, fps=fps, pad=pad, lead_in=lead_in, tail=tail)
    assert [x.segment_id for x in s.slots] == [sid for sid, _ in specs]
    assert _frame_aligned(s.lead_in, fps) and _frame_aligned(s.tail, fps) and _frame_aligned(s.total, fps)
    assert s.slots[0].start == pytest.approx(s.lead_in)
    for prev, cur in zip(s.slots, s.slots[1:]):
        assert cur.start == prev.end  # contiguous: clips tile the timeline
    for x in s.slots:
        assert _frame_aligned(x.start, fps) and _frame_aligned(x.end, fps)
        assert x.end_frame - x.start_frame >= 1 and x.start == x.start_frame / fps
        assert 1.0 <= x.speed <= s.max_speedup
        assert x.end - x.start >= x.speech_seconds / x.speed - 1e-9  # the voice always fits its slot
        if policy == "script" and x.planned_start is not None:
            assert x.start >= x.planned_start - 1e-9  # never before its clock
    assert s.total == pytest.approx(s.slots[-1].end + s.tail)


def _sent(block, start, end):
    return NS(block_index=block, start=start, end=end, text="x")


def test_slide_offsets_follow_the_narration():
    sentences = [_sent(0, 0.2, 3.0), _sent(0, 3.1, 5.0), _sent(2, 5.4, 8.0), _sent(3, 8.3, 9.9)]
    assert slide_offsets([0, 2, 3], sentences, 11.0) == [0.0, 5.4, 8.3]
    # an anchor on a block with no speech (a visual cue) shows with the next sentence
    assert slide_offsets([0, 1], sentences, 11.0) == [0.0, 5.4]
    # a slide after the last sentence appears when the speech ends; offsets never run backwards
    assert slide_offsets([0, 5], sentences, 11.0) == [0.0, 9.9]
    assert slide_offsets([0, 3, 2], sentences, 11.0) == [0.0, 8.3, 8.3]
    # sped-up voice: offsets shrink with it
    assert slide_offsets([0, 2], sentences, 11.0, speed=1.1) == [0.0, pytest.approx(5.4 / 1.1)]
    assert slide_offsets([0], [], 4.0) == [0.0]
