"""The build's artifact store (:class:`lecturecast.store.Store`, shared by every lecture that uses the
same cache folder) and placing its entries at output paths."""
from __future__ import annotations

import contextlib
import logging
import os
import shutil
from pathlib import Path

from ..fsutil import temp_name
from ..store import Store

__all__ = ["Store", "publish"]

log = logging.getLogger(__name__)


def publish(src: Path, dst: Path) -> Path:
    """Place a cached artifact at an output path atomically (hard link when possible, else copy).

    Skips the work when ``dst`` is already the same file.  The caller has claimed ``dst``
    (:meth:`lecturecast.outdir.OwnedFiles.claim`), so whatever was there is ours to replace.
    """
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        if dst.exists() and os.path.samefile(src, dst):
            return dst
    except OSError:
        pass
    tmp = temp_name(dst, ".link")
    try:
        try:
            os.link(src, tmp)
        except OSError:
            shutil.copyfile(src, tmp)
        os.replace(tmp, dst)
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return dst
