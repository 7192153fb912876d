"""ffmpeg for the video layer: the project's one runner (:func:`lecturecast.media.run_ffmpeg`, with
progress reporting and a working directory) under the name the video modules use, and frame counting."""
from __future__ import annotations

import os
import re
from pathlib import Path

from ..errors import MediaError
from ..media import Progress, run_ffmpeg

__all__ = ["Progress", "run", "count_frames", "frames_written"]


def run(args, *, what: str, timeout: float = 600, cwd=None, progress: Progress = None, stage: str = "video",
        total_seconds: float | None = None) -> str:
    """:func:`lecturecast.media.run_ffmpeg` with the video layer's default progress stage."""
    return run_ffmpeg(args, what=what, timeout=timeout, cwd=cwd, progress=progress, stage=stage,
                      total_seconds=total_seconds)


_FRAME = re.compile(r"frame=\s*(\d+)")


def frames_written(stderr: str) -> int | None:
    """The frame count ffmpeg reported last in ``stderr`` (None when it reported none)."""
    found = _FRAME.findall(stderr)
    return int(found[-1]) if found else None


def count_frames(video: str | os.PathLike[str], timeout: float = 120) -> int:
    """Exact number of video frames (stream copy to the null muxer: no decoding, fast)."""
    err = run(["-i", str(video), "-map", "0:v:0", "-c", "copy", "-f", "null", "-"],
              what=f"counting frames of {Path(video).name}", timeout=timeout)
    frames = frames_written(err)
    if frames is None:
        raise MediaError(f"cannot count the frames of {video}", hint="is it a video file?")
    return frames
