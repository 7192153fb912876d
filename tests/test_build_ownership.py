"""Nothing lost: every command that writes to an output folder deletes or replaces only the files
lecturecast wrote there, writers take turns on one lock, and no lock file is left behind.

Real subprocesses of the CLI, real builds (piper), real files."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import pytest
from pptx import Presentation

from build_helpers import write_small_lecture
from lecturecast.errors import BuildLocked
from lecturecast.media import probe
from lecturecast.outdir import RECORD, OwnedFiles
from lecturecast.pipeline.lock import BuildLock

LOCK = ".lecturecast.lock"

# files of the teacher's in the output folder: none may be touched by any command
TEACHER = {
    "slides/mine.png": b"my own picture, not a PNG at all",
    "audio/interview-raw.wav": b"RIFF raw interview, kept by the teacher",
    "notes/.chapter.part2.md": b"# notes that look like a temp name",
    ".deck.pptx.part": b"a dot-file named like an old temp file",
    "slides/.001.png.part.link": b"named like an old publish temp file",
    ".notes": b"a dot-file",
    "audio/.take2.part.wav": b"a dot-file in audio/",
}
# temp files a killed lecturecast run left (our prefix): swept by the next writer holding the lock
OURS_LEFT_OVER = ("slides/.lecturecast-tmp.003.1.ab.part.png", ".lecturecast-tmp.lecture.1.ab.part.mp4")


def _cli(*args: str, cache: Path | None = None) -> list[str]:
    extra = ["--cache", str(cache)] if cache is not None else []
    return [sys.executable, "-m", "lecturecast", *args, *extra]


def _run(*args: str, cache: Path | None = None, ok: bool = True) -> subprocess.CompletedProcess:
    proc = subprocess.run(_cli(*args, cache=cache), capture_output=True, text=True, timeout=900)
    if ok:
        assert proc.returncode == 0, proc.stderr
    return proc


def _seed(out: Path) -> None:
    for name, data in TEACHER.items():
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(data)
    for name in OURS_LEFT_OVER:
        (out / name).parent.mkdir(parents=True, exist_ok=True)
        (out / name).write_bytes(b"partial")


def _teacher_files_intact(out: Path) -> None:
    for name, data in TEACHER.items():
        assert (out / name).read_bytes() == data, name
    assert not (out / LOCK).exists(), "the lock file stayed in the output folder"
    assert [p.name for p in out.rglob(".lecturecast-tmp.*")] == []


def _record(out: Path) -> dict:
    return json.loads((out / RECORD).read_text("utf-8"))["files"]


def _edited_script(src: Path) -> Path:
    """The lecture with its second section replaced by a short recap whose clock goes backwards."""
    text = src.read_text("utf-8")
    head = text[: text.index("# Memory and Gates")]
    edited = src.with_name("lesson-edited.md")
    edited.write_text(head.replace("## 0:00 Part 1", "## 0:30 Part 1")
                      + "## 0:10 Recap {#recap}\n\nThat is all for today.\n", "utf-8")
    return edited


@pytest.mark.slow
def test_teacher_files_survive_video_slides_audio_and_a_rebuild(tmp_path: Path):
    src = write_small_lecture(tmp_path / "src", minutes=0.4)
    out, cache = tmp_path / "o", tmp_path / "cache"
    _seed(out)
    (out / "slides" / "002.png").write_bytes(b"the teacher's slide at one of our names")

    _run("-q", "video", str(src), "-o", str(out), "--engine", "piper", "-j", "2", cache=cache)
    _teacher_files_intact(out)
    assert (out / "slides" / "002.kept.png").read_bytes() == b"the teacher's slide at one of our names"
    assert (out / "slides" / "002.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    # every file the build wrote is in the record, and nothing else
    manifest = json.loads((out / "build.json").read_text("utf-8"))
    made = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()}
    made -= set(TEACHER) | {RECORD, "slides/002.kept.png"}
    assert made == set(_record(out))
    first_audio = {seg["audio"]["file"] for seg in manifest["segments"].values()}

    # the teacher edits the deck lecturecast wrote: the next run keeps their version aside
    (out / "deck.pptx").write_bytes(b"the teacher's edited deck")
    _run("slides", str(src), "-o", str(out), "-j", "1")
    _teacher_files_intact(out)
    assert (out / "deck.kept.pptx").read_bytes() == b"the teacher's edited deck"
    Presentation(str(out / "deck.pptx"))

    _run("audio", str(src), "-o", str(out), "--engine", "piper", cache=cache)
    _teacher_files_intact(out)
    assert (out / "audio" / "part-1.wav").is_file() and (out / "voiceover.wav").is_file()

    # rebuild after the script changed: a segment is gone, one is new, a clock goes backwards
    edited = _edited_script(src)
    proc = _run("video", str(edited), "-o", str(out), "--engine", "piper", "-j", "2", cache=cache)
    assert "E-CLOCK" in proc.stderr and "warning:" in proc.stderr  # lint errors shown before building
    _teacher_files_intact(out)
    manifest = json.loads((out / "build.json").read_text("utf-8"))
    pngs = {p.relative_to(out).as_posix() for p in (out / "slides").glob("[0-9][0-9][0-9].png")}
    assert pngs == {s["file"] for s in manifest["slides"]}  # our stale slide images were pruned ...
    audio = {seg["audio"]["file"] for seg in manifest["segments"].values()}
    assert "audio/002-part-2.wav" in first_audio and not (out / "audio" / "002-part-2.wav").exists()
    assert {p.relative_to(out).as_posix() for p in (out / "audio").glob("[0-9][0-9][0-9]-*.wav")} == audio
    assert (out / "audio" / "part-2.wav").is_file()  # ... the audio command's files are its own group
    assert probe(out / "lecture.mp4").duration > 0


def _wait_for(path: Path, proc: subprocess.Popen, seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


@pytest.mark.slow
def test_slides_and_audio_beside_a_running_video_wait_and_all_succeed(tmp_path: Path):
    src = write_small_lecture(tmp_path / "src", minutes=0.4)
    out, cache = tmp_path / "o", tmp_path / "cache"  # a fresh cache: the video build takes a while
    _seed(out)
    video = subprocess.Popen(_cli("-q", "video", str(src), "-o", str(out), "--engine", "piper", "-j", "1",
                                  cache=cache), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    _wait_for(out / LOCK, video)
    refused = _run("slides", str(src), "-o", str(out), ok=False)
    assert video.poll() is None, "the video build ended before the second writer tried"
    assert refused.returncode == BuildLocked.exit_code
    assert refused.stderr.count("\n") == 1 and "another build is writing to" in refused.stderr
    waiting = [subprocess.Popen(_cli(*cmd, "-o", str(out), "--wait", "900"), stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
               for cmd in (("slides", str(src), "-j", "1"), ("audio", str(src), "--engine", "piper"))]
    finished: dict[str, float] = {}
    for name, proc in [("video", video), ("slides", waiting[0]), ("audio", waiting[1])]:
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, f"{name}: {err}"
        finished[name] = time.monotonic()
    _teacher_files_intact(out)
    assert zipfile.is_zipfile(out / "deck.pptx") and (out / "handout.pdf").read_bytes()[:5] == b"%PDF-"
    info = probe(out / "lecture.mp4")
    assert info.video_streams == 1 and info.audio_streams == 1
    assert probe(out / "voiceover.wav").duration > 0
    assert len(list((out / "slides").glob("[0-9][0-9][0-9].png"))) == len(
        json.loads((out / "build.json").read_text("utf-8"))["slides"])


def test_lock_file_is_removed_on_release_and_the_next_holder_is_exclusive(tmp_path: Path):
    first = BuildLock(tmp_path)
    first.__enter__()
    assert (tmp_path / LOCK).read_text().strip() == str(os.getpid())
    got: list[BaseException | None] = []

    def second_writer() -> None:
        try:
            with BuildLock(tmp_path, wait=30):
                got.append(None)
                time.sleep(1.0)  # hold it while the main thread checks
        except BaseException as exc:  # noqa: BLE001 - reported to the test thread
            got.append(exc)

    waiter = threading.Thread(target=second_writer)
    waiter.start()
    time.sleep(0.5)  # the waiter is polling the file the first holder will delete
    first.__exit__(None, None, None)
    deadline = time.monotonic() + 10
    while not got and time.monotonic() < deadline:
        time.sleep(0.02)
    assert got == [None]
    assert (tmp_path / LOCK).exists()  # the new holder's file
    with pytest.raises(BuildLocked):  # exactly one holder at a time, even across the delete
        with BuildLock(tmp_path, wait=0):
            pass
    waiter.join(10)
    assert not (tmp_path / LOCK).exists()


def test_a_killed_writers_lock_file_is_reused_and_then_removed(tmp_path: Path):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom lecturecast.pipeline.lock import BuildLock\n"
        f"with BuildLock({str(tmp_path)!r}):\n    print('locked', flush=True)\n    time.sleep(60)\n")],
        stdout=subprocess.PIPE)
    assert holder.stdout.readline().strip() == b"locked"
    holder.kill()
    holder.wait(10)
    assert (tmp_path / LOCK).exists()  # SIGKILL: nobody could delete it, but the OS released it
    with BuildLock(tmp_path, wait=5):
        pass
    assert not (tmp_path / LOCK).exists()


def test_record_rules_claim_sets_aside_prune_spares_changed_files(tmp_path: Path):
    out = tmp_path / "out"
    (out / "slides").mkdir(parents=True)
    theirs = out / "slides" / "001.png"
    theirs.write_bytes(b"theirs")
    owned = OwnedFiles.load(out)
    kept = owned.claim([theirs, out / "slides" / "002.png"], "slides")
    assert [p.name for p in kept] == ["001.kept.png"] and not theirs.exists()
    for name in ("001.png", "002.png"):
        (out / "slides" / name).write_bytes(b"ours " + name.encode())
    owned.record([out / "slides" / "001.png", out / "slides" / "002.png"], "slides")
    owned.save()
    again = OwnedFiles.load(out)
    time.sleep(0.01)
    (out / "slides" / "002.png").write_bytes(b"edited by the teacher after the build")
    assert again.prune("slides", []) == ["slides/001.png"]  # 002 changed since: left in place
    assert (out / "slides" / "002.png").exists() and (out / "slides" / "001.kept.png").exists()
    # a hand-edited record cannot point outside the folder
    victim = tmp_path / "victim.txt"
    victim.write_text("x")
    (out / RECORD).write_text(json.dumps({"files": {"../victim.txt": {"group": "slides"},
                                                     str(victim): {"group": "slides"}}}))
    assert OwnedFiles.load(out).prune("slides", []) == []
    assert victim.exists()
