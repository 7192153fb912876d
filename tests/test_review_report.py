"""review.html / review.json without a build: escaping, script links, summary numbers, notes; the
neutral WER normaliser and the signal checks on synthetic audio."""
from __future__ import annotations

import json
from html.parser import HTMLParser

import numpy as np

from lecturecast.cli import main
from lecturecast.review.audiocheck import suggest_entry
from lecturecast.review.signal import analyse
from lecturecast.review.wer import align, join_compounds, normalise, reference_words

SCRIPT = """---
title: Escapes <b>and</b> claims
---

# Part

## 0:00 Start {#start}

In 1997 the <script>alert("x")</script> tag was introduced by Ada Lovelace & friends.

## 0:20 Next {#next}

ImageNet holds 14 million images. This sentence is harmless.

[visual: a picture nobody drew]
"""


class Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.text: list[str] = []
        self.script_links: list[str] = []
        self.ids: dict[str, str] = {}
        self._id = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if tag == "a" and a.get("class") == "script":
            self.script_links.append(a["href"] + " " + a.get("title", ""))
        self._id = a.get("id")

    def handle_data(self, data):
        self.text.append(data)
        if self._id:
            self.ids[self._id] = data
            self._id = None


def test_unbuilt_check_escapes_text_and_counts_match(tmp_path, capsys):
    script = tmp_path / "talk.md"
    script.write_text(SCRIPT, "utf-8")
    out = tmp_path / "out"
    assert main(["check", str(script), "-o", str(out), "--no-asr", "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    data = json.loads((out / "review.json").read_text("utf-8"))
    assert summary["claims"] == data["summary"]["claims"] == 2
    assert [c["where"]["line"] for c in data["claims"]] == [9, 13]
    assert data["claims"][0]["kinds"] == ["date", "attribution"] and data["claims"][1]["kinds"] == ["number"]
    assert all(c["where"]["at"] is None for c in data["claims"])  # not built: no time in the video
    assert any("not built yet" in n for n in data["notes"])
    html = (out / "review.html").read_text("utf-8")
    page = Collect()
    page.feed(html)
    assert page.tags.count("script") == 1  # only the page's own seek script; the narration's is text
    assert '<script>alert("x")</script>' in "".join(page.text)
    assert "&lt;script&gt;" in html and "<b>and</b>" not in html
    assert page.ids["sum-claims"] == "2" and page.ids["sum-problems"] == str(data["summary"]["problems"])
    assert page.ids["sum-wer"] == "0"
    assert any(link.startswith("../talk.md ") and "line 9" in link for link in page.script_links)
    assert "<video" not in html  # nothing built: no player, a note instead
    assert any(p["kind"] == "visual" for p in data["problems"])


def test_normaliser_is_neutral_and_shared():
    assert normalise("In 1997, 50% of LSTMs") == normalise("in nineteen ninety-seven fifty percent of L S T M's")
    assert normalise("1,000 times") == ["one", "thousand", "times"]
    assert normalise("labelled data memorises colours") == normalise("labeled data memorizes colors")
    assert normalise("four hours") == ["four", "hours"]
    assert normalise("In the 80s, here's what you're 1990s") == normalise("in the eighties here is what you are nineteen nineties")
    assert normalise("the 21st layer") == ["the", "twenty", "first", "layer"]
    assert reference_words("Hello (Visuals of a cat appear on screen) world [music]") == ["hello", "world"]
    assert reference_words("a model (NLP) here") == ["a", "model", "nlp", "here"]
    assert join_compounds(["a", "pretrained", "soft", "max"], ["a", "pre", "trained", "softmax"]) == (
        ["a", "pretrained", "softmax"], ["a", "pretrained", "softmax"])
    errors, edits = align(["the", "pretrained", "model"], ["the", "portraying", "model", "yes"])
    assert errors == 2 and [(e.said, e.heard) for e in edits] == [(("pretrained",), ("portraying",)), ((), ("yes",))]


def test_lexicon_suggestions():
    assert suggest_entry("LSTM", {}) == "LSTM: L S T M"
    assert suggest_entry("pretrained", {}) == "pretrained: pre-trained"
    assert suggest_entry("GRU", {"GRU": "grew"}).startswith("GRU: grew  (already in the lexicon")
    assert suggest_entry("1997", {}) is None


def test_signal_checks_on_synthetic_audio():
    rate = 16000
    t = np.arange(int(0.5 * rate)) / rate
    tone = 0.3 * np.sin(2 * np.pi * 220 * t)
    ramp = tone * np.minimum(1.0, t / 0.02)  # 20 ms fade-in: not abrupt
    gap = np.zeros(int(2.6 * rate))
    short_gap = np.zeros(int(0.4 * rate))
    clip = np.clip(5 * tone, -1.0, 1.0)
    x = np.concatenate([np.zeros(rate // 10), ramp, short_gap, tone, gap, ramp, short_gap, clip])
    rep = analyse(x, rate)
    assert len(rep.silences) == 1 and 2.5 < rep.silences[0][1] < 2.7
    assert rep.clipped_samples > 0
    assert len(rep.abrupt_onsets) == 2  # the tone without a fade and the clipped one
    assert rep.lufs is not None and -20 < rep.lufs < 0
    assert analyse(x, rate, allowed_pause=3.0).silences == ()


def test_messy_script_lists_unused_lines_and_clock_errors(tmp_path, capsys):
    script = tmp_path / "chat.txt"
    script.write_text('**Intro:**\n\n1:00\n\nNarrator: "Hello there. In 1997, things changed."\n\n0:30\n\n'
                      'Narrator: "Back in time."\n\nI hope this helps!\n', "utf-8")
    assert main(["check", str(script), "-o", str(tmp_path / "out"), "--no-asr", "--json"]) == 0
    data = json.loads((tmp_path / "out" / "review.json").read_text("utf-8"))
    kinds = {p["kind"]: p for p in data["problems"]}
    assert kinds["unused"]["where"]["line"] == 11 and "I hope this helps" in kinds["unused"]["message"]
    assert any("E-CLOCK" in p["message"] for p in data["problems"])
    assert data["claims"][0]["where"]["line"] == 5
