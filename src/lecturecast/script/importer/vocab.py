"""The importer's language words, read once from ``words.yaml`` (one table per rule, rows per language).

Code never names a word of a natural language: it asks this module (``vocab().roles`` …).  The tables
are merged over languages, because a script may mix them (a Spanish script with English cue labels).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path


from ...assets import load_words_yaml
from ...model import CueKind

WORDS_FILE = Path(__file__).with_name("words.yaml")


@dataclass(frozen=True)
class Vocab:
    narrator_roles: frozenset[str]
    roles: frozenset[str]
    meta_labels: frozenset[str]
    meta_fields: dict[str, str]  # label -> title | duration | author | date
    topic_labels: frozenset[str]
    cue_words: dict[str, CueKind]
    cue_keywords: tuple[tuple[frozenset[str], CueKind], ...]  # words / phrases anywhere in a direction, in order
    production_cues: frozenset[str]
    chatter_openers: tuple[str, ...]
    production_headings: frozenset[str]
    reference_headings: frozenset[str]
    mode_labels: dict[str, str]
    section_parts: frozenset[str]
    segment_parts: frozenset[str]
    part_words: frozenset[str]  # both of the above
    cjk_section_counters: str
    cjk_segment_counters: str
    articles: frozenset[str]
    range_words: tuple[str, ...]
    seconds_units: tuple[str, ...]
    minutes_units: tuple[str, ...]


def _flat(table: dict | list) -> list[str]:
    if isinstance(table, dict):
        return [str(w).casefold() for rows in table.values() for w in rows]
    return [str(w).casefold() for w in table]


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    data = load_words_yaml(WORDS_FILE.read_text(encoding="utf-8"))
    cue_words = {w: CueKind(kind) for kind, words in data["cue_words"].items() for w in _flat(words)}
    keywords = tuple((frozenset(_flat(words)), CueKind(kind)) for kind, words in data["cue_keywords"].items())
    modes = {w: mode for mode, words in data["mode_labels"].items() for w in _flat(words)}
    narrators = frozenset(_flat(data["narrator_roles"]))
    fields = {w: field for field, words in data["meta_fields"].items() for w in _flat(words)}
    return Vocab(
        narrator_roles=narrators,
        roles=narrators | frozenset(_flat(data["roles"])),
        meta_labels=frozenset(_flat(data["meta_labels"])) | frozenset(fields),
        meta_fields=fields,
        topic_labels=frozenset(_flat(data["topic_labels"])),
        cue_words=cue_words,
        cue_keywords=keywords,
        production_cues=frozenset(_flat(data["production_cues"])),
        chatter_openers=_longest_first(_flat(data["chatter_openers"])),
        production_headings=frozenset(_flat(data["production_headings"])),
        reference_headings=frozenset(_flat(data["reference_headings"])),
        mode_labels=modes,
        section_parts=frozenset(_flat(data["part_words"]["section"])),
        segment_parts=frozenset(_flat(data["part_words"]["segment"])),
        part_words=frozenset(_flat(data["part_words"]["section"]) + _flat(data["part_words"]["segment"])),
        cjk_section_counters="".join(data["cjk_counters"]["section"]),
        cjk_segment_counters="".join(data["cjk_counters"]["segment"]),
        articles=frozenset(_flat(data["articles"])),
        range_words=_longest_first(_flat(data["range_words"])),
        seconds_units=_longest_first(_flat(data["duration_units"]["seconds"])),
        minutes_units=_longest_first(_flat(data["duration_units"]["minutes"])),
    )
