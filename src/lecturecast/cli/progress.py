"""A small stderr progress bar for long stages (no dependency; quiet when stderr is not a TTY)."""
from __future__ import annotations

import sys
import time


class ProgressBar:
    def __init__(self, stream=None, width: int = 28):
        self.stream = stream or sys.stderr
        self.width = width
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self._stage: str | None = None
        self._t0 = time.perf_counter()

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage != self._stage:
            self._stage, self._t0 = stage, time.perf_counter()
        if not self.tty:
            if done == total:
                self.stream.write(f"  {stage}: {total} done in {time.perf_counter() - self._t0:.1f} s\n")
                self.stream.flush()
            return
        filled = int(self.width * done / max(total, 1))
        bar = "#" * filled + "-" * (self.width - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r  {stage:<7} [{bar}] {done}/{total} {time.perf_counter() - self._t0:5.1f}s{end}")
        self.stream.flush()
