"""Write a :class:`Lecture` in the canonical script format (the inverse of :mod:`.canonical`)."""
from __future__ import annotations

import re

from ..model import Bullets, Code, Cue, Lecture, Segment, Speech
from .frontmatter import meta_to_yaml
from .syntax import (BULLET, CUE_LINE, FENCE, SECONDS_PREFIX, escape_segment_title, fmt_clock, fmt_number,
                     is_label)

_SPECIAL_START = re.compile(r"^(?:#|\[|`{3}|~{3}|---|\*\*\*|___|<!--|\\)")


def _needs_label(text: str) -> bool:
    return bool(is_label(text) or _SPECIAL_START.match(text) or BULLET.match(text) or FENCE.match(text)
                or CUE_LINE.match(text))


def _segment_heading(seg: Segment) -> str:
    parts = ["##"]
    if seg.clock is not None:
        parts.append(fmt_clock(seg.clock))
    if seg.title:
        parts.append(escape_segment_title(seg.title, has_clock=seg.clock is not None,
                                          has_duration=seg.duration is not None))
    if seg.duration is not None:
        parts.append(f"({fmt_number(seg.duration)}s)")
    parts.append(f"{{#{seg.id}}}")
    return " ".join(parts)


def _cue(cue: Cue) -> str:
    content = cue.text
    if cue.seconds is not None:
        content = f"{fmt_number(cue.seconds)}s" + (f"; {content}" if content else "")
    elif SECONDS_PREFIX.match(content):
        content = content  # cannot be told apart; documented limitation (write the seconds too)
    text = f"[{cue.kind.value}: {content}]" if content else f"[{cue.kind.value}]"
    if cue.asset:
        text += f"({cue.asset})"
    return text


def _bullets(b: Bullets) -> list[str]:
    out: list[str] = []
    counters: list[int] = []
    for item in b.items:
        level = item.level
        del counters[level + 1:]
        while len(counters) <= level:
            counters.append(0)
        counters[level] += 1
        marker = f"{counters[level]}." if b.ordered else "-"
        out.append("  " * level + f"{marker} {item.text}")
    return out


def _code(c: Code) -> list[str]:
    longest = max((len(run) for run in re.findall(r"`+", c.text)), default=0)
    fence = "`" * max(3, longest + 1)
    info = " ".join(x for x in (c.language, "spoken" if c.spoken else None) if x)
    lines = [fence + info]
    if c.text != "":
        lines.extend(c.text.split("\n"))
    lines.append(fence)
    return lines


def format_segment(seg: Segment, narrator: str) -> list[str]:
    """Canonical lines of one segment (its ``## … {#id}`` heading first), as :func:`format_lecture`
    writes them; the speaker of unlabelled paragraphs resets at each segment, so the lines depend on
    this segment alone."""
    lines = [_segment_heading(seg)]
    current: str | None = None  # speaker of unlabelled paragraphs (resets at each segment)
    prev: object = None
    for block in seg.blocks:
        if isinstance(block, Bullets) and block.spoken:
            if isinstance(prev, Speech) and prev.speaker == block.speaker:
                lines.extend(_bullets(block))  # directly under its speaker's paragraph: spoken
            else:
                lines.append("")
                lines.append(f"{block.speaker or narrator}:")
                lines.extend(_bullets(block))
                current = block.speaker
            prev = block
            continue
        lines.append("")
        if isinstance(block, Speech):
            if block.speaker != current or _needs_label(block.text):
                lines.append(f"{block.speaker or narrator}: {block.text}")
                current = block.speaker
            else:
                lines.append(block.text)
        elif isinstance(block, Bullets):
            lines.extend(_bullets(block))
        elif isinstance(block, Code):
            lines.extend(_code(block))
        elif isinstance(block, Cue):
            lines.append(_cue(block))
        prev = block
    return lines


def format_lecture(lecture: Lecture) -> str:
    """Canonical text for ``lecture`` (UTF-8, LF, ends with a newline)."""
    out = ["---", meta_to_yaml(lecture.meta).rstrip("\n"), "---"]
    narrator = lecture.meta.narrator
    for sec in lecture.sections:
        out.append("")
        out.append(f"# {sec.title}")
        for seg in sec.segments:
            out.append("")
            out.extend(format_segment(seg, narrator))
    if lecture.references:
        out.append("")
        out.append("# References")
        out.append("")
        out.extend(f"- {ref}" for ref in lecture.references)
    return "\n".join(out) + "\n"
