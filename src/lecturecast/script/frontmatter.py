"""YAML front matter ⇄ :class:`~lecturecast.model.Meta`.

Scalars are read with YAML's BaseLoader, so every value stays text (``date: 2024-05-01`` is the string
the teacher wrote, ``title: 1984`` is a title, not a number); numbers are converted here with clear
errors.  Unknown keys are kept in ``Meta.extra`` as text.
"""
from __future__ import annotations

import math
from typing import Any

import yaml

from ..errors import ScriptError, path_location
from ..model import Meta
from .values import is_speaker_name

KNOWN_KEYS = ("title", "subtitle", "author", "date", "language", "narrator", "voices", "lexicon",
              "lexicon_files", "theme", "rate", "timing", "max_speedup", "music", "templates")
TIMINGS = ("natural", "script")


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6).strip()


def _mapping(key: str, value: Any, where: str | None, line: int) -> tuple[tuple[str, str], ...]:
    if value in (None, "", [], {}):
        return ()
    if isinstance(value, dict):
        return tuple((str(k), _text(v)) for k, v in value.items())
    if isinstance(value, list) and all(isinstance(v, dict) and len(v) == 1 for v in value):
        return tuple((str(k), _text(v)) for item in value for k, v in item.items())
    raise ScriptError(f"front matter '{key}' must be a mapping like 'Name: value'",
                      location=path_location(where, line), hint=f"write one '  Name: value' line per entry under '{key}:'")


MIN_RATE, MAX_RATE = 20, 1000  # words per minute


def _rate(value: Any, where: str | None, line: int) -> int:
    try:
        rate = float(value)
    except (TypeError, ValueError):
        rate = math.nan
    if not MIN_RATE <= rate <= MAX_RATE:  # also false for nan and inf
        raise ScriptError(f"front matter 'rate' must be a number of words per minute from {MIN_RATE} to {MAX_RATE}, "
                          f"not {str(value)[:40]!r}", location=path_location(where, line), hint="e.g. 'rate: 150'")
    return int(rate)


def _key_line(block: str, key: str, first: int) -> int:
    """The file line of ``key:`` in the front matter that starts on line ``first`` (the ``---``)."""
    for offset, text in enumerate(block.split("\n")):
        if text.startswith(key) and text[len(key):].lstrip().startswith(":"):
            return first + 1 + offset
    return first


def meta_from_yaml(block: str, where: str | None = None, line: int = 1) -> Meta:
    try:
        data = yaml.load(block, Loader=yaml.BaseLoader) if block.strip() else {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = line + 1 + (mark.line if mark is not None else 0)
        raise ScriptError(f"front matter is not valid YAML: {getattr(exc, 'problem', None) or exc}",
                          location=path_location(where, at), hint="check indentation and quote values containing ':'") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ScriptError("front matter must be 'key: value' lines", location=path_location(where, line))
    kw: dict[str, Any] = {}
    extra: list[tuple[str, str]] = []
    for key, value in data.items():
        key = str(key)
        if key in ("title", "subtitle", "author", "date", "language", "narrator", "theme", "templates", "timing"):
            if value is None or value == "":
                continue
            if not isinstance(value, str):
                raise ScriptError(f"front matter '{key}' must be text", location=path_location(where, line))
            if key == "narrator" and not is_speaker_name(value):
                raise ScriptError(f"front matter 'narrator' must be a name a 'Name:' label can carry, not {value[:40]!r}",
                                  location=path_location(where, _key_line(block, key, line)),
                                  hint="letters, digits, spaces and . ' - only, at most 4 words")
            kw[key] = value
        elif key in ("voices", "lexicon", "music"):
            kw[key] = _mapping(key, value, where, line)
        elif key == "lexicon_files":
            items = value if isinstance(value, list) else ([value] if value else [])
            kw[key] = tuple(_text(v) for v in items)
        elif key == "rate":
            kw["rate_wpm"] = _rate(value, where, _key_line(block, key, line))
        elif key == "max_speedup":
            try:
                kw["max_speedup"] = float(value)
                if not 1.0 <= kw["max_speedup"] <= 3.0:
                    raise ValueError
            except (TypeError, ValueError):
                raise ScriptError(f"front matter 'max_speedup' must be a number between 1.0 and 3.0, not {value!r}",
                                  location=path_location(where, line), hint="e.g. 'max_speedup: 1.15'") from None
        else:
            extra.append((key, _text(value)))
    if "timing" in kw and kw["timing"] not in TIMINGS:
        raise ScriptError(f"front matter 'timing' must be one of {', '.join(TIMINGS)}, not {kw['timing']!r}",
                          location=path_location(where, line))
    kw["extra"] = tuple(sorted(extra))
    return Meta(**kw)


def _num(x: float) -> int | float:
    return int(x) if float(x).is_integer() else x


def meta_to_yaml(meta: Meta) -> str:
    default = Meta()
    data: dict[str, Any] = {"title": meta.title}
    for key in ("subtitle", "author", "date"):
        if getattr(meta, key) is not None:
            data[key] = getattr(meta, key)
    data["language"] = meta.language
    if meta.narrator != default.narrator:
        data["narrator"] = meta.narrator
    if meta.voices:
        data["voices"] = dict(meta.voices)
    if meta.lexicon:
        data["lexicon"] = dict(meta.lexicon)
    if meta.lexicon_files:
        data["lexicon_files"] = list(meta.lexicon_files)
    if meta.theme is not None:
        data["theme"] = meta.theme
    if meta.rate_wpm != default.rate_wpm:
        data["rate"] = meta.rate_wpm
    if meta.timing != default.timing:
        data["timing"] = meta.timing
    if meta.max_speedup != default.max_speedup:
        data["max_speedup"] = _num(meta.max_speedup)
    if meta.music:
        data["music"] = dict(meta.music)
    if meta.templates is not None:
        data["templates"] = meta.templates
    for key, value in meta.extra:
        data[key] = value
    # numbers are written as numbers; everything else is text (safe_dump quotes what needs quoting)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=1000, default_flow_style=False)
