"""Captions: line limits, cue splitting and timing, SRT/VTT output."""
from __future__ import annotations

import re
from types import SimpleNamespace as NS

from hypothesis import given, settings
from hypothesis import strategies as st

from lecturecast.model import Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.timing import schedule
from lecturecast.video import TimedText, caption_cues, place_sentences, split_text, write_srt, write_vtt
from lecturecast.video.captions import _capitalised, vtt_text
from lecturecast.video.cuetiming import part_bounds

LONG = ("Long short-term memory adds a cell state and three gates that decide what to keep, what to forget, "
        "and what to show as the next hidden state of the network.")


def test_split_respects_limits_and_balances():
    parts = split_text(LONG)
    assert len(parts) == 2
    for lines in parts:
        assert 1 <= len(lines) <= 2 and all(len(line) <= 42 for line in lines)
    assert " ".join(" ".join(lines) for lines in parts) == LONG
    assert split_text("Short.") == [("Short.",)]
    assert split_text("   ") == []
    url = "https://example.org/" + "a" * 90
    assert all(len(line) <= 42 for lines in split_text(url) for line in lines)


def test_long_sentence_cues_share_time_by_characters_and_never_lead_the_voice():
    cues = caption_cues([TimedText(LONG, 10.0, 20.0), TimedText("Next.", 20.5, 21.0)])
    assert len(cues) == 3
    first, second, third = cues
    assert first.start == 10.0 and second.end == 20.0 and first.end == second.start
    chars = [len("".join(c.lines)) for c in (first, second)]
    assert abs((first.end - 10.0) / 10.0 - chars[0] / sum(chars)) < 0.02
    assert third.start == 20.5 and third.end == 21.0  # 5 characters in 0.5 s: no reading hold needed


def test_cues_inside_a_sentence_follow_its_voiced_spans():
    # voice 10.0–20.0 with a real pause at 14.6–15.0 (a comma) and short dips elsewhere
    spans = ((10.0, 12.0), (12.05, 14.6), (15.0, 17.5), (17.55, 20.0))
    parts = part_bounds(10.0, 20.0, [45, 55], spans)
    assert parts == [(10.0, 14.6), (15.0, 20.0)]  # snapped to the pause, not the estimate (14.33)
    # no pause near the estimate: share voiced time (pauses take no characters)
    far = part_bounds(10.0, 20.0, [50, 50], ((10.0, 13.0), (16.0, 20.0)))
    assert far[0][1] == far[1][0] and abs(far[0][1] - 16.5) < 1e-9 and far[0][0] == 10.0 and far[1][1] == 20.0
    # the first cue starts at the first voiced sample, the last ends at the last
    late = part_bounds(10.0, 20.0, [1], ((10.3, 19.6),))
    assert late == [(10.3, 19.6)]
    timed = [TimedText(LONG, 10.0, 20.0, spans=((10.0, 14.9), (15.3, 19.7)))]
    first, second = caption_cues(timed)
    assert (first.start, first.end, second.start, second.end) == (10.0, 14.9, 15.3, 19.7)


def test_reading_speed_hold_is_short_and_never_overlaps():
    cues = caption_cues([TimedText("A rather long line of words said fast.", 1.0, 2.0), TimedText("Next.", 3.0, 3.5)])
    assert cues[0].end == 2.1  # 38 characters in 1 s: held 0.1 s (not to 1.9 s at 20 cps)
    tight = caption_cues([TimedText("A rather long line of words said fast.", 1.0, 2.0), TimedText("Next.", 2.05, 2.5)])
    assert tight[0].end == 2.05


def test_no_overlap_and_hold_does_not_cover_next_cue():
    cues = caption_cues([TimedText("Yes.", 5.0, 5.2), TimedText("No.", 5.4, 5.6),
                         TimedText("Overlapping sentence.", 5.5, 7.0)])
    for a, b in zip(cues, cues[1:]):
        assert a.end <= b.start
    assert cues[0].end == 5.2  # 4 characters in 0.2 s is 20 cps: no hold


