"""Running ffmpeg for the video layer: progress reporting, working directory, frame counting.

:func:`lecturecast.media.run_ffmpeg` covers the simple cases; this adds ``-progress`` parsing (so long
encodes can report progress through a callback) and a working directory (the ``subtitles`` filter is
given a bare file name, which avoids filter-graph escaping of full paths on every platform).
"""
from __future__ import annotations

import logging
import re
import subprocess
import tempfile
import threading
from pathlib import Path
from typing import Callable, Optional, Sequence

from ..errors import DiskFullError, MediaError
from ..media import ffmpeg_exe

log = logging.getLogger(__name__)

Progress = Optional[Callable[[str, int, int], None]]  # (stage, done, total) — same shape as the build's

_OUT_TIME = re.compile(r"^out_time_(?:us|ms)=(\d+)$")


def run(args: Sequence[str], *, what: str, timeout: float = 600, cwd: str | Path | None = None,
        progress: Progress = None, stage: str = "video", total_seconds: float | None = None) -> str:
    """Run ffmpeg; return its stderr.  With ``progress``, report (stage, done_ms, total_ms)."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y"]
    if progress is not None and total_seconds:
        cmd += ["-progress", "pipe:1", "-stats_period", "0.5"]
    cmd += [str(a) for a in args]
    log.debug("run %s", " ".join(cmd))
    total_ms = int(round((total_seconds or 0) * 1000))
    with tempfile.TemporaryFile() as err_file:
        try:
            proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=err_file,
                                    cwd=str(cwd) if cwd else None)
        except OSError as exc:
            raise MediaError(f"cannot start ffmpeg for {what}: {exc}", hint="check LECTURECAST_FFMPEG") from exc
        timer = threading.Timer(timeout, proc.kill)
        timer.start()
        try:
            assert proc.stdout is not None
            for raw in proc.stdout:
                if progress is None or not total_ms:
                    continue
                m = _OUT_TIME.match(raw.decode("ascii", "replace").strip())
                if m:
                    done = min(total_ms, int(m.group(1)) // 1000)  # out_time_ms is in µs too (ffmpeg quirk)
                    progress(stage, done, total_ms)
            code = proc.wait()
        finally:
            timed_out = not timer.is_alive() and proc.returncode not in (0, None) and _killed(proc)
            timer.cancel()
        err_file.seek(0)
        err = err_file.read().decode("utf-8", "replace")
    if timed_out:
        raise MediaError(f"{what} timed out after {timeout:.0f} s")
    if code != 0:
        if "No space left on device" in err:
            raise DiskFullError(f"{what}: disk full", hint="free some space and build again")
        tail = "\n".join(err.strip().splitlines()[-4:])
        raise MediaError(f"{what} failed (exit {code}): {tail}")
    if progress is not None and total_ms:
        progress(stage, total_ms, total_ms)
    return err


def _killed(proc: subprocess.Popen) -> bool:
    return proc.returncode is not None and proc.returncode < 0


_FRAME = re.compile(r"frame=\s*(\d+)")


def count_frames(video: str | Path, timeout: float = 120) -> int:
    """Exact number of video frames (stream copy to the null muxer: no decoding, fast)."""
    err = run(["-i", str(video), "-map", "0:v:0", "-c", "copy", "-f", "null", "-"],
              what=f"counting frames of {Path(video).name}", timeout=timeout)
    found = _FRAME.findall(err)
    if not found:
        raise MediaError(f"cannot count the frames of {video}", hint="is it a video file?")
    return int(found[-1])
