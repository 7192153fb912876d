"""The import / lint / fmt commands, end to end through lecturecast.cli.main."""
from __future__ import annotations

import json
from pathlib import Path

from lecturecast.cli import main
from lecturecast.script import load_lecture

FIX = Path(__file__).parent / "fixtures" / "script"


def test_import_writes_canonical_and_reports(tmp_path, capsys):
    out = tmp_path / "lesson.md"
    assert main(["import", str(FIX / "chat_session.txt"), "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "3 sections, 5 segments" in text and "Unused lines: 14" in text and "chat_session.txt:48:" in text
    lec = load_lecture(out)
    assert lec.segments[0].id == "idea-of-an-artificial-neuron-1"
    # formatting the output again changes nothing
    assert main(["fmt", str(out), "--check"]) == 0


def test_import_json(capsys):
    assert main(["import", str(FIX / "podcast.md"), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sections"] == ["Tiny Networks, Big Ideas"]
    seg = data["segments"][0]
    assert set(seg) >= {"id", "section", "clock", "speaker", "words", "cues"}
    assert seg["speaker"] == "Host" and seg["cues"] == 5 and seg["clock"] is None
    assert data["unused_lines"] == [] and data["counts"]["speaker"] == 6


def test_import_stdout_when_no_output(capsys):
    assert main(["import", str(FIX / "story.md")]) == 0
    cap = capsys.readouterr()
    assert cap.out.startswith("---\ntitle: The Lighthouse of Attention")
    assert "Unused lines: 1" in cap.err


def test_lint_exit_codes(tmp_path, capsys):
    good = tmp_path / "good.md"
    good.write_text("---\ntitle: T\n---\n# A\n\n## 0:00 {#a-1}\n\nHello.\n")
    assert main(["lint", str(good)]) == 0
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\n---\n# A\n\n## 2:00 {#a-1}\n\nHello.\n\n## 1:00 {#a-2}\n\nBye.\n")
    assert main(["lint", str(bad)]) == 3
    cap = capsys.readouterr()
    assert f"{bad}:10: error E-CLOCK:" in cap.out
    assert "lecturecast: error:" in cap.err
    assert main(["lint", str(bad), "--json"]) == 3
    data = json.loads(capsys.readouterr().out)
    assert data["counts"]["error"] == 1


def test_lint_messy_input_includes_import_info(capsys):
    assert main(["lint", str(FIX / "chat_session.txt")]) == 0
    out = capsys.readouterr().out
    assert "info I-UNUSED" in out and "warning W-FACT" in out


def test_fmt_rewrites_in_place_and_check(tmp_path, capsys):
    p = tmp_path / "x.md"
    p.write_text("---\ntitle: T\n---\n# A\n\n## 0:00\nHost:   Hello\nthere.\n")
    assert main(["fmt", str(p), "--check"]) == 1
    assert main(["fmt", str(p)]) == 0
    assert "## 0:00 {#a-1}\n\nHost: Hello there.\n" in p.read_text()
    assert main(["fmt", str(p), "--check"]) == 0
    messy = tmp_path / "m.md"
    messy.write_text("Narrator: hi\n")
    assert main(["fmt", str(messy)]) == 2  # not canonical: use import
    assert "lecturecast import" in capsys.readouterr().err
    assert main(["fmt", str(messy), "-o", str(tmp_path / "c.md")]) == 0


def test_errors_are_one_line_not_tracebacks(tmp_path, capsys):
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    assert main(["import", str(empty)]) == 2
    fence = tmp_path / "fence.md"
    fence.write_text("Narrator: hi\n\n```python\nx = 1\n")
    assert main(["lint", str(fence)]) == 2
    err = capsys.readouterr().err
    assert "lecturecast: error:" in err and f"{fence}:3" in err and "Traceback" not in err
