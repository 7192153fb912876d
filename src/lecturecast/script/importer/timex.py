"""Time expressions anywhere in a heading or line: clocks, ranges, second ranges and durations.

* clocks ``3:00``, ``1:02:05``, ``0:07.5``, bracketed ``[00:12:30]``, escaped ``\\[00:12:30\\]``;
* clock ranges with any separator: a dash, a tilde or a word from ``words.yaml`` (``0:00 a 1:00``,
  ``0:00 bis 1:00``, ``0:00から1:00``);
* second ranges in brackets ``(10-20s)`` — a start and an end in seconds;
* durations ``(30 seconds)``, ``(1.5 minutes)``, ``(1,5 minutos)``, ``(30 秒)``; minute ranges
  ``(2-3 minutes)`` are a duration (the longer one).

Every pattern is built from bounded pieces (``{0,3}``, ``{1,4}``), never two unbounded quantifiers next
to each other, so a search over a 1 MB line stays linear.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from .vocab import vocab

CLOCK = r"\d{1,2}(?::[0-5]\d){1,2}(?:[.,]\d{1,3})?"
_NUM = r"\d{1,4}(?:[.,]\d{1,2})?"
_OPEN = r"(?:\\?[\[(（［【])"
_CLOSE = r"(?:\\?[\])）］】])"
_DASH = r"(?:[-–—~〜～－]{1,2})"
_GAP = r"[ \t]{0,3}"
_DIGIT = re.compile(r"\d")


@dataclass(frozen=True)
class TimeExpr:
    start: float | None  # clock: seconds from the lecture start
    end: float | None  # end of a range
    duration: float | None  # a planned length
    begin: int  # where the expression is in the text (for removing it)
    stop: int
    exact: bool = True  # written as a clock (m:ss); False for "(10-20s)" ranges and durations


@dataclass(frozen=True)
class _Patterns:
    clock_range: re.Pattern[str]
    number_range: re.Pattern[str]
    duration: re.Pattern[str]
    loose_duration: re.Pattern[str]
    clock: re.Pattern[str]
    lead: re.Pattern[str]


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(re.escape(w) for w in words)


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    v = vocab()
    sep = rf"(?:{_GAP}{_DASH}{_GAP}|{_GAP}(?:{_alternation(v.range_words)}){_GAP})"
    unit = rf"(?:(?P<sec>{_alternation(v.seconds_units)})|(?P<min>{_alternation(v.minutes_units)}))(?![^\W\d_])"
    about = r"(?:~|≈|ca\.|approx\.?|about|circa)?"
    return _Patterns(
        clock_range=re.compile(rf"{_OPEN}?{_GAP}(?P<a>{CLOCK}){sep}(?P<b>{CLOCK}){_GAP}{_CLOSE}?", re.IGNORECASE),
        number_range=re.compile(rf"{_OPEN}{_GAP}(?P<a>{_NUM}){sep}(?P<b>{_NUM}){_GAP}{unit}\.?{_GAP}{_CLOSE}?",
                                re.IGNORECASE),
        duration=re.compile(rf"{_OPEN}{_GAP}{about}{_GAP}(?P<a>{_NUM}){_GAP}{unit}\.?{_GAP}{_CLOSE}", re.IGNORECASE),
        loose_duration=re.compile(rf"{about}{_GAP}(?P<a>{_NUM}){_GAP}{unit}\.?{_GAP}$", re.IGNORECASE),
        clock=re.compile(rf"{_OPEN}?{_GAP}(?<![\d:])(?P<a>{CLOCK})(?![\d:]){_GAP}{_CLOSE}?"),
        lead=re.compile(rf"^[*_]{{0,2}}(?:{_OPEN}?{_GAP}(?P<a>{CLOCK})(?:{sep}(?P<b>{CLOCK}))?{_GAP}{_CLOSE}?)"
                        rf"[*_]{{0,2}}(?:{_GAP}[-–—:|.]{_GAP}|[ \t]{{1,3}}|$)", re.IGNORECASE),
    )


def clock_seconds(text: str) -> float | None:
    """``"1:02:05"`` → 3725.0; ``"0:07,5"`` → 7.5; None when it is not a clock."""
    parts = text.replace(",", ".").split(":")
    try:
        values = [float(p) for p in parts]
    except ValueError:
        return None
    if not 2 <= len(values) <= 3 or any(v < 0 for v in values) or any(v >= 60 for v in values[1:]):
        return None
    total = 0.0
    for v in values:
        total = total * 60 + v
    return round(total, 3)


def _number(text: str) -> float:
    return float(text.replace(",", "."))


def _scale(m: re.Match[str]) -> float:
    return 60.0 if m.group("min") else 1.0


def _first(text: str, patterns: list[re.Pattern[str]]) -> re.Match[str] | None:
    best = None
    for p in patterns:
        m = p.search(text)
        if m and (best is None or m.start() < best.start()):
            best = m
    return best


def find_time(text: str, *, heading: bool = False) -> TimeExpr | None:
    """The first time expression in ``text`` (ranges before single clocks before durations)."""
    if _DIGIT.search(text) is None:
        return None
    p = _patterns()
    m = p.clock_range.search(text)
    if m:
        start, end = clock_seconds(m.group("a")), clock_seconds(m.group("b"))
        if start is not None and end is not None:
            return TimeExpr(start, end, end - start if end >= start else None, m.start(), m.end())
    m = p.number_range.search(text)
    if m:
        a, b = _number(m.group("a")) * _scale(m), _number(m.group("b")) * _scale(m)
        if m.group("min"):
            return TimeExpr(None, None, max(a, b), m.start(), m.end(), exact=False)
        return TimeExpr(a, b, b - a if b >= a else None, m.start(), m.end(), exact=False)
    m = _first(text, [p.clock, p.duration])
    if m and m.re is p.clock:
        start = clock_seconds(m.group("a"))
        if start is not None:
            return TimeExpr(start, None, None, m.start(), m.end())
    elif m:
        return TimeExpr(None, None, _number(m.group("a")) * _scale(m), m.start(), m.end(), exact=False)
    if heading:
        m = p.loose_duration.search(text.rstrip(" )]*_"))
        if m and (m.start() == 0 or not text[m.start() - 1].isalnum()):
            return TimeExpr(None, None, _number(m.group("a")) * _scale(m), m.start(), m.end(), exact=False)
    return None


def lead_timestamp(line: str) -> tuple[TimeExpr, str] | None:
    """A timestamp or clock range that starts a line, and the text after it."""
    if not line[:4].lstrip("*_\\[( ")[:1].isdigit():
        return None
    m = _patterns().lead.match(line)
    if not m:
        return None
    start = clock_seconds(m.group("a"))
    end = clock_seconds(m.group("b")) if m.group("b") else None
    if start is None:
        return None
    rest = line[m.end():].strip()
    return TimeExpr(start, end, end - start if end is not None and end >= start else None, 0, m.end()), rest


def strip_times(title: str) -> tuple[str, float | None, float | None, float | None]:
    """``(title without its time expressions, start, end, duration)``."""
    start = end = duration = None
    original = title
    for _ in range(3):  # a clock range and a duration may both be written
        t = find_time(title, heading=True)
        if t is None:
            break
        if t.start is not None and start is None:
            start, end = t.start, t.end
        if t.duration is not None and duration is None:
            duration = t.duration
        title = title[:t.begin] + " " + title[t.stop:]
    if title is original:
        return title, None, None, None
    return tidy_separators(title), start, end, duration


_EMPTY_BRACKETS = re.compile(r"[(（]\s{0,9}[)）]|[\[［【]\s{0,9}[\]］】]|\\\[\s{0,9}\\\]")
_SPACES = re.compile(r"\s+")


def tidy_separators(title: str) -> str:
    title = _EMPTY_BRACKETS.sub(" ", title)
    title = _SPACES.sub(" ", title).strip(" \t-–—:|*_,.·/\\")
    return title


def strip_emoji(text: str) -> str:
    """Titles without emoji markers (📹, 🎬, ✅ …): symbols of category So, joiners and variation selectors."""
    if text.isascii():
        return text
    kept = [ch for ch in text if not (unicodedata.category(ch) == "So" or ch in "\u200d\ufe0f\ufe0e"
                                      or 0x1F3FB <= ord(ch) <= 0x1F3FF)]
    return _SPACES.sub(" ", "".join(kept)).strip()
