"""The content-addressed store every cache of lecturecast uses (build artifacts, sentence audio,
handout pages).

Layout: ``<root>/<kind>/<key[:2]>/<key><ext>``.  Entries are written atomically and never modified,
so readers never see partial files and concurrent builds can share the store safely.
"""
from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import Callable, Iterator

from .fsutil import atomic_path


class Store:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def path(self, kind: str, key: str, ext: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{ext}"

    def get(self, kind: str, key: str, ext: str) -> Path | None:
        path = self.path(kind, key, ext)
        return path if path.is_file() and path.stat().st_size > 0 else None

    def make(self, kind: str, key: str, ext: str, write: Callable[[Path], object]) -> Path:
        """The entry's path; when it is missing, ``write(tmp)`` makes it first (atomically)."""
        path = self.get(kind, key, ext)
        if path is None:
            with self.put(kind, key, ext) as tmp:
                write(tmp)
            path = self.path(kind, key, ext)
        return path

    @contextlib.contextmanager
    def put(self, kind: str, key: str, ext: str) -> Iterator[Path]:
        """Yield a temp path to write; it becomes the entry when the block exits cleanly."""
        with atomic_path(self.path(kind, key, ext)) as tmp:
            yield tmp
