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
