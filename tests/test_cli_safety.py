"""The CLI never shows a traceback: a bug becomes one line plus a log file, every message is one line,
a closed stdout pipe is not an error, a hung ffmpeg probe is a MediaError; and a newcomer finds what
the commands do in --help and the segment numbers in 'import'."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from build_helpers import write_small_lecture
from lecturecast.cli import main
from lecturecast.errors import MediaError
from lecturecast.media import probe


def _script(tmp_path: Path) -> Path:
    return write_small_lecture(tmp_path / "src", minutes=0.4)


def test_an_unexpected_exception_is_one_line_with_the_path_of_its_traceback(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise RuntimeError("boom\n   in a second line")

    monkeypatch.setattr("lecturecast.cli.script_cmds.lint", broken)
    monkeypatch.setenv("LECTURECAST_LOG_DIR", str(tmp_path / "logs"))
    monkeypatch.delenv("LECTURECAST_DEBUG", raising=False)
    code = main(["lint", str(_script(tmp_path))])
    err = capsys.readouterr().err
    assert code != 0 and "Traceback" not in err
    assert err.count("\n") == 1, err
    m = re.fullmatch(r"lecturecast: error: unexpected RuntimeError: boom \| in a second line "
                     r"\(the traceback is in (.+\.log); please report it\)\n", err)
    assert m, err
    log = Path(m.group(1))
    assert log.parent == tmp_path / "logs"
    text = log.read_text("utf-8")
    assert "Traceback (most recent call last)" in text and "RuntimeError: boom" in text and "lint" in text


def test_without_a_writable_log_folder_the_line_says_how_to_see_the_traceback(tmp_path, monkeypatch, capsys):
    def broken(*args, **kwargs):
        raise KeyError("missing")

    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the log folder would go")
    monkeypatch.setattr("lecturecast.cli.script_cmds.lint", broken)
    monkeypatch.setenv("LECTURECAST_LOG_DIR", str(blocker / "logs"))
    monkeypatch.delenv("LECTURECAST_DEBUG", raising=False)
    assert main(["lint", str(_script(tmp_path))]) != 0
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "unexpected KeyError" in err and "--debug" in err


def test_multi_line_error_texts_are_folded_onto_one_line(tmp_path, monkeypatch, capsys):
    def ffmpeg_like(*args, **kwargs):
        raise MediaError("encoding failed (exit 1): [h264] error one\n[h264] error two\n\nConversion failed!")

    monkeypatch.setattr("lecturecast.cli.script_cmds.lint", ffmpeg_like)
    assert main(["lint", str(_script(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert err == ("lecturecast: error: encoding failed (exit 1): [h264] error one | [h264] error two | "
                   "Conversion failed!\n")


def _big_lint_script(tmp_path: Path) -> Path:
    """A script whose lint report (~90 KB) is larger than a pipe's buffer (64 KB)."""
    lines = ["---", "title: Many clocks", "---", "", "# Clocks", ""]
    for i in range(600):
        t = 3600 - i
        lines += [f"## {t // 60}:{t % 60:02d} Part {i} {{#p{i}}}", "", f"Narration number {i} is short.", ""]
    path = tmp_path / "many.md"
    path.write_text("\n".join(lines), "utf-8")
    return path


def _env() -> dict[str, str]:
    src = str(Path(__file__).resolve().parents[1] / "src")
    return {**os.environ, "PYTHONPATH": src + os.pathsep + os.environ.get("PYTHONPATH", "")}


def test_lint_piped_into_head_prints_no_broken_pipe(tmp_path):
    script = _big_lint_script(tmp_path)
    cmd = f"{sys.executable} -m lecturecast lint {script} | head -1"
    proc = subprocess.run(["bash", "-c", cmd], capture_output=True, text=True, timeout=300, env=_env())
    assert proc.stdout.startswith(f"{script}:") and proc.stdout.count("\n") == 1
    for bad in ("Broken pipe", "BrokenPipeError", "Traceback", "Exception ignored"):
        assert bad not in proc.stderr, proc.stderr


def test_reader_closing_the_pipe_mid_output_stops_the_command_quietly(tmp_path):
    script = _big_lint_script(tmp_path)
    proc = subprocess.Popen([sys.executable, "-m", "lecturecast", "lint", str(script)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=_env())
    first = proc.stdout.readline()
    proc.stdout.close()  # the reader goes away while ~90 KB are still to come: the next write fails
    err = proc.stderr.read().decode()
    proc.wait(120)
    assert first.startswith(str(script).encode())
    assert proc.returncode == 141  # like a program ended by SIGPIPE
    assert err == "", err


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs a named pipe")
def test_probe_that_hangs_is_a_one_line_media_error(tmp_path):
    fifo = tmp_path / "never-written.mp4"
    os.mkfifo(fifo)  # ffmpeg blocks opening it: nobody ever writes
    with pytest.raises(MediaError) as info:
        probe(fifo, timeout=2)
    message = str(info.value)
    assert "timed out after 2 s" in message and "\n" not in message


@pytest.mark.parametrize("command", ["audio", "video", "segment", "build"])
def test_build_commands_explain_themselves_and_their_timing_and_wait_options(command, capsys):
    with pytest.raises(SystemExit) as done:
        main([command, "--help"])
    assert done.value.code == 0
    text = " ".join(capsys.readouterr().out.split())  # argparse wraps lines
    usage, _, rest = text.partition(" options: ")
    description = usage.split("positional arguments:")[0]
    assert len(description.split("]")[-1]) > 200, f"{command} has no help paragraph"
    assert re.search(r"--wait SECONDS .*wait up to SECONDS", rest)
    if command != "audio":
        assert "'natural' lets each segment last as long as its speech" in rest
        assert "'script' starts each segment at its clock" in rest


def test_import_of_a_canonical_script_lists_the_segments_segment_refers_to(tmp_path, capsys):
    script = _script(tmp_path)
    assert main(["import", str(script)]) == 0
    err = capsys.readouterr().err
    assert re.search(r"^\s+1\s+part-1\s+0:00\s+Foundations", err, re.M), err
    assert re.search(r"^\s+2\s+part-2\s+0:12\s+Memory and Gates", err, re.M), err
    assert main(["segment", str(script), "7", "-o", str(tmp_path / "o")]) != 0
    err = capsys.readouterr().err
    assert "no segment '7'" in err and "'lecturecast import SCRIPT' lists them" in err
    assert not (tmp_path / "o").exists()  # nothing was built
