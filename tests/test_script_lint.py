"""Lint findings: timing, clocks, speakers, empty segments, directions read aloud, claims to verify."""
from __future__ import annotations

from lecturecast.model import Lecture, Meta, Section, Segment, Speech
from lecturecast.script import import_script, lint, parse_canonical


def codes(findings):
    return [f.code for f in findings]


def _lint(body, front="title: T"):
    return lint(parse_canonical(f"---\n{front}\n---\n{body}", "l.md"))


def test_clean_lecture_has_no_findings():
    assert _lint("# A\n\n## 0:00 {#a-1}\n\nShort and sweet.\n\n## 1:00 {#a-2}\n\nMore words here.\n") == []


def test_clock_backwards_is_an_error_with_location():
    fs = _lint("# A\n\n## 2:00 {#a-1}\n\nOne.\n\n## 1:00 {#a-2}\n\nTwo.\n")
    err = [f for f in fs if f.code == "E-CLOCK"]
    assert err and err[0].severity == "error" and err[0].line == 10
    assert str(err[0]).startswith("l.md:10: error E-CLOCK:")


def test_narration_that_cannot_fit_says_by_how_much():
    words = " ".join(["word"] * 300)  # 120 s at 150 wpm
    fs = _lint(f"# A\n\n## 0:00 {{#a-1}}\n\n{words}\n\n## 1:00 {{#a-2}}\n\nNext.\n")
    fit = [f for f in fs if f.code == "W-FIT"]
    assert len(fit) == 1 and "60 s too long" in fit[0].message and "cut about 150 words" in fit[0].message
    # a slower rate makes it worse, a faster one fixes it
    assert not [f for f in _lint(f"# A\n\n## 0:00 {{#a-1}}\n\n{words}\n\n## 3:00 {{#a-2}}\n\nNext.\n") if f.code == "W-FIT"]
    assert [f for f in _lint(f"# A\n\n## 0:00 (30s) {{#a-1}}\n\n{words}\n") if f.code == "W-FIT"]


def test_unknown_speaker_only_when_voices_given():
    body = "# A\n\n## {#a-1}\n\nHost: Hi.\n\nGest: Typo.\n"
    assert "E-SPEAKER" not in codes(_lint(body))
    fs = _lint(body, "title: T\nvoices:\n  Host: piper:joe\n  Guest: piper:amy")
    bad = [f for f in fs if f.code == "E-SPEAKER"]
    assert len(bad) == 1 and "'Gest'" in bad[0].message and bad[0].line == 13


def test_empty_segment_and_empty_lecture():
    assert "W-EMPTY" in codes(_lint("# A\n\n## {#a-1}\n\n[visual: a chart]\n"))
    assert codes(lint(Lecture(Meta()))) == ["E-EMPTY"]


def test_directions_read_aloud_and_quotes():
    fs = _lint('# A\n\n## {#a-1}\n\nNow (the diagram appears on screen) we see it [laughs] at https://x.org **here**.\n\n'
               'She said "hello.\n')
    msgs = " ".join(f.message for f in fs if f.code == "W-SPOKEN")
    assert "parentheses" in msgs and "brackets" in msgs and "URL" in msgs and "markdown" in msgs
    assert "W-QUOTE" in codes(fs)


def test_claims_to_verify():
    text = ("In 2014, the Gated Recurrent Unit was introduced by Felix Gers and Kyunghyun Cho. "
            "The Encoder-Decoder model was introduced by Vaswani et al. in 2017. Attention is useful.")
    lec = Lecture(Meta(), (Section("A", (Segment("a-1", (Speech(text),)),)),))
    facts = [f for f in lint(lec) if f.code == "W-FACT"]
    assert len(facts) == 2
    assert all(f.severity == "warning" and "verify" in f.message for f in facts)
    assert "Vaswani et al. in 2017" in facts[1].message


def test_messy_input_reports_unused_lines_as_info():
    res = import_script("**Intro:**\n\n0:00\n\nNarrator: \"Hi.\"\n\nI hope this helps!\n", "m.md")
    fs = lint(res.lecture, res.report)
    info = [f for f in fs if f.code == "I-UNUSED"]
    assert info and info[0].severity == "info" and info[0].line == 7


def test_repeated_paragraph_is_flagged():
    para = "As we continue to push the boundaries of research, the future looks exciting."
    fs = _lint(f"# A\n\n## {{#a-1}}\n\n{para}\n\n## {{#a-2}}\n\n{para}\n")
    assert "W-DUP" in codes(fs)
