"""Pronunciation lexicon: how technical terms are said.

Sources, later ones win: the course-wide ``assets/lexicon.yaml``, each file in front-matter
``lexicon_files`` (relative to the script, inside its project root), then the lecture's own ``lexicon:`` mapping.

Matching is whole-word.  A term containing an upper-case letter (an acronym such as ``GRU``) matches
case-sensitively, so the word "gru" in a sentence is left alone; an all-lower-case term matches any
case.  A plural/possessive ending is kept: ``LSTMs`` → "L S T M's" (a spelled acronym's plural is
written with an apostrophe, which the engines say as a plural "s"), ``GRU's`` → "G R U's".
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..assets import assets_dir, load_words_yaml
from ..errors import AssetError
from ..model import Lecture
from ..paths import confine, field_location, project_of


@dataclass(frozen=True)
class Lexicon:
    entries: tuple[tuple[str, str], ...] = ()

    @functools.cached_property
    def _patterns(self) -> list[tuple[re.Pattern[str], str]]:
        pats = []
        # longest terms first so "BiRNN" wins over "RNN" and "GPT-3" over "GPT"
        for term, say in sorted(self.entries, key=lambda kv: -len(kv[0])):
            flags = 0 if any(c.isupper() for c in term) else re.IGNORECASE
            pat = re.compile(r"(?<!\w)" + re.escape(term) + r"(?P<sfx>s|'s|’s)?(?![\w])", flags)
            pats.append((pat, say))
        return pats

    def apply(self, text: str) -> str:
        if not self.entries:
            return text
        # Replace via placeholders so one replacement is never re-matched by another term.
        found: list[str] = []

        def sub(say: str):
            def inner(m: re.Match[str]) -> str:
                sfx = m.group("sfx") or ""
                if sfx == "s" and re.search(r"(?:^|\s)[A-Z]$", say):
                    sfx = "'s"  # "L S T Ms" sounds like "em-ess"; "L S T M's" like a plural
                found.append(say + sfx)
                return f"\x00{len(found) - 1}\x00"
            return inner

        for pat, say in self._patterns:
            text = pat.sub(sub(say), text)
        return re.sub(r"\x00(\d+)\x00", lambda m: found[int(m.group(1))], text)

    def merged(self, other: "Lexicon") -> "Lexicon":
        data = dict(self.entries)
        data.update(other.entries)
        return Lexicon(tuple(data.items()))

    def __len__(self) -> int:
        return len(self.entries)


def parse_lexicon(data: object, source: str) -> Lexicon:
    if data is None:
        return Lexicon()
    if not isinstance(data, dict):
        raise AssetError(f"lexicon {source} must be a mapping 'TERM: how to say it'",
                         hint="write one 'LSTM: L S T M' line per term")
    entries = []
    for key, value in data.items():
        if value is None or isinstance(value, (dict, list)):
            raise AssetError(f"lexicon {source}: entry {key!r} needs a plain text pronunciation",
                             hint="e.g. 'GRU: G R U'")
        entries.append((str(key), str(value)))
    return Lexicon(tuple(entries))


@functools.lru_cache(maxsize=32)
def _load_file(path: str, mtime: float) -> Lexicon:
    try:
        data = load_words_yaml(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise AssetError(f"cannot read lexicon {path}: {exc}", hint="fix the YAML (TERM: pronunciation)") from exc
    return parse_lexicon(data, path)


def load_lexicon_file(path: str | Path) -> Lexicon:
    p = Path(path)
    if not p.is_file():
        raise AssetError(f"lexicon file {p} not found", hint="fix lexicon_files in the front matter")
    return _load_file(str(p.resolve()), p.stat().st_mtime)


def course_lexicon() -> Lexicon:
    try:
        path = assets_dir() / "lexicon.yaml"
    except AssetError:
        return Lexicon()
    return load_lexicon_file(path) if path.is_file() else Lexicon()


def lecture_lexicon(lecture: Lecture) -> Lexicon:
    """The merged lexicon for a lecture (course-wide < lexicon_files < front-matter lexicon).

    ``lexicon_files`` are relative to the script and must stay inside the lecture's project root
    (the script's folder, or the course folder given with ``--root``), see :mod:`lecturecast.paths`."""
    lex = course_lexicon()
    if lecture.meta.lexicon_files:
        project = project_of(lecture)
        where = field_location(project, "lexicon_files")
        for name in lecture.meta.lexicon_files:
            path = confine(name, project, "front matter 'lexicon_files'", where=where)
            if not path.is_file():
                raise AssetError(f"lexicon file {name!r} not found", location=where,
                                 hint="fix lexicon_files in the front matter")
            lex = lex.merged(load_lexicon_file(path))
    return lex.merged(Lexicon(tuple((str(k), str(v)) for k, v in lecture.meta.lexicon)))
