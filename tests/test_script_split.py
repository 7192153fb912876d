"""import --split: one lecture per script the teacher asked for in a chat log (script.importer.split)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from lecturecast.cli import main
from lecturecast.script import load_lecture
from lecturecast.script.importer.split import split_conversation

FIX = Path(__file__).parent / "fixtures" / "script"

# a second script after the first, so splitting has something to split: the chat_session fixture
# (perceptron script, "continue", an e-mail question, "add a short code example") + a new request
EXTRA = '''
>>> now write a script about convolutional networks
**Seeing with Filters:**

0:00

Narrator: "A convolutional network slides small filters over an image and looks for edges first."

Narrator: "Deeper layers combine edges into shapes, and shapes into objects."
'''


@pytest.fixture()
def chat() -> str:
    return (FIX / "chat_session.txt").read_text(encoding="utf-8") + EXTRA


def test_parts_follow_the_prompts(chat):
    parts = split_conversation(chat, "chat.txt")
    lines = chat.split("\n")
    by_script = [p for p in parts if p.result is not None]
    assert [p.result.lecture.title for p in by_script] == ["The history of the perceptron", "Convolutional networks"]
    perceptron, cnn = by_script
    # "continue" and "add a short code example" extend the perceptron script across the e-mail question
    assert perceptron.spans == "7-46, 50-66" and len(perceptron.prompts) == 3 and cnn.spans == "67-74"
    assert [s.title for s in perceptron.result.lecture.sections] == [
        "The Idea of an Artificial Neuron", "Limits and Revival", "A Perceptron in Code"]
    assert "def step" in perceptron.result.lecture.segments[-1].code[0].text
    assert [s.narration for s in cnn.result.lecture.segments][0].startswith("A convolutional network slides")
    assert "perceptron" not in " ".join(s.narration for s in cnn.result.lecture.segments).lower()
    # the transcript before the first prompt (with the model's offer) and the e-mail advice are not scripts
    assert [p.spans for p in parts if p.result is None] == ["1-6", "47-49"]
    # line numbers are the original file's, and every non-blank line is accounted for exactly once
    seg = next(s for s in perceptron.result.lecture.segments if "Rosenblatt" in s.narration)
    assert "Rosenblatt" in lines[seg.source.start - 1] or "Rosenblatt" in " ".join(
        lines[seg.source.start - 1:seg.source.end])
    recorded = sorted(r.line for p in by_script for r in p.result.report.records)
    skipped = sorted(i + 1 for p in parts if p.result is None for i in p.lines if lines[i].strip())
    assert sorted(recorded + skipped) == [i + 1 for i, line in enumerate(lines) if line.strip()]
    assert all(r.line - 1 in perceptron.lines for r in perceptron.result.report.records)


def test_a_file_without_prompts_is_one_part():
    text = (FIX / "podcast.md").read_text(encoding="utf-8")
    parts = split_conversation(text, "podcast.md")
    assert len(parts) == 1 and parts[0].result is not None and parts[0].spans == f"1-{len(text.splitlines())}"


def test_cli_writes_one_canonical_script_per_lecture(chat, tmp_path, capsys):
    src = tmp_path / "chat log.txt"
    src.write_text(chat, encoding="utf-8")
    out = tmp_path / "course"
    assert main(["import", str(src), "--split", "-o", str(out)]) == 0
    text = capsys.readouterr().out
    assert "lines 47-49" in text and "not a script" in text and "lecturecast build" in text
    files = sorted(out.glob("*.md"))
    assert [f.name for f in files] == ["chat-log-01-the-history-of-the-perceptron.md",
                                       "chat-log-02-convolutional-networks.md"]
    assert [len(load_lecture(f).segments) for f in files][1] == 1
    assert main(["import", str(src), "--split", "-o", str(out), "--json"]) == 0  # canonical files: overwritten
    data = json.loads(capsys.readouterr().out)
    assert [row["lines"] for row in data["lectures"]] == ["7-46, 50-66", "67-74"]
    assert [s["lines"] for s in data["not_scripts"]] == ["1-6", "47-49"]
    assert main(["import", str(src), "--split"]) != 0  # no folder: one clear error
    assert "give a folder with -o" in capsys.readouterr().err


def test_loading_a_multi_script_chat_says_to_split(chat, tmp_path, caplog):
    from lecturecast.script import load_any

    two = tmp_path / "two.txt"
    two.write_text(chat, encoding="utf-8")
    with caplog.at_level("WARNING"):
        lecture, report = load_any(two)
    hint = [n for n in report.notes if "--split" in n]
    assert hint and hint[0].startswith("line 7: this chat log holds 2 scripts (lines 7-46, 50-66; 67-74)")
    assert any("--split" in r.getMessage() for r in caplog.records)
    assert len(lecture.sections) == 4  # still imported as one lecture, as asked
    one = tmp_path / "one.txt"
    one.write_text((FIX / "chat_session.txt").read_text(encoding="utf-8"), encoding="utf-8")
    assert not [n for n in load_any(one)[1].notes if "--split" in n]  # one script + an e-mail question
