"""Everything a build needs to know besides the script itself."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

ProgressFn = Callable[[str, int, int], None]  # (stage, done, total)

STAGES = ("slides", "audio", "video")


def default_jobs() -> int:
    return max(1, os.cpu_count() or 1)


def default_cache_dir(output_dir: Path) -> Path:
    """One cache shared by every lecture under the same output root (``output/.cache``)."""
    env = os.environ.get("LECTURECAST_CACHE")
    return Path(env) if env else output_dir.resolve().parent / ".cache"


@dataclass
class BuildOptions:
    output_dir: Path
    cache_dir: Optional[Path] = None
    engine: str = "auto"  # gtts | piper | espeak | auto
    jobs: int = field(default_factory=default_jobs)
    fps: int = 10
    timing: Optional[str] = None  # overrides the script's front matter (natural | script)
    pad: float = 0.5  # seconds of silence after each segment's speech (natural policy)
    lead_in: float = 3.0  # title card
    tail: float = 4.0  # closing card
    stages: tuple[str, ...] = STAGES
    handout: bool = True
    burn_captions: bool = False  # also write lecture-captioned.mp4 (captions drawn into the picture)
    force_segment: Optional[str] = None  # id whose artifacts are rebuilt even if cached
    lock_wait: float = 0.0
    progress: Optional[ProgressFn] = None

    def __post_init__(self) -> None:
        self.output_dir = Path(self.output_dir)
        if self.cache_dir is None:
            self.cache_dir = default_cache_dir(self.output_dir)
        self.cache_dir = Path(self.cache_dir)
        self.jobs = max(1, int(self.jobs))

    @property
    def cache(self) -> Path:
        """The cache folder: ``cache_dir`` as given, else the default beside the output folder."""
        return self.cache_dir if self.cache_dir is not None else default_cache_dir(self.output_dir)

    def report(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)
