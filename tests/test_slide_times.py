"""plan.slidetimes: slides change at sentence starts, each shown slide gets >= 2.5 s."""
from __future__ import annotations

from dataclasses import dataclass

from lecturecast.plan.slidetimes import MIN_SECONDS, slide_times


@dataclass
class S:
    block_index: int
    start: float
    end: float
    text: str


SENTENCES = [S(0, 0.0, 4.0, "one two three four"), S(0, 4.0, 9.0, "five six seven eight"),
             S(0, 9.0, 12.0, "nine ten"), S(2, 12.5, 20.0, "eleven twelve thirteen"), S(2, 20.0, 30.0, "fourteen")]


def test_a_slide_comes_when_its_sentence_starts():
    assert slide_times([(0, 0.0), (0, 0.4), (2, 0.0)], SENTENCES, 31.0) == [0.0, 4.0, 12.5]
    assert slide_times([(0, 0.0), (1, 0.0)], SENTENCES, 31.0) == [0.0, 12.5]  # code block: the next sentence
    assert slide_times([(0, 0.0), (2, 0.75)], SENTENCES, 31.0) == [0.0, 20.0]  # nearest sentence start by words


def test_every_change_is_at_a_sentence_start_and_every_slide_has_its_minimum():
    starts = {s.start for s in SENTENCES}
    times = slide_times([(0, 0.0), (0, 0.1), (0, 0.2), (0, 0.8), (2, 0.0), (2, 0.9)], SENTENCES, 31.0)
    shown = [t for t in times if t is not None]
    assert all(t in starts for t in shown)
    ends = shown[1:] + [31.0]
    assert all(b - a >= MIN_SECONDS for a, b in zip(shown, ends))
    assert times.count(None) == 1  # six slides, five sentence starts: one cannot be shown


def test_a_last_slide_whose_sentence_starts_too_late_comes_one_sentence_earlier():
    late = SENTENCES[:4] + [S(2, 29.0, 30.5, "fourteen")]
    assert slide_times([(0, 0.0), (2, 0.99)], late, 31.0) == [0.0, 12.5]


def test_a_slide_with_no_room_is_left_out_not_flashed():
    times = slide_times([(0, 0.0), (0, 0.0), (0, 0.0)], [S(0, 0.0, 2.0, "a b")], 3.0)
    assert times == [0.0, None, None]
    assert slide_times([(0, 0.0)], [], 2.5) == [0.0]


def test_sped_up_voice_moves_the_changes():
    assert slide_times([(0, 0.0), (2, 0.0)], SENTENCES, 31.0, speed=1.25) == [0.0, 10.0]


def test_slides_after_the_last_sentence_share_the_hold_after_the_speech():
    # speech ends at 30 s; the schedule held the segment 8 s more for two slides shown after it
    times = slide_times([(0, 0.0), (3, 0.0), (4, 0.0)], SENTENCES, 38.0)
    assert times == [0.0, 30.0, 34.0]
    assert slide_times([(0, 0.0), (3, 0.0), (4, 0.0)], SENTENCES, 33.0)[1:] == [30.0, None]  # no room for two


def test_the_schedule_holds_a_segment_for_what_it_shows_after_its_last_word():
    from lecturecast.model import Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech
    from lecturecast.plan.timing import HOLD_SECONDS, schedule, unspoken_tail

    seg = Segment("s", (Speech("Here it is:"), Code("a = 1"), Code("b = 2")))
    assert unspoken_tail(seg) == 2 and unspoken_tail(Segment("t", (Code("x"), Speech("Done.")))) == 0
    cue = Segment("c", (Speech("Look."), Cue(CueKind.VISUAL, "a chart")))  # joins the slide before: no hold
    assert unspoken_tail(cue) == 0
    sched = schedule(Lecture(Meta(), (Section("", (seg,)),)), {"s": 3.0}, "natural", pad=0.5, lead_in=0, tail=0)
    assert sched.slots[0].end - sched.slots[0].start == 3.0 + 0.5 + 2 * HOLD_SECONDS
