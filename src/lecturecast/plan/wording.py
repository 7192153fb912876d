"""Sentences and the per-language word lists the slide planner reads (``assets/language/*.yaml``).

Language-neutral rules (sentence ends, years, numbers, quotation marks) live in code; words that
differ per language (openers, enumerators, contrast words, ...) live in the data files, so a new
language is a new file.  Keys missing in a language's file come from ``en.yaml``.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

import yaml

from ..assets import assets_dir, load_words_yaml
from ..errors import AssetError

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)
# a sentence ends at . ! ? … (or CJK full stops) followed by space, unless the dot ends an
# abbreviation, an initial ("J. Smith") or sits inside a number ("3.5")
_END = re.compile(r"(?<=[.!?…。！？])[\"”’)\]]*\s+|(?<=[。！？])")
_ABBREV = re.compile(r"(?:\b(?:e\.g|i\.e|etc|vs|cf|approx|dr|mr|mrs|ms|prof|st|no|fig|al|jr|sr)\.|\b[A-Z]\.)$",
                     re.IGNORECASE)


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def split_sentences(text: str) -> list[str]:
    """Sentences of ``text`` (whitespace normalised; never empty strings)."""
    flat = " ".join(text.split())
    out: list[str] = []
    start = 0
    for m in _END.finditer(flat):
        piece = flat[start:m.start()].strip()
        if piece and _ABBREV.search(piece) and m.end() < len(flat):
            continue  # "e.g. this" or "J. Smith": not a sentence end
        if piece:
            out.append(flat[start:m.end()].strip())
            start = m.end()
    tail = flat[start:].strip()
    if tail:
        out.append(tail)
    return out


@dataclass(frozen=True)
class Wording:
    """One language's word lists (lower case), compiled into the patterns the extractor needs."""

    lang: str
    lists: tuple[tuple[str, tuple[str, ...]], ...]
    labels: tuple[tuple[str, str], ...]

    def get(self, key: str) -> tuple[str, ...]:
        return dict(self.lists).get(key, ())

    def label(self, key: str) -> str:
        return dict(self.labels).get(key, key)

    @functools.cached_property
    def _patterns(self) -> dict[str, re.Pattern[str]]:
        return {key: _phrases(values) for key, values in self.lists}

    def starts_with(self, key: str, text: str) -> re.Match[str] | None:
        """``text`` begins with one of the ``key`` phrases (whole words, any case)."""
        pattern = self._patterns.get(key)
        return pattern.match(text) if pattern is not None else None

    def mentions(self, key: str, text: str) -> bool:
        pattern = self._patterns.get(key)
        return bool(pattern is not None and pattern.search(text))

    def has(self, key: str, word: str) -> bool:
        return word.lower() in self.get(key)


def _phrases(values: tuple[str, ...]) -> re.Pattern[str]:
    alts = sorted((re.escape(v) for v in values if v), key=len, reverse=True)
    if not alts:
        return re.compile(r"(?!x)x")
    return re.compile(r"(?<![\w'])(?:" + "|".join(alts) + r")(?![\w'])", re.IGNORECASE)


def _read(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as fh:
            data = load_words_yaml(fh.read()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AssetError(f"language file {path} cannot be read: {exc}", hint="fix or remove it") from exc
    if not isinstance(data, dict):
        raise AssetError(f"language file {path} is not a mapping", hint="see assets/language/en.yaml")
    return data


@functools.lru_cache(maxsize=16)
def wording(language: str = "en") -> Wording:
    """The word lists for ``language`` ("es-MX" → es.yaml), English keys filling the gaps."""
    folder = assets_dir() / "language"
    data = _read(str(folder / "en.yaml"))
    lang = (language or "en").split("-")[0].split("_")[0].lower()
    own = folder / f"{lang}.yaml"
    if lang != "en" and own.is_file():
        extra = _read(str(own))
        merged = {**data.get("labels", {}), **extra.pop("labels", {})}
        data = {**data, **extra, "labels": merged}
    labels = tuple(sorted((str(k), str(v)) for k, v in data.pop("labels", {}).items()))
    lists = tuple(sorted((str(k), tuple(str(v).lower() for v in (vals or ()))) for k, vals in data.items()))
    return Wording(lang, lists, labels)
