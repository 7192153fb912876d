"""Key points a student would write down, extracted from narration (deterministic, offline).

``key_points(sentences, wording)`` scores every sentence for what notes keep (years, numbers,
definitions, names, enumerations, contrasts) and against what they drop (greetings, "let's …",
questions), takes the best few in narration order and :func:`compress` es each to ≤ ``MAX_WORDS``
words: leading discourse words, parentheticals, trailing clauses, fillers, and — when that makes
the sentence fit — a leading article and passive auxiliaries go; a dated sentence becomes
``"1997: …"``.  A point never copies more than ``MAX_WORDS`` + 2 consecutive words of the narration
(it has no more words).
"""
from __future__ import annotations

import re

from .cuts import HARD_MAX, MAX_WORDS, colon_list, conjunction_cut, first_clause, phrase_cut, trim_end, \
    without_open_clause
from .wording import Wording, count_words, words

BODY_MAX = 45  # words on a content slide's body
YEAR = r"(?:1[0-9]{3}|20[0-9]{2})(?:s|'s|’s)?"
_YEAR = re.compile(rf"(?<![\w.,])({YEAR})(?![\w])")
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)?\s?(?:%|percent|x\b|×)?")
_PAREN = re.compile(r"\s*[(\[][^()\[\]]{0,160}[)\]]")
_QUOTE_CHARS = str.maketrans("", "", "\"“”«»„")
_MARKDOWN = re.compile(r"\*\*|__|`|(?<!\w)\*(?!\s)|(?<!\s)\*(?!\w)")
_CAPITAL = re.compile(r"\b([A-Z][\w'’-]*(?:\s+[A-Z][\w'’-]*)*)")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[\"“«]\s*)$")
_ACRONYM = re.compile(r"\b[A-Z][A-Z0-9]{1,7}s?\b")


def clean(text: str) -> str:
    """Plain sentence text: markdown, quotation marks and parentheticals gone."""
    text = _MARKDOWN.sub("", text).translate(_QUOTE_CHARS)
    text = _PAREN.sub("", text)
    return " ".join(text.split()).strip()


def _strip_openers(text: str, w: Wording) -> str:
    for _ in range(4):
        m = w.starts_with("openers", text)
        if not m or m.end() >= len(text) or text[m.end()] not in ", ":
            break
        rest = text[m.end():].lstrip(" ,;:—–-")
        if count_words(rest) < 2:
            break
        text = rest
    return text


def _drop_leading_clause(text: str, w: Wording) -> str:
    """"As we push the limits of AI, RNNs will matter" → "RNNs will matter" (a subordinate clause
    before the main one goes when what follows its comma is a clause of its own; so does a short
    adverbial: "In the nineteen eighties, researchers …" → "Researchers …")."""
    adverbial = w.starts_with("adverbial_starts", text)  # "In the nineteen eighties, researchers …"
    if not w.starts_with("subordinators", text) and not adverbial:
        return text
    m = re.search(r",\s+", text)
    if m and count_words(text[:m.start()]) <= (6 if adverbial else 15) and count_words(text[m.end():]) >= 4:
        rest = text[m.end():]
        return rest[:1].upper() + rest[1:]
    return text


_ASIDE = re.compile(r",\s+[^,;:]{1,48},\s+(?=\w)")


def _drop_aside(text: str, w: Wording) -> str:
    """", and later the Transformer, " inside a long sentence goes (an aside between two commas that
    opens with a conjunction or a discourse word)."""
    if count_words(text) <= HARD_MAX:
        return text
    for m in _ASIDE.finditer(text):
        inner = m.group(0).strip(" ,")
        if inner.split()[0].lower() in ("and", "or", *w.get("conjunctions")) or w.starts_with("openers", inner):
            shorter = text[:m.start()] + " " + text[m.end():]
            return shorter if count_words(shorter) >= 4 else text
    return text


def _drop_trailing_clause(text: str, w: Wording) -> str:
    for m in re.finditer(r"\s*[,;:—–]\s+", text):
        after = text[m.end():]
        if w.starts_with("clause_starts", after) and count_words(text[:m.start()]) >= 4:
            return text[:m.start()]
    return text


def _without(tokens: list[str], drop: set[str]) -> list[str]:
    return [t for t in tokens if t.lower().strip(",;:") not in drop]


def _drop_auxiliaries(tokens: list[str], w: Wording) -> list[str]:
    """"X was introduced by Y" → "X introduced by Y" (headline style); never after a pronoun ("if you
    were disappointed" stays whole)."""
    suffixes = w.get("participle_suffixes")
    aux, pronouns = set(w.get("auxiliaries")), set(w.get("pronouns"))
    if not suffixes:
        return tokens
    out = []
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        prev = tokens[i - 1].lower().strip(",;:") if i else ""
        if tok.lower() in aux and nxt.endswith(tuple(suffixes)) and prev not in pronouns:
            continue
        out.append(tok)
    return out


