"""The ffmpeg binary and small helpers around it.

lecturecast needs no system ffmpeg: it uses the binary shipped by ``imageio-ffmpeg`` (which has no
ffprobe, so durations and stream facts are read from ``ffmpeg -i`` output instead).  Set
``LECTURECAST_FFMPEG`` to use another binary.
"""
from __future__ import annotations

import functools
import logging
import os
import re
import shutil
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional, Sequence

from .errors import DiskFullError, MediaError

log = logging.getLogger(__name__)


@functools.lru_cache(maxsize=1)
def ffmpeg_exe() -> str:
    env = os.environ.get("LECTURECAST_FFMPEG")
    if env:
        return env
    try:
        import imageio_ffmpeg

        return imageio_ffmpeg.get_ffmpeg_exe()
    except Exception:  # pragma: no cover - imageio-ffmpeg is a dependency
        found = shutil.which("ffmpeg")
        if found:
            return found
        raise MediaError("ffmpeg not found", hint="pip install imageio-ffmpeg")


Progress = Optional[Callable[[str, int, int], None]]  # (stage, done, total) — same shape as the build's
_OUT_TIME = re.compile(r"^out_time_(?:us|ms)=(\d+)$")


def run_ffmpeg(args: Sequence[str], *, what: str = "ffmpeg", timeout: float | None = 600,
               cwd: str | os.PathLike[str] | None = None, progress: Progress = None, stage: str = "ffmpeg",
               total_seconds: float | None = None) -> str:
    """Run ffmpeg with ``args`` (without the binary); return its stderr; raise MediaError on failure
    (DiskFullError when the disk filled up).  The one ffmpeg runner of the project.

    stderr goes to a temporary file (no pipe to fill up on long runs); a timeout kills the process.
    With ``progress`` and ``total_seconds``, ffmpeg's ``-progress`` output is reported as
    (stage, done_ms, total_ms)."""
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
        timer = threading.Timer(timeout, proc.kill) if timeout else None
        if timer is not None:
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
            timed_out = timer is not None and not timer.is_alive() and _killed(proc)
            if timer is not None:
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


@dataclass(frozen=True)
class MediaInfo:
    duration: float | None
    video_streams: int
    audio_streams: int
    width: int | None = None
    height: int | None = None
    fps: float | None = None
    chapters: int = 0
    streams: int = 0  # all streams: video, audio, data (e.g. a QuickTime chapter text track), ...


_DURATION = re.compile(r"Duration: (\d+):(\d+):(\d+(?:\.\d+)?)")
_VIDEO = re.compile(r"Stream #\S+.*?: Video: .*?(\d{2,5})x(\d{2,5})")
_FPS = re.compile(r"(\d+(?:\.\d+)?) fps")


def probe(path: str | os.PathLike[str], *, timeout: float = 60) -> MediaInfo:
    """Read container facts from ``ffmpeg -i`` (no ffprobe needed); MediaError when ffmpeg cannot run
    or does not answer within ``timeout`` seconds (a hung network mount, a pathological file)."""
    path = Path(path)
    if not path.exists():
        raise MediaError(f"{path} does not exist")
    try:
        proc = subprocess.run(
            [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
            stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        raise MediaError(f"reading {path.name} with ffmpeg timed out after {timeout:g} s",
                         hint="check that the file is complete and readable") from None
    except OSError as exc:
        raise MediaError(f"cannot start ffmpeg to read {path.name}: {exc}", hint="check LECTURECAST_FFMPEG") from exc
    text = proc.stderr.decode("utf-8", "replace")
    m = _DURATION.search(text)
    duration = int(m.group(1)) * 3600 + int(m.group(2)) * 60 + float(m.group(3)) if m else None
    v = _VIDEO.search(text)
    f = _FPS.search(text)
    return MediaInfo(
        duration=duration,
        video_streams=len(re.findall(r"Stream #\S+.*?: Video:", text)),
        audio_streams=len(re.findall(r"Stream #\S+.*?: Audio:", text)),
        width=int(v.group(1)) if v else None,
        height=int(v.group(2)) if v else None,
        fps=float(f.group(1)) if f else None,
        chapters=len(re.findall(r"^\s*Chapter #", text, flags=re.M)),
        streams=len(re.findall(r"^\s*Stream #", text, flags=re.M)),
    )


# Inputs a script may name (music beds) are opened as local files of a plain audio container only: no
# playlists (HLS, concat) that would make ffmpeg read other files or fetch URLs.
AUDIO_INPUT_GUARD = ("-protocol_whitelist", "file",
                     "-format_whitelist", "wav,w64,mp3,flac,ogg,mov,aac,matroska,aiff,caf")


def decode_to_wav(src: str | os.PathLike[str], dst: str | os.PathLike[str], *, rate: int = 48000,
                  channels: int = 1, timeout: float = 120) -> Path:
    """Decode an audio file (WAV, MP3, FLAC, Ogg, M4A/AAC, Matroska/WebM, AIFF, CAF) to 16-bit PCM WAV."""
    run_ffmpeg([*AUDIO_INPUT_GUARD, "-i", str(src), "-vn", "-ac", str(channels), "-ar", str(rate), "-c:a", "pcm_s16le", str(dst)],
               timeout=timeout, what=f"decoding {Path(src).name}")
    return Path(dst)
