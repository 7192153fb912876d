"""Helpers for build tests: small real lectures written in canonical form, and MP4 checks."""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from lecture_gen import make_lecture  # noqa: E402

from lecturecast.script import format_lecture  # noqa: E402


def write_small_lecture(folder: Path, minutes: float = 1.0, segment_seconds: float = 12.0,
                        name: str = "lesson.md") -> Path:
    path = folder / name
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(format_lecture(make_lecture(minutes=minutes, segment_seconds=segment_seconds)), "utf-8")
    return path


def decode_audio(media: Path, rate: int = 48000):
    """The first audio stream of ``media`` as mono float samples in [-1, 1] (decoded by ffmpeg)."""
    import subprocess

    import numpy as np

    from lecturecast.media import ffmpeg_exe

    proc = subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(media), "-map", "0:a:0", "-f", "s16le",
                           "-ac", "1", "-ar", str(rate), "pipe:1"], capture_output=True, check=True)
    return np.frombuffer(proc.stdout, "<i2").astype(np.float64) / 32768.0


def snr_db(ref, test) -> float:
    import numpy as np

    n = min(len(ref), len(test))
    err = np.asarray(ref[:n], float) - np.asarray(test[:n], float)
    return float(10 * np.log10(np.sum(np.square(ref[:n])) / max(1e-20, float(np.sum(np.square(err))))))
