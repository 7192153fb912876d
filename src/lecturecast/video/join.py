"""Join per-segment clips into one video with ffmpeg's concat demuxer and stream copy.

Nothing is re-encoded: the join of a 20-minute lecture is a file copy with new timestamps, so editing
one segment costs one clip encode plus this join.  Clips must come from :func:`encode_still_clip`
with the same fps and size (same x264 settings → identical stream parameters).
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Sequence

from ..errors import MediaError
from ..fsutil import atomic_path
from .ffrun import Progress, run

log = logging.getLogger(__name__)


def concat_list(clips: Sequence[str | os.PathLike[str]]) -> str:
    """The concat demuxer's list file: absolute paths, single quotes escaped the ffmpeg way."""
    lines = ["ffconcat version 1.0"]
    for clip in clips:
        path = Path(clip).resolve().as_posix().replace("'", "'\\''")
        lines.append(f"file '{path}'")
    return "\n".join(lines) + "\n"


def join_clips(clips: Sequence[str | os.PathLike[str]], out: str | os.PathLike[str], *,
               progress: Progress = None, total_seconds: float | None = None, timeout: float | None = None) -> Path:
    """Concatenate ``clips`` (video only) into ``out`` without re-encoding; written atomically."""
    if not clips:
        raise MediaError("nothing to join: no clips", hint="the lecture has no segments")
    missing = [str(c) for c in clips if not Path(c).is_file()]
    if missing:
        raise MediaError(f"{len(missing)} clip(s) missing, e.g. {missing[0]}", hint="build again to re-encode them")
    out = Path(out)
    timeout = timeout or 120 + 0.5 * len(clips)
    with tempfile.TemporaryDirectory(prefix="lecturecast-join-") as tmpdir:
        listing = Path(tmpdir) / "clips.ffconcat"
        listing.write_text(concat_list(clips), encoding="utf-8")
        with atomic_path(out) as tmp:
            run(["-f", "concat", "-safe", "0", "-i", str(listing), "-map", "0:v:0", "-c", "copy",
                 "-an", "-f", "mp4", str(tmp)],
                what=f"joining {len(clips)} clips", timeout=timeout, progress=progress, stage="join",
                total_seconds=total_seconds)
    log.debug("joined %d clips into %s", len(clips), out.name)
    return out
