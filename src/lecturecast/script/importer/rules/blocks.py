"""Blocks several rules emit: a cue from a direction's text, and a metadata line's effect."""
from __future__ import annotations

from ....model import Cue, SourceSpan
from ..assemble import Assembler
from ..lines import strip_markdown
from ..recognise import cue_from_direction
from ..timex import find_time
from ..vocab import vocab


def add_cue(a: Assembler, inner: str, i: int, end: int | None = None) -> None:
    """One cue from a direction's text (the kind comes from its label or keywords in words.yaml)."""
    a.flush_para()
    a.flush_bullets()
    body = inner.strip()
    if body[:1] in "[(（【" and body[-1:] in "])）】":
        body = body[1:-1]
    kind, text, seconds = cue_from_direction(body)
    last = end if end is not None else i
    a.add(Cue(kind, text, None, seconds, SourceSpan(i + 1, last + 1)), i + 1, last + 1)
    for k in range(i, last + 1):
        if a.lines[k].strip():
            a.rec(k, "cue")


def meta(a: Assembler, i: int, name: str, value: str) -> None:
    """``Title:`` names the part; ``Duration:`` plans the segment; ``Author:``/``Date:`` go to the front
    matter; any other metadata is reported (not narration)."""
    field = vocab().meta_fields.get(" ".join(name.strip().casefold().split()))
    value = strip_markdown(value).strip(' "“”')
    if field == "title" and value:
        if a.force_section or not a.sections or a.sections[-1].segs:
            a.pending_title = value
            if not a.title and not a.sections:
                a.title = value
        else:
            a.sections[-1].title = " ".join(value.split()) or a.sections[-1].title
        a.rec(i, "metadata")
        return
    t = find_time(f"({value})") or find_time(value, heading=True) if field == "duration" else None
    if t is not None and t.duration and a.sections and not a.force_section:
        a.seg(i).duration = t.duration
        a.rec(i, "metadata")
        return
    if field in ("author", "date") and value and not a.seen_content:
        a.meta_extra[field] = value
        a.rec(i, "metadata")
        return
    a.rec(i, "metadata", False, f"metadata '{name.strip()}' (not narration)")
    a.skip_para = ("metadata", f"continues the '{name.strip()}:' metadata line")
