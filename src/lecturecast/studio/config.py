"""The studio's settings (from ``lecturecast studio``'s options)."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..pipeline.options import BuildOptions, default_jobs

LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


@dataclass(frozen=True)
class StudioConfig:
    script: Path
    output_dir: Path | None = None  # None: output/<script stem>/, as the CLI
    host: str = "127.0.0.1"
    port: int = 8765
    engine: str = "auto"
    jobs: int | None = None
    cache_dir: Path | None = None
    fps: int = 10
    timing: str | None = None

    def output_for(self, script: Path) -> Path:
        return self.output_dir if self.output_dir is not None else Path("output") / script.stem

    def build_options_for(self, output_dir: Path) -> Callable[[bool], BuildOptions]:
        """A fresh :class:`BuildOptions` per build (the same defaults as ``lecturecast video``).

        ``incremental`` (a few edited segments of a built lecture): one job, so the build runs in the
        studio's process and the speech engine stays loaded between edits instead of being loaded
        again by a new worker process for every rebuild."""
        def make(incremental: bool) -> BuildOptions:
            jobs = 1 if incremental else (self.jobs or default_jobs())
            return BuildOptions(output_dir=output_dir, cache_dir=self.cache_dir, engine=self.engine,
                                jobs=jobs, fps=self.fps, timing=self.timing)
        return make

    @property
    def is_local(self) -> bool:
        return self.host in LOCAL_HOSTS
