"""Rules for the shape of the script: code fences, separators, references and headings."""
from __future__ import annotations

from ....model import Code, Cue, CueKind, SourceSpan
from ..assemble import Assembler
from ..lines import BULLET, FENCE, LINK_LINE, SEPARATOR, strip_markdown, tidy_title
from ..recognise import mode_of
from ..timex import strip_emoji, strip_times
from .production import ends_production as _ends_production


def code_fence(a: Assembler, i: int, s: str) -> int | None:
    """```` ``` ```` … ```` ``` ````: code shown on a slide; narration in a *Narration* part; a cue in a
    *Visual* part; a note in a production part."""
    j = a.sc.fences.get(i)
    if j is None:
        return None
    m = FENCE.match(a.lines[i])
    info = (m.group(2) if m else "").split()
    body = a.lines[i + 1:j]
    a.flush()
    if a.mode == "appendix":
        a.note(" / ".join(x.strip() for x in body if x.strip()), i, j)
        return j + 1
    kind = "code"
    if a.mode == "speech" and not info:
        for k in range(i + 1, j):
            if a.lines[k].strip():
                a.narration(a.lines[k], k)
        a.flush_para()
        kind = "narration"
    elif a.mode in ("screen", "visual", "note") and not info:
        text = " / ".join(x.strip() for x in body if x.strip())
        ck = {"screen": CueKind.SCREEN_TEXT, "visual": CueKind.VISUAL}.get(a.mode, CueKind.NOTE)
        a.add(Cue(ck, text, source=SourceSpan(i + 1, j + 1)), i + 1, j + 1)
        kind = "cue"
    else:
        while body and not body[-1].strip():
            body = body[:-1]
        a.add(Code("\n".join(x.rstrip() for x in body), info[0] if info else None, False,
                   SourceSpan(i + 1, j + 1)), i + 1, j + 1)
    for k in range(i, j + 1):
        if a.lines[k].strip() and k not in a.records:
            a.rec(k, kind)
    a.blank = False
    return j + 1


def separator(a: Assembler, i: int, s: str) -> int | None:
    """``---`` / ``***``: ends the paragraph, nothing else."""
    if not SEPARATOR.match(s):
        return None
    a.flush()
    a.rec(i, "separator")
    return i + 1


def reference(a: Assembler, i: int, s: str) -> int | None:
    """A line under a *References* heading: one reference per bullet (wrapped lines joined)."""
    if a.mode != "references" or a.heading:
        return None
    m = BULLET.match(s)
    if m or not a.references or a.blank:
        a.references.append(strip_markdown(m.group(3) if m else s))
    else:
        a.references[-1] += " " + strip_markdown(s)
    a.rec(i, "reference")
    return i + 1


def _introduces_link(a: Assembler, i: int, s: str) -> bool:
    """``**Name:**`` right above a lone link line is a media insert (a label), not a heading."""
    if not s.rstrip("*").endswith((":", "：")):
        return False
    nxt = next((k for k in range(i + 1, min(i + 4, len(a.lines))) if a.lines[k].strip()), None)
    return nxt is not None and LINK_LINE.match(a.lines[nxt].strip()) is not None


def heading(a: Assembler, i: int, s: str) -> int | None:
    """Markdown / bold / part-word headings: sections, segments, titles, modes, references, production parts."""
    if not a.heading or _introduces_link(a, i, s):
        return None
    level, text = a.heading
    info = a.sc.headings.get(i)
    if info is not None:
        title, kind, start, end, duration = info.title, info.kind, info.clock, info.end, info.duration
    else:
        title, start, end, duration = strip_times(strip_emoji(tidy_title(text)))
        kind = "structural"
    a.flush()
    if a.mode == "appendix" and level > (a.appendix_level or 0) and not _ends_production(a, i):
        a.note(title, i)
        return i + 1
    a.appendix_level = None
    a.mode = None
    a.in_quote = False
    _open(a, i, level, title, kind, (start, end, duration))
    return i + 1


def _open(a: Assembler, i: int, level: int, title: str, kind: str,
          times: tuple[float | None, float | None, float | None]) -> None:
    start, end, duration = times
    if kind == "title":
        a.title = title
        a.rec(i, "title")
        return
    if kind in ("references", "mode"):
        a.mode = "references" if kind == "references" else mode_of(title)
        if a.mode == "speech":
            a.pending_speaker = False
        a.rec(i, "heading")
        return
    if kind == "appendix":
        a.mode = "appendix"
        a.appendix_level = level
        a.appendix_name = title
        a.note(title + ":", i)
        return
    a.rec(i, "heading")
    if level <= a.sc.section_level and a.part_titled:
        seg = a.new_segment(title or None, i)  # an episode with a title: its headings are segments
        if start is not None:
            a.set_clock(start, end, i, segment=seg)
    elif level <= a.sc.section_level or a.force_section:
        a.new_section(title or a.pending_title or a.default_title, i)
        if start is not None:
            a.set_clock(start, end, i, segment=None)
    else:
        seg = a.new_segment(title or None, i)
        if start is not None:
            a.set_clock(start, end, i, segment=seg)
        elif a.pending_clock:
            seg.clock, _ = a.pending_clock
            a.pending_clock = None
    if duration and a.sections:
        if a.sections[-1].segs:
            a.sections[-1].segs[-1].duration = duration
        else:
            a.pending_duration = duration
