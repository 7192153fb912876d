"""Line shapes of messy (LLM-written) scripts: markdown clean-up, headings, bullets, fences (times: timex.py).

Every regex here runs in linear time on a line of any length: no two adjacent quantifiers that can trade
characters (`[ \t]*(.*?)[ \t]*`) and no unanchored scan that restarts inside the run it just scanned
(tests/test_script_hostile.py imports 1 MB lines of hostile shapes).
"""
from __future__ import annotations

import re

TRANSCRIPT = re.compile(r"^\.\.\.(?:[ \t]|$)")
HEADING = re.compile(r"^(#{1,6})[ \t]++((?:.*[^ \t#])?)[ \t#]*$")
BOLD_LINE = re.compile(r"^(?:\*\*|__)([^*_].*?)(?:\*\*|__)[ \t]*+(?::[ \t]*+)?$")
BULLET = re.compile(r"^([ \t]*)([-*+•‣▪]|\d{1,3}[.)])[ \t]+(.*)$")
FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})[ \t]*([^`]*)$")
SEPARATOR = re.compile(r"^(?:-{3,}|\*{3,}|_{3,}|={3,})$")
PROMPT = re.compile(r"^>>>(?:[ \t]|$)")
CHECKLIST = re.compile(r"^[ \t]{0,8}(?:[-*+][ \t]{1,4}\[[ xX✓✔]\]|[☐☑☒✅✔□■])[ \t]*(.*)$")
LINK_LINE = re.compile(r"^\[([^\]]+)\]\(([^)\s]+)\)$")
TABLE_RULE = re.compile(r"^\|?[ \t]{0,4}:?-{2,}")
_LINK = re.compile(r"!?\[([^\[\]\n]*)\]\([^)\]\n]*\)")
_BOLD = re.compile(r"(\*\*|__)(.+?)\1")
_ITALIC_STAR = re.compile(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])")
_ITALIC_UND = re.compile(r"(?<![\w_])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w_])")
_CODE = re.compile(r"`([^`\n]*)`")
_HTML = re.compile(r"</?(?:br|b|i|em|strong|u|span|p|div)\b[^<>\n]{0,200}>", re.IGNORECASE)
_SPACES = re.compile(r"\s+")
QUOTES_OPEN = "\"“”«„"
QUOTES_CLOSE = "\"”“»"


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


def tidy_title(text: str) -> str:
    text = strip_markdown(text).strip()
    text = text.strip(" \t:*_#")
    return text


def quote_balance(text: str) -> int:
    """Number of straight/curly double quotes (odd: a quotation stays open)."""
    return text.count('"') + text.count("“") + text.count("”")


def is_table_row(line: str) -> bool:
    """A Markdown table row ``| a | b |`` (timing tables, shot lists)."""
    s = line.strip()
    return len(s) > 2 and s[0] == "|" and s[-1] == "|"


def table_cells(line: str) -> list[str]:
    return [c.strip() for c in line.strip().strip("|").split("|")]
