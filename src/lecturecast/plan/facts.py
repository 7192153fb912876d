"""Structured facts in a slide's narration: dated events, steps, two sides, numbers, a quote, a term.

Each finder returns an empty result when the narration does not clearly hold that structure, so a
layout that needs it simply does not fit.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .keypoints import HARD_MAX, YEAR, clean, compress, dated_point, is_definition, names, similar, without_year, years
from .wording import Wording, count_words, words


@dataclass(frozen=True)
class Fact:
    label: str  # a year ("1997", "1960s"), a side's name, a quantity's name
    text: str  # the note that goes with it
    value: float | None = None  # a number to chart


def _year_key(label: str) -> int:
    return int(re.sub(r"\D", "", label)[:4] or 0)


def events(sentences: list[str], w: Wording) -> tuple[Fact, ...]:
    """Dated events in time order (one per year; the first sentence naming the year wins)."""
    seen: dict[str, Fact] = {}
    for sentence in sentences:
        found = years(clean(sentence))
        if not found or found[0] in seen:
            continue
        note = compress(without_year(clean(sentence), found[0], w), w, 10)
        if count_words(note) >= 2:
            seen[found[0]] = Fact(found[0], note)
    return tuple(sorted(seen.values(), key=lambda f: _year_key(f.label)))


def dated_items(bullets: tuple, w: Wording) -> tuple[Fact, ...]:
    """A bullet list whose every item opens with a date ("1950s: …", "2014 – …"), as events."""
    items = [it.text for block in bullets for it in block.items]
    if len(items) < 2:
        return ()
    out = []
    for item in items:
        text = clean(item)
        m = re.match(rf"^\s*(?:the\s+)?({YEAR})\s*[:–—-]?\s*(.+)$", text, re.IGNORECASE)
        if not m:
            return ()
        out.append(Fact(m.group(1), compress(without_year(m.group(2), m.group(1), w), w, 10)))
    return tuple(out)


def steps(sentences: list[str], w: Wording) -> tuple[str, ...]:
    """Enumerated steps ("First, … Then, … Finally, …"): at least three, in order."""
    marked = [s for s in sentences if w.starts_with("enumerators", clean(s))]
    if len(marked) < 3:
        return ()
    return tuple(compress(s, w, 10) for s in marked[:5])


def listed_items(sentences: list[str]) -> tuple[str, ...]:
    """Items of an inline list after a colon ("three gates: forget, input and output")."""
    for sentence in sentences:
        text = clean(sentence)
        if ":" not in text:
            continue
        tail = text.split(":", 1)[1].strip().rstrip(".")
        parts = [p.strip() for p in re.split(r",\s*|\s+(?:and|or|y|et|und|e)\s+", tail) if p.strip()]
        if 3 <= len(parts) <= 6 and all(1 <= count_words(p) <= 4 for p in parts):
            return tuple(p[:1].upper() + p[1:] for p in parts)
    return ()


def _without_article(name: str, w: Wording) -> str:
    """"The Transformer" → "Transformer", "As Amelia Earhart" → "Amelia Earhart" (a capitalised
    function word that only opens the sentence)."""
    plain = set(w.get("stop")) | set(w.get("articles")) | set(w.get("subordinators"))
    tokens = name.split()
    while len(tokens) > 1 and tokens[0].lower() in plain:
        tokens = tokens[1:]
    return " ".join(tokens)


def _subjects(sentences: list[str], w: Wording) -> list[str]:
    """Names mentioned in at least two sentences (a capitalised sentence opener counts when it is
    no function word: "Gliders are …")."""
    counts: Counter[str] = Counter()
    plain = set(w.get("stop")) | set(w.get("pronouns")) | set(w.get("articles"))
    for s in sentences:
        text = clean(s)
        found = set(_without_article(n, w) for n in names(text) if count_words(n) <= 3)
        first = words(text)[:1]
        if first and first[0][:1].isupper() and first[0].lower() not in plain and not w.starts_with("openers", text) \
                and not w.starts_with("low_value", text) and not w.has("imperatives", first[0]):
            found.add(first[0])
        for name in found:
            counts[name] += 1
    return [n for n, c in counts.most_common() if c >= 2]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _mentions(side: str, text: str) -> bool:
    stem = re.escape(side.rstrip("s"))
    return bool(re.search(rf"\b{stem}(?:s|es|'s)?\b", text, re.IGNORECASE))


def _pair(sentences: list[str], w: Wording, title: str, cue_text: str) -> tuple[str, str] | None:
    m = re.search(r"([\w' -]{2,30}?)\s+(?:vs\.?|versus)\s+([\w' -]{2,30})", title, re.IGNORECASE)
    if m:
        return _capital(m.group(1).strip()), _capital(m.group(2).strip())
    if cue_text and w.mentions("compare_words", cue_text):
        named = list(dict.fromkeys(n for n in names(" " + cue_text) if count_words(n) <= 3))
        if len(named) >= 2:
            return named[0], named[1]
    if not w.mentions("contrast", " ".join(sentences)):
        return None
    subjects = _subjects(sentences, w)
    return next(((a, b) for i, a in enumerate(subjects) for b in subjects[i + 1:]
                 if a.lower() not in b.lower() and b.lower() not in a.lower()), None)


def _halves(sentence: str, w: Wording) -> list[str]:
    """A sentence contrasting both sides, cut at its contrast word ("X …, while Y …")."""
    for m in re.finditer(r"[,;]?\s+", sentence):
        rest = sentence[m.end():]
        word = w.starts_with("contrast", rest) if m.start() > 0 else None
        if word:
            return [sentence[:m.start()], rest[word.end():].lstrip(" ,")]
    return [sentence]


def sides(sentences: list[str], w: Wording, title: str = "", cue_text: str = "") -> tuple[Fact, ...]:
    """Two sides of a comparison: "X vs Y" in the title, two names a comparing visual cue gives
    ("LSTM and GRU side by side"), or two names the narration contrasts.  ``Fact(side, note)``."""
    pair = _pair(sentences, w, title, cue_text)
    if pair is None:
        return ()
    out: list[Fact] = []
    for sentence in sentences:
        for part in _halves(clean(sentence), w):
            has = [side for side in pair if _mentions(side, part)]
            if len(has) != 1:
                continue
            note = dated_point(part, w, 9)
            if count_words(note) >= 2 and not any(f.label == has[0] and similar(f.text, note, w) for f in out):
                out.append(Fact(has[0], note))
    labels = {f.label for f in out}
    enough = 2 if cue_text else 3
    return tuple(out) if len(labels) == 2 and len(out) >= enough else ()


def pros_cons(bullet_groups: list[tuple[str, tuple[str, ...]]], w: Wording) -> tuple[Fact, ...]:
    """Advantages/disadvantages lists the script gives (a heading word then its items)."""
    out = []
    for heading, items in bullet_groups:
        label = "pros" if w.mentions("pros", heading) else "cons" if w.mentions("cons", heading) else None
        if label:
            out += [Fact(w.label(label), it) for it in items]
    return tuple(out) if len({f.label for f in out}) == 2 else ()


_QUANTITY = re.compile(r"(\d+(?:[.,]\d+)?)\s?(%|percent|per cent)")


def numbers(sentences: list[str], w: Wording) -> tuple[Fact, ...]:
    """Percentages the narration gives, each with the words before it as its label (≥ 3 to chart)."""
    out: list[Fact] = []
    for sentence in sentences:
        s = clean(sentence)
        for m in _QUANTITY.finditer(s):
            label = _quantity_label(s[:m.start()], w) or f"#{len(out) + 1}"
            out.append(Fact(_capital(label), f"{m.group(1)}%", float(m.group(1).replace(",", "."))))
    return tuple(out[:6]) if len(out) >= 3 else ()


def _quantity_label(before: str, w: Wording) -> str:
    """What a number counts: the first content word(s) of its clause ("Airport fees add close to 8 %"
    → "Airport fees"; "Staff take roughly 25 %" → "Staff")."""
    clause = re.split(r"[,;:]|\s(?:" + "|".join(map(re.escape, ("and", "y", "et", "und", "e"))) + r")\s", before)[-1]
    skip = set(w.get("stop")) | set(w.get("fillers")) | set(w.get("articles"))
    toks = [t for t in words(clause) if not t.isdigit()]
    content = [i for i, t in enumerate(toks) if t.lower() not in skip]
    if not content:
        return ""
    first = content[0]
    label = [toks[first]]
    nxt, after = first + 1, first + 2
    if nxt < len(toks) and toks[nxt].lower() not in skip and after < len(toks) and toks[after].lower() not in skip:
        label.append(toks[nxt])
    return " ".join(label)


# an opening mark starts a word, a closing mark ends one and is not glued to the next word: in
# `"By X, you're getting "free" Y."` the mark before "free" opens a nested quote, so
# "By X, you're getting " is no quotation
_QUOTED = re.compile(r"(?<!\w)(?:[\"“„]|«\s?)([^\s\"“”»][^\"“”»]{10,198}[^\s\"“”»])(?:[\"“”]|\s?»)(?!\w)")


def quote(sentences: list[str], w: Wording) -> tuple[str, str] | None:
    """A quotation of 4–12 words the narration cites (a slide may repeat no more of it), with who
    said it when the sentence names them."""
    for sentence in sentences:
        m = _QUOTED.search(sentence)
        if m and 4 <= count_words(m.group(1)) <= HARD_MAX:
            who = [_without_article(n, w) for n in names(sentence.replace(m.group(0), " ")) if count_words(n) <= 4]
            return m.group(1).strip(), who[0] if who else ""
    return None


def definition(sentences: list[str], w: Wording) -> tuple[str, str] | None:
    for sentence in sentences:
        found = is_definition(sentence, w)
        if found:
            term, rest = found
            return _capital(term), compress(rest, w, 12)
    return None


def _usable(term: str, avoid: str, w: Wording) -> bool:
    """A headline term that says something new: not in ``avoid``, not a generic word ("Different")."""
    return not _known(term, avoid) and term.lower() not in w.get("generic_terms")


def _known(term: str, avoid: str) -> bool:
    """``term`` (or its singular) is already in ``avoid``."""
    t = term.lower()
    return t in avoid.lower() or (t.endswith("s") and t[:-1] in avoid.lower())


def focus_term(sentences: list[str], w: Wording, avoid: str = "", fallback: str = "") -> str:
    """What these sentences are about, for a headline: a defined term, else the most frequent
    name, else the most frequent content word pair, else ``fallback`` (a visual's subject), else a
    word the sentences keep coming back to; "" when nothing stands out."""
    found = definition(sentences, w)
    if found and _usable(found[0], avoid, w):
        return found[0]
    for name in _subjects(sentences, w):
        if _usable(name, avoid, w):
            return name
    stop = set(w.get("stop"))
    verbish = tuple(w.get("verb_suffixes"))
    pairs: Counter[str] = Counter()
    for s in sentences:
        toks = [t.lower() for t in words(clean(s))]
        for a, b in zip(toks, toks[1:]):
            if a not in stop and b not in stop and len(a) > 2 and len(b) > 2 and not (verbish and b.endswith(verbish)) \
                    and not w.has("imperatives", a) and not w.has("imperatives", b):
                pairs[f"{a} {b}"] += 1
    best = [p for p, c in pairs.most_common(3) if c >= 2 and _usable(p, avoid, w)]
    if not best and fallback:
        return fallback
    if not best:  # a single word the slide keeps coming back to
        singles: Counter[str] = Counter(t.lower() for s in sentences for t in words(clean(s))
                                        if t.lower() not in stop and len(t) >= 9 and not (verbish and t.endswith(verbish)))
        best = [t for t, c in singles.most_common(3) if c >= 2 and _usable(t, avoid, w)]
    return best[0][:1].upper() + best[0][1:] if best else ""
