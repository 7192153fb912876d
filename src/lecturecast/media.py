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
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from .errors import MediaError

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


def run_ffmpeg(args: Sequence[str], *, timeout: float | None = 600, what: str = "ffmpeg") -> str:
    """Run ffmpeg with ``args`` (without the binary); return stderr; raise MediaError on failure."""
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-y", *map(str, args)]
    log.debug("run %s", " ".join(cmd))
    try:
        proc = subprocess.run(cmd, stdin=subprocess.DEVNULL, capture_output=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        raise MediaError(f"{what} timed out after {timeout:.0f} s") from exc
    err = proc.stderr.decode("utf-8", "replace")
    if proc.returncode != 0:
        tail = "\n".join(err.strip().splitlines()[-4:])
        if "No space left on device" in err:
            from .errors import DiskFullError

            raise DiskFullError(f"{what}: disk full", hint="free some space and build again")
        raise MediaError(f"{what} failed (exit {proc.returncode}): {tail}")
    return err


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


def probe(path: str | os.PathLike[str]) -> MediaInfo:
    """Read container facts from ``ffmpeg -i`` (no ffprobe needed)."""
    path = Path(path)
    if not path.exists():
        raise MediaError(f"{path} does not exist")
    proc = subprocess.run(
        [ffmpeg_exe(), "-hide_banner", "-nostdin", "-i", str(path)],
        stdin=subprocess.DEVNULL, capture_output=True, timeout=60,
    )
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


def decode_to_wav(src: str | os.PathLike[str], dst: str | os.PathLike[str], *, rate: int = 48000,
                  channels: int = 1, timeout: float = 120) -> Path:
    """Decode any audio file ffmpeg understands (MP3 from gTTS, ...) to 16-bit PCM WAV."""
    run_ffmpeg(["-i", str(src), "-vn", "-ac", str(channels), "-ar", str(rate), "-c:a", "pcm_s16le", str(dst)],
               timeout=timeout, what=f"decoding {Path(src).name}")
    return Path(dst)
