"""Line-level recognisers for messy (LLM-written) scripts: markdown clean-up, headings, clocks, bullets.

Every regex here runs in linear time on a line of any length: no two adjacent quantifiers that can trade
characters (`[ \t]*(.*?)[ \t]*`) and no unanchored scan that restarts inside the run it just scanned
(tests/test_script_hostile.py imports 1 MB lines of hostile shapes).
"""
from __future__ import annotations

import re

from ..syntax import parse_clock_exact
from ..values import MAX_SECONDS

CLOCK = r"\d{1,2}:\d{2}(?::\d{2})?"
_RANGE = re.compile(r"(?:[\[(][ \t]*)?(" + CLOCK + r")[ \t]*(?:[-–—]|to)[ \t]*(" + CLOCK + r")[ \t]*[\])]?")
_LEAD_CLOCK = re.compile(r"^[\[(]?(" + CLOCK + r")[\])]?(?:[ \t]*[-–—:|.][ \t]*|[ \t]+|$)")
_PAREN_CLOCK = re.compile(r"[\[(][ \t]*(" + CLOCK + r")[ \t]*[\])]")
CLOCK_LINE = re.compile(r"^[*_]{0,2}[\[(]?[ \t]*(" + CLOCK + r")(?:[ \t]*(?:[-–—]|to)[ \t]*(" + CLOCK
                        + r"))?[ \t]*[\])]?[*_]{0,2}:?$")
TRANSCRIPT = re.compile(r"^\.\.\.(?:[ \t]|$)")
HEADING = re.compile(r"^(#{1,6})[ \t]++((?:.*[^ \t#])?)[ \t#]*$")
BOLD_LINE = re.compile(r"^(?:\*\*|__)([^*_].*?)(?:\*\*|__)[ \t]*+(?::[ \t]*+)?$")
BULLET = re.compile(r"^([ \t]*)([-*+•‣▪]|\d{1,3}[.)])[ \t]+(.*)$")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([^`]*)$")
SEPARATOR = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")
PROMPT = re.compile(r"^>>>(?:[ \t]|$)")
DURATION = re.compile(r"(?<!\d)(\d++(?:\.\d++)?)[ \t]*+(seconds?|secs?|s|minutes?|mins?|segundos?|minutos?)\b\)?",
                      re.IGNORECASE)
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^)\]\n]*\)")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_ITALIC_UND = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]*)`")
_HTML = re.compile(r"</?(?:br|b|i|em|strong|u|span|p|div)\b[^<>\n]{0,200}>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
QUOTES_OPEN = "\"“”«„"
QUOTES_CLOSE = "\"”“»"


def clock_value(text: str) -> float | None:
    parts = text.split(":")
    if len(parts) == 3:
        return parse_clock_exact(text)
    return parse_clock_exact(text)


def _unwrap(pattern: re.Pattern[str], text: str) -> str:
    """``text`` with each match replaced by its last group (the wrapped words), without a Python call per
    match: ``split`` gives [before, *groups, between, *groups, ...]; the marker groups are dropped."""
    parts = pattern.split(text)
    if pattern.groups == 2:  # (marker, words)
        del parts[1::3]
    return "".join(parts)


def strip_markdown(text: str) -> str:
    """Plain text for narration/titles: no bold/italic/code markers, links become their text."""
    if "<" in text:
        text = _HTML.sub(" ", text)
    if "](" in text:
        text = _unwrap(_LINK, text)
    if "`" in text:
        text = _unwrap(_CODE, text)
    if "*" in text or "_" in text:
        text = _unwrap(_BOLD, text)
        text = _unwrap(_ITALIC_STAR, text)
        text = _unwrap(_ITALIC_UND, text)
        text = text.replace("**", "")
    if text.startswith("> "):
        text = text[2:]
    return " ".join(text.split())


def clock_in_title(title: str) -> tuple[str, float | None, float | None]:
    """Find a clock or clock range in a heading: returns (title without it, start, end)."""
    m = _RANGE.search(title)
    if m:
        start, end = clock_value(m.group(1)), clock_value(m.group(2))
        rest = (title[:m.start()] + " " + title[m.end():])
    else:
        m = _LEAD_CLOCK.match(title) or _PAREN_CLOCK.search(title)
        if not m:
            return title, None, None
        start, end = clock_value(m.group(1)), None
        rest = title[:m.start()] + " " + title[m.end():]
    if start is None:
        return title, None, None
    rest = _SPACES.sub(" ", rest).strip(" \t-–—:|*_")
    return rest, start, end


def duration_seconds(text: str) -> float | None:
    m = DURATION.search(text)
    if not m:
        return None
    value = float(m.group(1))
    unit = m.group(2).lower()
    value = value * 60 if unit.startswith("min") else value
    return value if value <= MAX_SECONDS else None  # endless (or inf) is no duration


def tidy_title(text: str) -> str:
    text = strip_markdown(text).strip()
    text = text.strip(" \t:*_#")
    return text


def quote_balance(text: str) -> int:
    """Number of straight/curly double quotes (odd: a quotation stays open)."""
    return text.count('"') + text.count("“") + text.count("”")
