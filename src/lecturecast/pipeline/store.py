"""The build's artifact store (:class:`lecturecast.store.Store`, shared by every lecture that uses the
same cache folder) and placing its entries at output paths."""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

from ..store import Store

__all__ = ["Store", "publish", "sweep_partials"]

log = logging.getLogger(__name__)


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
