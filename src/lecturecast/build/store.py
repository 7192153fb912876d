"""A content-addressed artifact store shared by every lecture that uses the same cache folder.

Layout: ``<root>/<kind>/<key[:2]>/<key><ext>``.  Entries are written atomically and never modified,
so readers never see partial files and concurrent builds can share the store safely.
"""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path
from typing import Iterator

from ..fsutil import atomic_path

log = logging.getLogger(__name__)


class Store:
    def __init__(self, root: str | os.PathLike[str]):
        self.root = Path(root)

    def path(self, kind: str, key: str, ext: str) -> Path:
        return self.root / kind / key[:2] / f"{key}{ext}"

    def get(self, kind: str, key: str, ext: str) -> Path | None:
        path = self.path(kind, key, ext)
        return path if path.is_file() and path.stat().st_size > 0 else None

    @contextlib.contextmanager
    def put(self, kind: str, key: str, ext: str) -> Iterator[Path]:
        """Yield a temp path to write; it becomes the entry when the block exits cleanly."""
        with atomic_path(self.path(kind, key, ext)) as tmp:
            yield tmp


def publish(src: Path, dst: Path) -> Path:
    """Place a cached artifact at an output path atomically (hard link when possible, else copy).

    Skips the work when ``dst`` is already the same file.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        if dst.exists() and os.path.samefile(src, dst):
            return dst
    except OSError:
        pass
    tmp = dst.with_name(f".{dst.name}.part.link")
    with contextlib.suppress(OSError):
        tmp.unlink()
    try:
        os.link(src, tmp)
    except OSError:
        shutil.copyfile(src, tmp)
    os.replace(tmp, dst)
    return dst


def sweep_partials(folder: Path, min_age: float) -> int:
    """Remove temp files (``.name.*.part.ext``) left by killed builds; returns how many."""
    import time

    if not Path(folder).is_dir():
        return 0
    now, removed = time.time(), 0
    for path in Path(folder).rglob(".*.part*"):
        try:
            if now - path.stat().st_mtime >= min_age:
                path.unlink()
                removed += 1
        except OSError:
            continue
    if removed:
        log.info("removed %d unfinished file(s) left by an interrupted build in %s", removed, folder)
    return removed
