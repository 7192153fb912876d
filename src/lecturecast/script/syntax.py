"""Small pieces of the canonical syntax shared by the parser, the formatter and the importer."""
from __future__ import annotations

import re

from ..model import CueKind, slugify

CUE_KINDS = {k.value: k for k in CueKind}
# a line that is a cue: [kind], [kind: text], [kind: text](asset)
CUE_LINE = re.compile(r"^\[(visual|music|sound|cut|screen|pause|note)(?::[ \t]?(.*))?\](?:\(([^()\]\s][^()\]]*+)\))?[ \t]*$",
                      re.IGNORECASE)
SECONDS_PREFIX = re.compile(r"^(\d+(?:\.\d+)?)s(?:;[ \t]*(.*))?$")
LABEL = re.compile(r"^([^\W\d_](?:[\w.'’ -]{0,38}[\w.'’])?):(?:[ \t]+(.*))?$")
BULLET = re.compile(r"^( *)([-*+]|\d{1,3}[.)])[ \t]+(.*)$")
FENCE = re.compile(r"^(`{3,}|~{3,})[ \t]*([^`]*)$")
CLOCK_TOKEN = r"(?:\d{1,2}:)?\d{1,3}:[0-5]\d(?:\.\d+)?"
_CLOCK_PREFIX = re.compile(r"(" + CLOCK_TOKEN + r")(?:[ \t]+|$)")
_ID_MARK = re.compile(r"\{#([A-Za-z0-9][\w-]*)\}")
DURATION_MARK = re.compile(r"\((\d+(?:\.\d+)?)s\)")
ID_RE = re.compile(r"^[A-Za-z0-9][\w-]*$")
REFERENCE_TITLES = ("references", "sources", "bibliography", "further reading", "referencias", "fuentes")


def split_segment_heading(text: str) -> tuple[str | None, str, str | None, str | None]:
    """``'1:00 Title (30s) {#id}'`` → ``('1:00', 'Title', '30', 'id')``; every part is optional.

    Parsed from both ends with string search (linear time on any line).  A ``(Ns)`` that ends the
    title and is preceded by a backslash is part of the title: the backslash is dropped.
    """
    text = text.strip()
    clock = None
    m = _CLOCK_PREFIX.match(text)
    if m:
        clock, text = m.group(1), text[m.end():]
    sid = None
    if text.endswith("}"):
        at = text.rfind("{#")
        m = _ID_MARK.fullmatch(text, at) if at >= 0 else None
        if m:
            sid, text = m.group(1), text[:at].rstrip()
    duration = None
    mark = _duration_mark_at(text)
    if mark is not None:
        if text[mark - 1:mark] == "\\":
            text = text[:mark - 1] + text[mark:]
        else:
            duration, text = text[mark + 1:-2], text[:mark].rstrip()
    return clock, text, duration, sid


def _duration_mark_at(text: str) -> int | None:
    """Index of a ``(Ns)`` mark that ends ``text``."""
    if not text.endswith("s)"):
        return None
    at = text.rfind("(")
    return at if at >= 0 and DURATION_MARK.fullmatch(text, at) else None


def escape_segment_title(title: str, *, has_clock: bool, has_duration: bool) -> str:
    """The title as written in a ``##`` heading so :func:`split_segment_heading` gives it back."""
    at = None if has_duration else _duration_mark_at(title)
    if at is not None:
        title = title[:at] + "\\" + title[at:]
    if title.startswith("\\") or (not has_clock and _CLOCK_PREFIX.match(title)):
        title = "\\" + title
    return title


def is_label(text: str) -> re.Match[str] | None:
    m = LABEL.match(text)
    if m and len(m.group(1).split()) <= 4:
        return m
    return None


def fmt_number(x: float) -> str:
    """Exact, short text for a float: 2.0 → '2', 2.5 → '2.5'."""
    x = float(x)
    if x.is_integer():
        return str(int(x))
    text = repr(x)
    if "e" in text or "E" in text:
        text = f"{x:.6f}".rstrip("0").rstrip(".")
    return text


def fmt_clock(seconds: float) -> str:
    """Clock text that parses back to the same float: 75 → '1:15', 75.5 → '1:15.5'."""
    whole = int(seconds // 1)
    h, rem = divmod(whole, 3600)
    m, s = divmod(rem, 60)
    text = f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"
    if not float(seconds).is_integer():
        frac = fmt_number(seconds).partition(".")[2]
        if frac and float(f"{whole}.{frac}") == seconds:
            text += "." + frac
        else:  # pragma: no cover - odd floats
            text += "." + f"{seconds - whole:.6f}"[2:].rstrip("0")
    return text


def parse_clock_exact(text: str) -> float | None:
    m = re.match(r"^(?:(\d{1,2}):)?(\d{1,3}):([0-5]\d)(?:\.(\d+))?$", text.strip())
    if not m:
        return None
    h, mi, s, frac = m.groups()
    whole = int(h or 0) * 3600 + int(mi) * 60 + int(s)
    return float(f"{whole}.{frac}") if frac else float(whole)


def unique_id(base: str, used: set[str]) -> str:
    base = slugify(base) if not ID_RE.match(base) else base
    candidate = base
    n = 2
    while candidate in used:
        candidate = f"{base}-{n}"
        n += 1
    used.add(candidate)
    return candidate


def numbered_id(base: str, used: set[str]) -> str:
    """``birth-of-lstm-1``, ``birth-of-lstm-2``… skipping ids already taken."""
    slug = slugify(base, max_len=40)
    slug = re.sub(r"^(?:the|a|an)-(?=.)", "", slug)[:36].strip("-") or "x"
    n = 1
    while f"{slug}-{n}" in used:
        n += 1
    used.add(f"{slug}-{n}")
    return f"{slug}-{n}"
