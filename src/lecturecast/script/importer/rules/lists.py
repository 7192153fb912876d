"""List rules: a bullet or numbered item, and a wrapped line that continues the item above it."""
from __future__ import annotations

from ..assemble import Assembler
from ..lines import BULLET


def item(a: Assembler, i: int, s: str) -> int | None:
    """``- item`` / ``1. item``: spoken when it continues a speaker's turn, else shown on the slide."""
    m = BULLET.match(a.lines[i])
    if not m:
        return None
    a.bullet(m, i)
    return i + 1


def continuation(a: Assembler, i: int, s: str) -> int | None:
    """A line right under a list item (no blank line) belongs to that item."""
    return i + 1 if a.continuation(s, i) else None