def compress(sentence: str, w: Wording, limit: int = MAX_WORDS) -> str:
    """``sentence`` as a note of at most ``limit`` words (no final full stop)."""
    text = _strip_openers(clean(sentence), w)
    text = _strip_openers(_drop_leading_clause(text, w), w)
    text = _drop_trailing_clause(text, w)
    text = _drop_aside(text, w)
    tokens = text.split()
    if count_words(text) <= HARD_MAX and limit >= MAX_WORDS:  # a short sentence stays whole
        limit = HARD_MAX
    if len(tokens) > limit:
        tokens = _without(tokens, set(w.get("fillers")))
        for phrase in (f for f in w.get("fillers") if " " in f):  # "so far": several words
            n = len(phrase.split())
            tokens = next(([*tokens[:i], *tokens[i + n:]] for i in range(len(tokens) - n + 1)
                           if " ".join(tokens[i:i + n]).lower().strip(",;:.") == phrase), tokens)
    if len(tokens) > limit:
        tokens = colon_list(tokens) or tokens
    if len(tokens) > limit:
        cut = first_clause(" ".join(tokens), limit, w)
        if cut and count_words(cut) >= max(4, limit * 0.4):
            tokens = cut.split()
    if len(tokens) > limit:
        tokens = conjunction_cut(tokens, limit, w)
    if len(tokens) > limit:  # headline style ("LSTM introduced by …") only when it makes the note whole;
        headline = _drop_auxiliaries(tokens, w)  # articles inside stay ("at a time" is no "at time")
        if headline and headline[0].lower() in w.get("articles"):
            headline = headline[1:]
        whole = HARD_MAX if limit >= MAX_WORDS else limit
        if len(headline) <= whole:
            tokens, limit = headline, whole
    whole = len(tokens)
    tokens = trim_end(phrase_cut(tokens, limit, w), w)
    while len(tokens) > 1 and count_words(" ".join(tokens)) > HARD_MAX:  # "a.b@c.com" is several words
        tokens = trim_end(tokens[:-1], w)
    if len(tokens) < whole:
        tokens = without_open_clause(tokens, w)
    note = " ".join(tokens).strip(" ,;:—–-")
    note = re.sub(r"[.!?…]+$", "", note).strip()
    return note[:1].upper() + note[1:] if note else ""


# -- dates ------------------------------------------------------------------------------------
def years(sentence: str) -> list[str]:
    return [m.group(1).replace("’", "'") for m in _YEAR.finditer(sentence)]


def _frame_pattern(frame: str, year: str) -> re.Pattern[str]:
    base = re.escape(year.rstrip("s'’")) + r"(?:s|'s|’s)?"
    dated = rf"(?:the\s+)?(?:early\s+|late\s+|mid-?)?{base}"
    return re.compile(r"(?<![\w])" + dated.join(re.escape(p) for p in frame.split("{y}")) + r"(?![\w])",
                      re.IGNORECASE)


def without_year(sentence: str, year: str, w: Wording) -> str:
    """``sentence`` with the phrase that dates it removed ("It wasn't until 1997 that X" → "X")."""
    for frame in w.get("year_frames"):
        if "{y}" not in frame:
            continue
        lead = frame.startswith("* ")
        pattern = _frame_pattern(frame[2:] if lead else frame, year)
        m = pattern.search(sentence)
        if m and lead:
            out, n = sentence[m.end():], 1
        else:
            out, n = pattern.subn(" ", sentence, count=1)
        if n:
            out = " ".join(out.split()).strip(" ,;:")
            out = re.sub(r"\s+([,.;:!?])", r"\1", out)
            return out[:1].upper() + out[1:] if count_words(out) >= 2 else sentence
    return sentence


_CALENDAR_DATE = re.compile(r"\d(?:st|nd|rd|th|\.)?,?\s+$|[/.-]$")


def _quoted(sentence: str, at: int) -> bool:
    """Position ``at`` lies inside quotation marks ('Granada 2031' is a name, not a date)."""
    before = sentence[:at]
    straight = len(re.findall(r"(?<!\w)'|'(?!\w)", before)) + before.count('"')
    return straight % 2 == 1 or before.count("“") > before.count("”") or before.count("«") > before.count("»")


def dated_point(sentence: str, w: Wording, limit: int = MAX_WORDS) -> str:
    """"In 1997, LSTM was proposed" → "1997: LSTM proposed"; a calendar date ("March 20th 2023",
    "20.3.2023") is no history and gets no year label."""
    found = [m for m in _YEAR.finditer(sentence)
             if not _CALENDAR_DATE.search(sentence[max(0, m.start() - 8):m.start()])
             and not _quoted(sentence, m.start())]
    if not found:
        return compress(sentence, w, limit)
    year = found[0].group(1).replace("’", "'")
    body = compress(without_year(clean(sentence), year, w), w, limit)
    return f"{year}: {body}" if body else year