def test_speaker_labels_when_several_speakers_and_capitals():
    sents = [NS(text="Hello there.", start=0, end=1, speaker="Host"),
             NS(text="and more.", start=1, end=2, speaker="Host"),
             NS(text="Hi!", start=2, end=3, speaker="Guest")]
    cues = caption_cues(sents)
    assert [c.text for c in cues] == ["[Host] Hello there.", "And more.", "[Guest] Hi!"]
    assert [c.speaker for c in cues] == ["Host", "Host", "Guest"]
    vtt = vtt_text(cues)
    assert "<v Host>Hello there.\n" in vtt and "<v Host>And more.\n" in vtt and "<v Guest>Hi!\n" in vtt
    alone = caption_cues([replace_speaker(s, "Narrator") for s in sents])
    assert [c.text for c in alone] == ["Hello there.", "And more.", "Hi!"] and alone[0].speaker is None
    labelled = caption_cues([NS(text="x " * 30 + "end.", start=0, end=9, speaker="Moderator"),
                             NS(text="Fine.", start=9, end=10, speaker="Guest")])
    assert all(len(line) <= 42 for c in labelled for line in c.lines)  # the label counts
    assert _capitalised("iPhone sales.") == "iPhone sales." and _capitalised("«training»") == "«Training»"


def replace_speaker(s, who):
    return NS(text=s.text, start=s.start, end=s.end, speaker=who)


def test_place_sentences_uses_slot_start_and_speed():
    lec = Lecture(Meta(timing="script"), (Section("S", (
        Segment("a", (Speech("x"),), clock=0), Segment("b", (Speech("y"),), clock=10)),),))
    sched = schedule(lec, {"a": 12.0, "b": 2.0}, fps=10, pad=0.0, lead_in=2.0, tail=0.0, max_speedup=1.2)
    a = sched.slot("a")
    assert a.speed > 1.0
    placed = place_sentences(sched, {"a": [NS(text="one", start=0.0, end=6.0), NS(text="two", start=6.0, end=12.0)],
                                     "b": [NS(text="three", start=0.5, end=1.5)]})
    assert placed[0].start == 2.0 and placed[1].start == 2.0 + 6.0 / a.speed
    assert placed[2].start == sched.slot("b").start + 0.5


def test_srt_and_vtt_files(tmp_path):
    cues = caption_cues([TimedText("A <b> & c --> d", 3661.5, 3663.25), TimedText(LONG, 3664.0, 3670.0)])
    srt = write_srt(cues, tmp_path / "x.srt").read_text(encoding="utf-8")
    assert srt.startswith("1\n01:01:01,500 --> 01:01:03,250\nA <b> & c -> d\n\n2\n")
    assert len(re.findall(r"^\d+$", srt, flags=re.M)) == len(cues)
    lec = Lecture(Meta(title="Gates --> Memory", language="de"))
    vtt = write_vtt(cues, tmp_path / "x.vtt", lecture=lec).read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n")
    assert "Language: de" in vtt and "Gates → Memory" in vtt
    assert "01:01:01.500 --> 01:01:03.250\nA &lt;b&gt; &amp; c --&gt; d\n" in vtt
    header, _, body = vtt.partition("\n\n01:01:01.500")
    assert "-->" not in header
    assert vtt.count(" --> ") == len(cues)


words = st.text(alphabet=st.characters(whitelist_categories=("Ll", "Lu", "Nd"), max_codepoint=0x24F),
                min_size=1, max_size=30)


@settings(max_examples=80, deadline=None)
@given(sentences=st.lists(st.tuples(st.lists(words, min_size=1, max_size=40), st.floats(0.05, 15), st.floats(0, 3)),
                          min_size=1, max_size=8))
def test_caption_invariants(sentences):
    timed, t = [], 0.0
    for ws, length, gap in sentences:
        timed.append(TimedText(" ".join(ws), t, t + length))
        t += length + gap
    cues = caption_cues(timed)
    for cue in cues:
        assert 1 <= len(cue.lines) <= 2
        assert all(len(line) <= 42 for line in cue.lines)
        assert cue.end > cue.start
        owner = max((s for s in timed if s.start <= cue.start + 1e-9), key=lambda s: s.start)
        assert cue.start >= owner.start - 1e-9  # never ahead of its sentence
    for a, b in zip(cues, cues[1:]):
        assert a.end <= b.start + 1e-9
    shown = " ".join(" ".join(c.lines) for c in cues).casefold().split()
    assert shown == " ".join(s.text for s in timed).casefold().split()  # nothing lost or reordered (cues capitalised)
