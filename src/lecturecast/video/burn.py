"""Optional burnt-in (open) captions: the subtitles drawn into the picture.

Uses ffmpeg's ``subtitles`` filter, which needs libass (imageio-ffmpeg's build has it; a custom
``LECTURECAST_FFMPEG`` may not — then :func:`burn_captions` raises a MediaError saying so).  The whole
video is re-encoded, so this is an extra output, never the default: sidecar captions (SRT/VTT) are
what YouTube and VLC use, and viewers can switch them off.
"""
from __future__ import annotations

import functools
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from ..errors import MediaError
from ..media import ffmpeg_exe
from .clips import DEFAULT_CRF, DEFAULT_PRESET, encoder_args
from .ffrun import Progress, run
from .chapters import read_chapters
from .mp4chapters import write_with_chapters
from .mux import video_seconds


@functools.lru_cache(maxsize=1)
def has_libass() -> bool:
    """True when this ffmpeg can draw subtitles (``subtitles`` filter, built with libass)."""
    try:
        proc = subprocess.run([ffmpeg_exe(), "-hide_banner", "-filters"], stdin=subprocess.DEVNULL,
                              capture_output=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired, MediaError):
        return False
    filters = proc.stdout.decode("utf-8", "replace")
    return any(line.split()[1:2] == ["subtitles"] for line in filters.splitlines() if line.strip())


def burn_captions(video: str | os.PathLike[str], captions: str | os.PathLike[str], out: str | os.PathLike[str], *,
                  fps: int = 10, font: str = "Noto Sans", font_size: int = 22, preset: str = DEFAULT_PRESET,
                  crf: int = DEFAULT_CRF, progress: Progress = None) -> Path:
    """Re-encode ``video`` (audio copied) with ``captions`` (SRT or VTT) drawn at the bottom."""
    if not has_libass():
        raise MediaError("this ffmpeg cannot burn in captions (no libass / subtitles filter)",
                         hint="use the .srt/.vtt sidecar files, or unset LECTURECAST_FFMPEG to use imageio-ffmpeg's build")
    length = video_seconds(video)
    style = f"FontName={font},FontSize={font_size},Outline=2,Shadow=0,MarginV=28,BorderStyle=1"
    with tempfile.TemporaryDirectory(prefix="lecturecast-burn-") as tmpdir:
        # a bare file name in the working directory: no filter-graph escaping of paths on any OS
        local = Path(tmpdir) / ("captions" + Path(captions).suffix.lower())
        shutil.copyfile(captions, local)
        chapters = read_chapters(video)  # carried over as in mux: a chpl box, no chapter text stream
        faststart = [] if chapters else ["-movflags", "+faststart"]
        write_with_chapters(out, chapters, lambda tmp: run(
            ["-i", str(Path(video).resolve()), "-vf", f"subtitles={local.name}:force_style='{style}'",
             "-map", "0:v:0", "-map", "0:a?", *encoder_args(fps, preset=preset, crf=crf), "-c:a", "copy",
             *faststart, "-map_chapters", "-1", "-f", "mp4", str(Path(tmp).resolve())],
            what=f"burning captions into {Path(out).name}", timeout=120 + length * 2, cwd=tmpdir,
            progress=progress, stage="burn", total_seconds=length))
    return Path(out)
