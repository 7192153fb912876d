"""Cue rules: stage directions in (), [], **[…]**, multi-line [ … ] blocks, bold direction lines, media links
and the lines of a *Visual* / *On-screen text* part."""
from __future__ import annotations

import re

from ....model import Cue, CueKind, SourceSpan
from ..assemble import Assembler
from ..lines import BOLD_LINE, LINK_LINE, strip_markdown
from ..recognise import find_label, is_meta_label, mode_cue_kind
from ..timex import lead_timestamp
from .blocks import add_cue, meta

_WRAPPED = re.compile(r"^(?:\*\*|__|\*|_)?([\[(（【].*[\])）】])(?:\*\*|__|\*|_)?[.:]?$")
_OPENERS = ("[", "**[", "(", "（", "【")
MULTILINE_CUE_LINES = 40


def bracketed(a: Assembler, i: int, s: str) -> int | None:
    """A whole line in brackets: ``(Visuals appear)``, ``[Intro music plays]``, ``**[CARD: …]**``."""
    m = _WRAPPED.match(s)
    if not m or find_label(s) or LINK_LINE.match(s) or lead_timestamp(m.group(1)) is not None:
        return None
    add_cue(a, m.group(1), i)
    return i + 1


def multiline(a: Assembler, i: int, s: str) -> int | None:
    """``[NOTES: …`` opened on one line and closed a few lines later."""
    if not s.startswith(_OPENERS[:2]) or "]" in s:
        return None
    end = next((k for k in range(i + 1, min(i + MULTILINE_CUE_LINES, len(a.lines))) if "]" in a.lines[k]), None)
    if end is None:
        return None
    inner = " ".join(x.strip() for x in a.lines[i:end + 1]).strip("*")
    add_cue(a, inner, i, end)
    return end + 1


def bold_line(a: Assembler, i: int, s: str) -> int | None:
    """A whole bold line that is not a heading: metadata (``**Duration: 30 s**``) or a direction."""
    m = BOLD_LINE.match(s)
    if not m:
        return None
    inner = m.group(1)
    label = find_label(inner)
    if label and is_meta_label(label.name):
        meta(a, i, label.name, label.rest)
        return i + 1
    add_cue(a, inner, i)
    return i + 1


def media_link(a: Assembler, i: int, s: str) -> int | None:
    """A lone link right under an insert label (``**Clip:**`` then ``[title](url)``): a sound cue."""
    m = LINK_LINE.match(s)
    if not m or a.speaker is not None or a.prev_kind != "insert":
        return None
    a.add(Cue(CueKind.SOUND, f"{m.group(1)} ({m.group(2)})", None, source=SourceSpan(i + 1, i + 1)), i + 1, i + 1)
    a.rec(i, "cue")
    return i + 1


def mode_content(a: Assembler, i: int, s: str) -> int | None:
    """A plain line inside a *Visual* / *On-screen text* / *Actions* part: a cue of that kind."""
    if a.mode not in ("visual", "screen", "note"):
        return None
    a.flush()
    a.add(Cue(mode_cue_kind(a.mode, s), strip_markdown(s), source=SourceSpan(i + 1, i + 1)), i + 1, i + 1)
    a.rec(i, "cue")
    return i + 1
