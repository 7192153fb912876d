"""Atomic writes, the artifact store, content keys and the build lock (real processes, real files)."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from lecturecast.pipeline.keys import content_key
from lecturecast.pipeline.lock import BuildLock
from lecturecast.pipeline.pool import run_all
from lecturecast.pipeline.store import Store, publish
from lecturecast.errors import BuildLocked, UnsafePathError
from lecturecast.fsutil import atomic_path, resolve_inside, write_text_atomic
from lecturecast.model import CueKind, Cue, Segment, Speech


def test_content_key_changes_with_every_input_and_ignores_source_lines():
    a = Segment("s1", (Speech("Hello there.", "Narrator"),), clock=0.0)
    same = Segment("s1", (Speech("Hello there.", "Narrator", source=None),), clock=0.0)
    edited = Segment("s1", (Speech("Hello there!", "Narrator"),), clock=0.0)
    assert content_key("audio", a) == content_key("audio", same)
    assert content_key("audio", a) != content_key("audio", edited)
    assert content_key("audio", a) != content_key("clip", a)
    cue = Cue(CueKind.VISUAL, "LSTM layers")
    assert content_key("x", cue) == content_key("x", Cue(CueKind.VISUAL, "LSTM layers"))


def test_atomic_path_keeps_old_file_when_writer_fails(tmp_path: Path):
    target = tmp_path / "deck.pptx"
    target.write_bytes(b"good")
    with pytest.raises(RuntimeError):
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError("crash")
    assert target.read_bytes() == b"good"
    assert [p.name for p in tmp_path.iterdir()] == ["deck.pptx"]


def test_atomic_write_survives_sigkill_of_writer(tmp_path: Path):
    target = tmp_path / "out.bin"
    target.write_bytes(b"previous good output")
    code = textwrap.dedent(f"""
        import time
        from lecturecast.fsutil import atomic_path
        with atomic_path({str(target)!r}) as tmp:
            with open(tmp, "wb") as fh:
                fh.write(b"x" * 1000)
                fh.flush()
                print("writing", flush=True)
                time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"writing"
    proc.send_signal(signal.SIGKILL)
    proc.wait(10)
    assert target.read_bytes() == b"previous good output"


def test_store_and_publish(tmp_path: Path):
    store = Store(tmp_path / "cache")
    assert store.get("audio", "ab" * 16, ".wav") is None
    with store.put("audio", "ab" * 16, ".wav") as tmp:
        tmp.write_bytes(b"RIFF....")
    path = store.get("audio", "ab" * 16, ".wav")
    assert path is not None and path.read_bytes() == b"RIFF...."
    dst = publish(path, tmp_path / "out" / "audio" / "001.wav")
    assert dst.read_bytes() == b"RIFF...."
    publish(path, dst)  # idempotent
    assert dst.read_bytes() == b"RIFF...."


def test_resolve_inside_refuses_escapes(tmp_path: Path):
    (tmp_path / "images").mkdir()
    assert resolve_inside(tmp_path, "images/a.png") == (tmp_path / "images" / "a.png").resolve()
    with pytest.raises(UnsafePathError):
        resolve_inside(tmp_path, "../../etc/passwd")


def test_write_text_atomic(tmp_path: Path):
    write_text_atomic(tmp_path / "a" / "b.txt", "héllo")
    assert (tmp_path / "a" / "b.txt").read_text("utf-8") == "héllo"


def _hold_lock(folder: str) -> subprocess.Popen:
    code = textwrap.dedent(f"""
        import time
        from lecturecast.pipeline.lock import BuildLock
        with BuildLock({folder!r}):
            print("locked", flush=True)
            time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE)
    assert proc.stdout.readline().strip() == b"locked"
    return proc


@pytest.mark.skipif(os.name == "nt", reason="platform: SIGKILL semantics")
def test_second_build_stops_with_clear_message_and_lock_dies_with_holder(tmp_path: Path):
    holder = _hold_lock(str(tmp_path))
    try:
        with pytest.raises(BuildLocked) as info:
            with BuildLock(tmp_path, wait=0.3):
                pass
        assert "another build" in str(info.value) and str(holder.pid) in str(info.value)
    finally:
        holder.send_signal(signal.SIGKILL)
        holder.wait(10)
    t0 = time.monotonic()
    with BuildLock(tmp_path, wait=5):  # released by the OS when the holder died
        pass
    assert time.monotonic() - t0 < 5


def _square(x: int) -> int:
    return x * x


def test_pool_keeps_order_and_reports_progress():
    seen = []
    assert run_all(_square, [(i,) for i in range(6)], jobs=2, on_done=lambda d, t: seen.append((d, t))) == [
        0, 1, 4, 9, 16, 25]
    assert seen[-1] == (6, 6)
    assert run_all(_square, [(3,)], jobs=1) == [9]
