"""``lecturecast slides``: outputs in the default folder, and no voice/video module is imported."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from slides_helpers import sample_lecture

from lecturecast import script as script_mod

PROBE = r"""
import json, sys
from lecturecast.cli import main
code = main(sys.argv[1:])
mods = sorted(m for m in sys.modules if m.startswith(("lecturecast.voice", "lecturecast.video")))
print("PROBE" + json.dumps({"code": code, "mods": mods}))
"""


def test_slides_command_builds_and_imports_no_voice_or_video(tmp_path):
    script = tmp_path / "my-lecture.md"
    script.write_text(script_mod.format_lecture(sample_lecture()), encoding="utf-8")
    proc = subprocess.run([sys.executable, "-c", PROBE, "slides", str(script), "-j", "2", "--no-handout"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    probe = json.loads(proc.stdout.split("PROBE", 1)[1])
    assert probe == {"code": 0, "mods": []}
    out = tmp_path / "output" / "my-lecture"
    assert (out / "deck.pptx").is_file() and not (out / "handout.pdf").exists()
    assert len(list((out / "slides").glob("*.png"))) >= 10
    assert "visual cue(s) have no image yet" in proc.stdout


def test_slides_command_no_png_with_output_dir(tmp_path):
    script = tmp_path / "l.md"
    script.write_text(script_mod.format_lecture(sample_lecture()), encoding="utf-8")
    from lecturecast.cli import main

    assert main(["slides", str(script), "-o", str(tmp_path / "o"), "--no-png", "-j", "1"]) == 0
    assert (tmp_path / "o" / "deck.pptx").is_file() and (tmp_path / "o" / "handout.pdf").is_file()
    assert not (tmp_path / "o" / "slides").exists()


def test_the_console_lists_a_few_visuals_to_add_and_says_where_the_rest_are(capsys):
    from lecturecast.cli.common import CONSOLE_TODOS, print_todos

    print_todos([f"Add an image for “cue {k}”" for k in range(30)], "the slide notes")
    out = capsys.readouterr().out.splitlines()
    assert len(out) == CONSOLE_TODOS + 1 and out[-1].strip() == f"… and {30 - CONSOLE_TODOS} more: every one is in the slide notes"
    print_todos(["Add an image for “one”"], "the slide notes")
    assert capsys.readouterr().out.strip() == "- Add an image for “one”"
