"""Mux: the joined video + the voice track → the final MP4, by stream copy.

The audio arrives encoded: either the spliced per-segment AAC chunks of the build's voice track
(``.aac``, see :mod:`lecturecast.pipeline.voicetrack`) or the whole voiceover encoded once by
:func:`encode_audio` (``.m4a``: lectures with music beds).  Per-clip AAC joined by the concat demuxer
would not do: every clip's encoder priming and padding to whole 1024-sample frames leaves a gap at
every boundary (measured in ``benchmarks/bench_video.py``); the voice track avoids that by cutting
packets on the frame grid.  A plain WAV is still accepted and encoded here.  ``mux`` writes chapter
metadata as a Nero ``chpl`` box (no chapter text track: the file has exactly one video and one audio
stream) with the index (``moov``) in front of the media data, so the lecture starts playing while it
downloads.
"""
from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Sequence

from ..errors import MediaError
from ..fsutil import atomic_path
from ..media import probe
from .chapters import Chapter, ffmetadata
from .mp4chapters import write_with_chapters
from .ffrun import Progress, count_frames, run

log = logging.getLogger(__name__)

# ffmpeg's native AAC encoder: the default "twoloop" coder costs ~2.6x the CPU of "fast" (measured:
# 5.3 s vs 1.9 s for 281 s of mono speech at 160 kb/s); for narration the quality difference is
# inaudible, and this encode is on the critical path of every rebuild.

AUDIO_BITRATE = "160k"
SAMPLE_RATE = 48000


def video_seconds(video: str | os.PathLike[str]) -> float:
    """Exact length of a CFR video: frame count / frame rate."""
    info = probe(video)
    if not info.video_streams or not info.fps:
        raise MediaError(f"{video} has no video stream with a frame rate", hint="join the clips again")
    return count_frames(video) / info.fps


def encode_audio(audio_wav: str | os.PathLike[str], out_m4a: str | os.PathLike[str], duration: float, *,
                 audio_bitrate: str = AUDIO_BITRATE, sample_rate: int = SAMPLE_RATE,
                 timeout: float | None = None) -> Path:
    """Encode the voiceover to AAC (.m4a) once, padded/trimmed to exactly ``duration`` seconds.

    The build engine runs this beside the clip encoding and join, then muxes by stream copy, so
    the audio encode is off the critical path of a rebuild.  Written atomically."""
    if not Path(audio_wav).is_file():
        raise MediaError(f"voiceover {audio_wav} does not exist", hint="build again")
    with atomic_path(out_m4a) as tmp:
        run(["-i", str(audio_wav), "-map", "0:a:0", "-c:a", "aac", "-aac_coder", "fast", "-b:a", audio_bitrate,
             "-ar", str(sample_rate), "-af", "apad", "-t", f"{duration:.6f}", "-f", "mp4", str(tmp)],
            what=f"encoding {Path(audio_wav).name}", timeout=timeout or 120 + duration * 0.5)
    return Path(out_m4a)


def mux(video: str | os.PathLike[str], audio_wav: str | os.PathLike[str], out_mp4: str | os.PathLike[str],
        chapters: Sequence[Chapter] = (), *, duration: float | None = None, title: str | None = None,
        metadata: dict[str, str] | None = None, audio_bitrate: str = AUDIO_BITRATE,
        sample_rate: int = SAMPLE_RATE, progress: Progress = None, timeout: float | None = None) -> Path:
    """Write ``out_mp4``: ``video`` stream-copied; ``audio_wav`` stream-copied when it is encoded already
    (the build's spliced ``.aac`` voice track, or an ``.m4a`` from :func:`encode_audio`), else encoded
    to AAC padded/trimmed to the video's exact length (``duration``, else frames / fps of ``video``);
    chapters as a chpl box, the index in front.  Written atomically."""
    for path, what in ((video, "video"), (audio_wav, "voiceover")):
        if not Path(path).is_file():
            raise MediaError(f"{what} {path} does not exist", hint="build again")
    length = duration if duration is not None else video_seconds(video)
    if length <= 0:
        raise MediaError(f"{video} is empty", hint="build again")
    timeout = timeout or 120 + length * 0.5
    with tempfile.TemporaryDirectory(prefix="lecturecast-mux-") as tmpdir:
        meta = Path(tmpdir) / "chapters.ffmeta"
        meta.write_text(ffmetadata(chapters, title=title, metadata=metadata), encoding="utf-8")
        if Path(audio_wav).suffix.lower() in (".m4a", ".aac"):  # encoded already (ADTS: the spliced track)
            audio_args = ["-c:a", "copy"]
        else:
            audio_args = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", audio_bitrate, "-ar", str(sample_rate),
                          "-af", "apad", "-t", f"{length:.6f}"]
        # chapters go in as a chpl box afterwards, which also moves the index to the front (one copy):
        # no third (chapter text) stream
        faststart = [] if chapters else ["-movflags", "+faststart"]
        write_with_chapters(out_mp4, chapters, lambda tmp: run(
            ["-i", str(video), "-i", str(audio_wav), "-f", "ffmetadata", "-i", str(meta),
             "-map", "0:v:0", "-map", "1:a:0", "-map_metadata", "2", "-map_chapters", "-1",
             "-c:v", "copy", *audio_args, *faststart, "-f", "mp4", str(tmp)],
            what=f"writing {Path(out_mp4).name}", timeout=timeout, progress=progress, stage="mux",
            total_seconds=length))
    log.info("wrote %s (%.1f s, %d chapters)", Path(out_mp4).name, length, len(chapters))
    return Path(out_mp4)