# -- scoring ----------------------------------------------------------------------------------
def names(sentence: str) -> list[str]:
    """Capitalised names and acronyms that are not just the sentence's first word."""
    out = [m.group(1) for m in _CAPITAL.finditer(sentence)
           if " " in m.group(1) or not _SENTENCE_START.search(sentence[:m.start(1)])]
    out += _ACRONYM.findall(sentence)
    return out


def is_definition(sentence: str, w: Wording) -> tuple[str, str] | None:
    """("Term", "what it is") when the sentence defines a short term ("An LSTM is a …")."""
    text = _strip_openers(clean(sentence), w)
    verbs = sorted(w.get("definition_verbs"), key=len, reverse=True)
    if not verbs:
        return None
    m = re.match(r"(?P<term>[^,;:]{2,60}?)\s+(?P<verb>" + "|".join(map(re.escape, verbs)) + r")\s+(?P<rest>.+)$",
                 text, re.IGNORECASE)
    if not m:
        return None
    term = m.group("term").strip()
    tokens = term.split()
    if tokens and tokens[0].lower() in w.get("articles"):
        tokens = tokens[1:]
    if not tokens or len(tokens) > 5 or tokens[0].lower() in w.get("pronouns") or \
            " ".join(tokens).lower() in w.get("generic_terms"):
        return None
    if tokens[0][:1].islower() and not any(t[:1].isupper() for t in tokens):
        if len(tokens) > 3:
            return None
    rest = m.group("rest")
    lead = [t.lower() for t in rest.split()[:2]]
    if lead and lead[0] in w.get("articles"):
        lead = lead[:1]
    verbish = tuple(w.get("verb_suffixes"))
    if count_words(rest) < 3 or (verbish and any(t.endswith(verbish) for t in lead)):
        return None  # "X is used …" / "X are now …": a statement about X, not what X is
    return " ".join(tokens), rest


def score(sentence: str, w: Wording, index: int = 0) -> float:
    text = clean(sentence)
    n = count_words(text)
    value = 0.0
    value += 2.0 if years(text) else 0.0
    value += 1.2 if _NUMBER.search(_YEAR.sub("", text)) else 0.0
    value += 1.5 if is_definition(text, w) else 0.0
    value += min(1.5, 0.5 * len(set(names(text))))
    value += 1.0 if w.starts_with("enumerators", text) else 0.0
    value += 0.8 if w.mentions("contrast", text) else 0.0
    value -= 2.5 if w.starts_with("low_value", text) else 0.0
    value -= 1.5 if text.endswith("?") else 0.0
    value -= 1.0 if n < 5 else 0.0
    value -= 0.5 if n > 45 else 0.0
    value += 0.3 if index == 0 else 0.0
    return value


def _content_words(text: str, w: Wording) -> set[str]:
    stop = set(w.get("stop"))
    return {t.lower() for t in words(text) if t.lower() not in stop and len(t) > 2}


def similar(a: str, b: str, w: Wording, threshold: float = 0.6) -> bool:
    wa, wb = _content_words(a, w), _content_words(b, w)
    if not wa or not wb:
        return a.lower() == b.lower()
    return len(wa & wb) / min(len(wa), len(wb)) >= threshold


def point_count(word_total: int) -> int:
    return max(2, min(4, round(word_total / 28)))


def key_points(sentences: list[str], w: Wording, limit: int | None = None,
               exclude: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The best ``limit`` (default: by length, 2–4) notes of ``sentences``, in narration order."""
    total = sum(count_words(s) for s in sentences)
    want = limit if limit is not None else point_count(total)
    ranked = sorted(range(len(sentences)), key=lambda i: (-score(sentences[i], w, i), i))
    chosen: list[tuple[int, str]] = []
    for i in ranked:
        if len(chosen) >= want:
            break
        if score(sentences[i], w, i) < -1.0 and chosen:
            break
        note = dated_point(sentences[i], w)
        if count_words(note) < 2 or any(similar(note, c, w) for _, c in chosen) or \
                any(similar(note, e, w, 0.8) for e in exclude):
            continue
        chosen.append((i, note))
    return fit_body(tuple(note for _, note in sorted(chosen)))


def fit_body(points: tuple[str, ...], budget: int = BODY_MAX) -> tuple[str, ...]:
    """As many of ``points`` as fit ``budget`` words."""
    out: list[str] = []
    used = 0
    for p in points:
        n = count_words(p)
        if used + n > budget:
            break
        out.append(p)
        used += n
    return tuple(out)
