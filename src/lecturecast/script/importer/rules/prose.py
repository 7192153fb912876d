"""Prose rules: an editor's italic note before the script, and narration (the rule that always claims)."""
from __future__ import annotations

import re

from ..assemble import Assembler

_ITALIC_LINE = re.compile(r"^(?:\*[^*].*\*|_[^_].*_)$")


def editor_note(a: Assembler, i: int, s: str) -> int | None:
    """``*Written for the spring course; revised twice.*`` before any content: a note about the script."""
    if a.seen_content or not _ITALIC_LINE.match(s) or s[1:2] in ("\"", "“"):
        return None
    a.rec(i, "metadata", False, "editor's note before the script")
    return i + 1


def narration(a: Assembler, i: int, s: str) -> int | None:
    """Anything else is narration: a paragraph of the current speaker (a blank line starts a new one)."""
    if a.blank and a.para:
        a.flush_para()
    a.narration(s, i)
    return i + 1
