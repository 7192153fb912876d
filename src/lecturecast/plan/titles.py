"""How a script's titles are shown: "Slide 3 -" numbers dropped, capitals in sentence case.

Chat models and screenplay habits write headings in capitals; on a slide they read as shouting and
take a third more width.  A title whose letters are all capitals is shown in sentence case (the
script file keeps what the teacher wrote): each word takes the form the lecture's own narration
gives it most often — so "LSTM" and "Google" keep theirs — a word the narration never uses keeps
its capitals when it looks like an acronym (two letters, or up to four without a vowel: "QR", "AI",
"CNN"; never a stop word of the language) and is lower case otherwise; the
first word and the first after a colon or dash start with a capital.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import Callable

from ..model import Lecture
from .wording import wording

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_SENTENCE_START = re.compile(r"(?:^|[:.!?—–]\s+|\s-\s+)$")


def _is_shouted(title: str) -> bool:
    letters = [c for c in title if c.isalpha()]
    cased = [c for c in letters if c.isupper() or c.islower()]
    return len(cased) >= 4 and all(c.isupper() for c in cased)


def _forms(lecture: Lecture) -> dict[str, str]:
    """lower-case word → its most frequent form inside the narration's sentences (a sentence's first
    word says nothing about its case)."""
    seen: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for segment in lecture.segments:
        text = segment.narration
        for m in _WORD.finditer(text):
            if not _SENTENCE_START.search(text[max(0, m.start() - 3):m.start()]) and m.start() > 0:
                seen[m.group().casefold()][m.group()] += 1
    return {key: forms.most_common(1)[0][0] for key, forms in seen.items()}


_VOWELS = set("aeiouyàáâäãåèéêëìíîïòóôöõùúûüýæœ")


def _looks_like_acronym(word: str, stop: frozenset[str]) -> bool:
    """A capitalised word the narration never uses: "QR", "AI", "CNN" stay; "THE", "WHY", "ACT" do not."""
    low = word.casefold()
    return low not in stop and (len(word) <= 2 or (len(word) <= 4 and not _VOWELS & set(low)))


_PARTS = re.compile(r"(:\s+)")


def sentence_case(title: str, forms: dict[str, str], stop: frozenset[str] = frozenset()) -> str:
    """``title`` with each of its colon-separated parts in capitals in sentence case
    ("SECCIÓN 2: REGISTRO Y ACCESO: Proceso" → "Sección 2: Registro y acceso: Proceso")."""
    parts = _PARTS.split(title)
    return "".join(_sentence_case_part(p, forms, stop) if k % 2 == 0 else p for k, p in enumerate(parts))


def _sentence_case_part(title: str, forms: dict[str, str], stop: frozenset[str]) -> str:
    if not _is_shouted(title):
        return title
    out, last = [], 0
    for m in _WORD.finditer(title):
        word = m.group()
        form = forms.get(word.casefold())
        if form is None:
            form = word if _looks_like_acronym(word, stop) else word.lower()
        if _SENTENCE_START.search(title[:m.start()]):
            form = form[:1].upper() + form[1:]
        out.append(title[last:m.start()] + form)
        last = m.end()
    return "".join(out) + title[last:]


def without_slide_number(title: str, slide_words: tuple[str, ...]) -> str:
    """"SLIDE 3 - Organization Dashboard" → "Organization Dashboard": on a slide, its own number in
    the script is noise (the footer numbers the deck)."""
    if not slide_words:
        return title
    words = "|".join(re.escape(x) for x in slide_words)
    m = re.match(rf"(?i)(?:{words})[ \t]*(?:n[oº°.]+[ \t]*)?\d{{1,3}}[ \t]*[-–—:.)][ \t]*(?=\S)", title)
    return title[m.end():] if m else title


def title_caser(lecture: Lecture) -> Callable[[str], str]:
    """A function that shows ``lecture``'s titles: without "Slide 3 -", shouted ones in sentence case."""
    w = wording(lecture.meta.language)
    forms, stop, slide_words = _forms(lecture), frozenset(w.get("stop")), w.get("slide_words")
    return lambda title: sentence_case(without_slide_number(title, slide_words), forms, stop) if title else title
