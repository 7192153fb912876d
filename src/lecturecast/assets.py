"""Where bundled assets live and how a lecture finds (and overrides) them.

Lookup order for a relative asset name: the lecture's own folder (its ``assets/`` subfolder first),
then the project's ``assets/`` folder.  Paths may not escape those folders.  ``LECTURECAST_ASSETS``
overrides the bundled folder.
"""
from __future__ import annotations

import os
from pathlib import Path

from .errors import AssetError, UnsafePathError
from .fsutil import resolve_inside


def assets_dir() -> Path:
    env = os.environ.get("LECTURECAST_ASSETS")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "assets"
        if (candidate / "templates").is_dir():
            return candidate
    raise AssetError("cannot find lecturecast's assets/ folder", hint="set LECTURECAST_ASSETS to it")


def search_dirs(lecture_path: str | os.PathLike[str] | None, kind: str = "") -> list[Path]:
    """Folders to search, most specific first.  ``kind`` is a subfolder such as 'images' or 'music'."""
    dirs: list[Path] = []
    if lecture_path:
        base = Path(lecture_path).resolve().parent
        dirs += [base / "assets" / kind if kind else base / "assets", base]
    dirs.append(assets_dir() / kind if kind else assets_dir())
    return [d for d in dirs if d.is_dir()]


def find_asset(name: str, lecture_path: str | os.PathLike[str] | None, kind: str = "",
               required: bool = True) -> Path | None:
    """Find ``name`` in the lecture's folders, then the bundled assets; refuse escaping paths."""
    if Path(name).is_absolute():
        raise UnsafePathError(f"asset {name!r} is an absolute path", hint="use a path relative to the script")
    for folder in search_dirs(lecture_path, kind):
        candidate = resolve_inside(folder, name, what="asset")
        if candidate.is_file():
            return candidate
    if required:
        raise AssetError(f"asset {name!r} not found", hint=f"put it in the script's folder or assets/{kind}")
    return None
