"""Offline language detection of the narration (no download, no model): scripts, then stop words.

1. Writing systems decide CJK and other non-Latin scripts: kana → ``ja``; Hangul → ``ko``; Han without
   kana → ``zh``; Cyrillic → ``ru``; Greek → ``el``; Arabic → ``ar``; Hebrew → ``he``; Devanagari → ``hi``.
2. Latin-script text is scored by the share of its words that are frequent function words of each
   language (``stopwords`` in ``language.yaml``) plus a few letters only one language uses (ă/ș/ț for
   Romanian, ß for German, ñ for Spanish, ã/õ for Portuguese …).

Measured on the project's fixtures and the evaluation scripts (``benchmarks/bench_import.py``).
"""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from ..assets import load_words_yaml

LANGUAGE_FILE = Path(__file__).with_name("language.yaml")
DEFAULT = "en"
SAMPLE_CHARS = 100_000
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SCRIPTS = (  # (language, first code point, last code point)
    ("ja", 0x3040, 0x30FF), ("ko", 0xAC00, 0xD7AF), ("zh", 0x4E00, 0x9FFF), ("ru", 0x0400, 0x04FF),
    ("el", 0x0370, 0x03FF), ("ar", 0x0600, 0x06FF), ("he", 0x0590, 0x05FF), ("hi", 0x0900, 0x097F),
)


_LETTER = re.compile(r"[^\W\d_]")
_SCRIPT_PATTERNS = tuple((lang, re.compile(f"[{chr(lo)}-{chr(hi)}]")) for lang, lo, hi in _SCRIPTS)


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, frozenset[str]], dict[str, str]]:
    data = load_words_yaml(LANGUAGE_FILE.read_text(encoding="utf-8"))
    stop = {lang: frozenset(str(w).casefold() for w in words) for lang, words in data["stopwords"].items()}
    letters = {lang: str(chars) for lang, chars in data["letters"].items()}
    return stop, letters


def _by_script(text: str) -> str | None:
    letters = len(_LETTER.findall(text))
    if not letters:
        return None
    counts = Counter({lang: len(pattern.findall(text)) for lang, pattern in _SCRIPT_PATTERNS})
    if counts["ja"] and counts["ja"] * 20 >= counts["zh"]:  # kana (even a little, beside kanji) → Japanese
        counts["ja"] += counts.pop("zh", 0)
    lang, n = counts.most_common(1)[0]
    return lang if n and n * 3 >= letters else None


def language_scores(text: str) -> dict[str, float]:
    """Share of the words of ``text`` that are stop words of each Latin-script language (+ letter bonus)."""
    stop, letters = _tables()
    words = [w.casefold() for w in _WORD.findall(text[:SAMPLE_CHARS])]
    if not words:
        return {}
    counts = Counter(words)
    scores = {}
    for lang, table in stop.items():
        hits = sum(n for w, n in counts.items() if w in table)
        bonus = sum(text.count(ch) for ch in letters.get(lang, "")) * 2
        scores[lang] = (hits + bonus) / len(words)
    return scores


def detect_language(text: str, default: str = DEFAULT) -> str:
    """The language of ``text`` as an ISO 639-1 code; ``default`` when the text is too short to tell."""
    sample = text[:SAMPLE_CHARS]
    by_script = _by_script(sample)
    if by_script:
        return by_script
    scores = language_scores(sample)
    if not scores:
        return default
    ranked = sorted(scores, key=lambda k: scores[k], reverse=True)
    best, runner_up = ranked[0], ranked[1] if len(ranked) > 1 else None
    if scores[best] < 0.08:
        return default
    if runner_up is not None and scores[best] < scores[runner_up] * 1.15 and default in (best, runner_up):
        return default  # too close to call against the default: keep it
    return best


def language_note(language: str) -> str:
    return (f"line 1: narration language {language!r} detected (offline); it is written as 'language:' in the front "
            "matter: change it there or pass 'import --language CODE'")
