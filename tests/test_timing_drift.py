"""The drift report names the segment whose narration overruns its clock (issue #5, acceptance c)."""
from __future__ import annotations

import json

from lecturecast.model import Lecture, Meta, Section, Segment, Speech
from lecturecast.plan.drift import drift_dict, drift_report, write_drift
from lecturecast.plan.timing import schedule


def _lecture(timing="script"):
    return Lecture(Meta(title="Gates", timing=timing, max_speedup=1.15), (
        Section("Introduction", (
            Segment("welcome", (Speech("Welcome to this lecture on memory in neural networks."),), clock=0.0),
        )),
        Section("Memory and Gates", (
            Segment("forget-gate", (Speech("The forget gate removes information that is no longer useful, "
                                           "and we will see exactly how it decides."),), clock=30.0),
            Segment("input-gate", (Speech("The input gate decides which new information enters."),), clock=60.0),
            Segment("wrap-up", (Speech("To sum up."),), clock=90.0),
        )),
    ))


def test_overrun_is_reported_with_segment_and_seconds(tmp_path):
    lec = _lecture()
    # forget-gate has 30 s on the clock but 46 s of narration: ×1.15 saves 6 s, 10.2 s remain
    s = schedule(lec, {"welcome": 20.0, "forget-gate": 46.0, "input-gate": 12.0, "wrap-up": 4.0},
                 fps=10, pad=0.5, lead_in=4.0, tail=4.0)
    text = drift_report(s, lec)
    problem = text.split("Narration that does not fit its clocks (1):", 1)[1]
    assert "#2 forget-gate" in problem
    assert 'section "Memory and Gates"' in problem
    assert "clock 0:30" in problem
    assert '"The forget gate removes information that is no…"' in problem
    assert "16.2 s over" in problem  # 46 s + 0.2 s shortest pause − 30 s window
    assert "×1.150" in problem and "10.2 s still over" in problem
    assert "Total length planned 1:42.5, actual 1:42.5" in text  # input-gate absorbed the delay
    # the table has one row per segment, with the video time and the drift of the shifted segment
    row = next(line for line in text.splitlines() if line.strip().startswith("3  input-gate"))
    assert "+10.2" in row and "1:14.2" in row and "1:04.0" in row

    data = drift_dict(s, lec)
    json.dumps(data)  # JSON-safe for build.json
    assert data["overruns"] == ["forget-gate"]
    seg = data["segments"][1]
    assert (seg["id"], seg["section"], seg["clock"], seg["overrun"], seg["speed"], seg["excess"]) == \
        ("forget-gate", "Memory and Gates", 30.0, 16.2, 1.15, 10.2)
    assert data["segments"][2]["drift"] == 10.2
    assert data["planned_total"] == data["total"] == 102.5

    path = write_drift(s, lec, tmp_path / "drift.txt")
    assert path.read_text(encoding="utf-8") == text


def test_fitting_script_and_natural_policy_reports():
    lec = _lecture()
    speech = {"welcome": 10.0, "forget-gate": 20.0, "input-gate": 12.0, "wrap-up": 4.0}
    text = drift_report(schedule(lec, speech, fps=10, lead_in=3.0, tail=3.0), lec)
    assert "All narration fits the clocks." in text
    natural = schedule(lec, speech, "natural", fps=10, lead_in=3.0, tail=3.0)
    text = drift_report(natural, lec)
    assert "policy natural" in text and "(-" in text  # finishes earlier than the clocks say
    no_clocks = Lecture(Meta(), (Section("S", (Segment("a", (Speech("hi"),)),)),))
    text = drift_report(schedule(no_clocks, {"a": 1.0}, fps=10), no_clocks)
    assert "no clocks to compare with" in text
