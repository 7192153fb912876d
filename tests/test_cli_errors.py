"""The CLI turns every failure into one clear line (no traceback) and loses nothing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def _run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lecturecast", *args], capture_output=True, text=True,
                          timeout=300, cwd=cwd)


def test_missing_script_is_one_line(tmp_path: Path):
    proc = _run("video", str(tmp_path / "nope.md"), "-o", str(tmp_path / "out"))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert proc.stderr.startswith("lecturecast: error:") and len(proc.stderr.strip().splitlines()) == 1


def test_unknown_segment_says_what_exists(tmp_path: Path):
    proc = _run("segment", str(SCRIPTS / "rnn-history.md"), "999", "-o", str(tmp_path / "o"), "--engine", "piper")
    assert proc.returncode != 0 and "Traceback" not in proc.stderr
    assert "no segment '999'" in proc.stderr and "1-" in proc.stderr


@pytest.fixture
def tiny_disk(tmp_path: Path):
    mnt = tmp_path / "tiny"
    mnt.mkdir()
    if os.name != "posix" or os.geteuid() != 0:
        pytest.skip("platform: needs root to mount a small tmpfs")
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=400k", "tmpfs", str(mnt)],
                      capture_output=True).returncode != 0:
        pytest.skip("platform: cannot mount tmpfs here")
    try:
        yield mnt
    finally:
        subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_disk_full_is_a_clear_error_and_leaves_no_partial_files(tiny_disk: Path):
    out = tiny_disk / "lecture"
    proc = _run("slides", str(SCRIPTS / "rnn-history.md"), "-o", str(out))
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr
    assert "disk full" in proc.stderr.lower(), proc.stderr
    leftovers = [p.name for p in tiny_disk.rglob("*.part*")]
    assert leftovers == []
    for png in out.glob("slides/*.png"):  # whatever was finished is whole
        assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
