"""Icons for typographic cards: the Lucide set (ISC licence, via the ``python-lucide`` package's SQLite
index of names and tags) rasterised with ``resvg-py``.  Both are optional (extra ``icons``); without
them cards have no icon.

An icon matches a card's subject when one of the subject's words (4+ letters, not a stop word,
singular or plural) is an icon's name (2 points) or one of its tags (1 point); it needs 2 points,
so a single loose tag ("work") never picks an icon.  Rendered PNGs are cached by (icon, colour,
size, Lucide version) in the system temp folder, written atomically.
"""
from __future__ import annotations

import functools
import re
import sqlite3
import tempfile
from pathlib import Path

from ..fsutil import write_bytes_atomic
from ..plan.images import words

try:  # optional: pip install 'lecturecast[icons]'
    import resvg_py
    from lucide.db import get_default_db_path
except ImportError:  # pragma: no cover - depends on the installed extras
    resvg_py = None  # type: ignore[assignment]  # None marks the missing extra
    get_default_db_path = None

MIN_SCORE = 2
_STROKE = re.compile(r'stroke="currentColor"')


def available() -> bool:
    return resvg_py is not None and get_default_db_path is not None and get_default_db_path() is not None


@functools.lru_cache(maxsize=1)
def _index() -> tuple[dict[str, str], dict[str, set[str]], str]:
    """(name → svg, tag word → icon names, version) from the Lucide database."""
    path = get_default_db_path() if available() else None
    if path is None:
        return {}, {}, ""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        svgs = dict(db.execute("select name, svg from icons"))
        tags: dict[str, set[str]] = {}
        for name, tag in db.execute("select name, tag from icon_tags"):
            for word in tag.lower().split():
                tags.setdefault(word, set()).add(name)
        row = db.execute("select value from metadata where key = 'version'").fetchone()
    return svgs, tags, row[0] if row else ""


def _forms(word: str) -> set[str]:
    return {word, word[:-1]} if word.endswith("s") and len(word) > 4 else {word, word + "s"}


def match_icon(subject: str) -> str | None:
    """The Lucide icon that best fits ``subject`` (None: no icon scores 2)."""
    svgs, tags, _ = _index()
    if not svgs:
        return None
    scores: dict[str, int] = {}
    for word in words(subject):
        if len(word) < 4:
            continue
        for form in _forms(word):
            if form in svgs:
                scores[form] = scores.get(form, 0) + 2
            for name in tags.get(form, ()):
                scores[name] = scores.get(name, 0) + 1
    best = sorted(scores.items(), key=lambda kv: (-kv[1], len(kv[0]), kv[0]))
    return best[0][0] if best and best[0][1] >= MIN_SCORE else None


def icon_png(name: str, colour: str, size_px: int) -> Path:
    """The icon as a transparent PNG of ``size_px`` square in ``colour`` (cached)."""
    svgs, _, version = _index()
    folder = Path(tempfile.gettempdir()) / "lecturecast-icons"
    path = folder / f"{name}-{colour.lstrip('#').lower()}-{size_px}-{version}.png"
    if not path.is_file():
        svg = _STROKE.sub(f'stroke="{colour}"', svgs[name])
        folder.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(path, bytes(resvg_py.svg_to_bytes(svg_string=svg, width=size_px, height=size_px)))
    return path
