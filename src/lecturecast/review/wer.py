"""Word error rate against the script's ORIGINAL narration, with one neutral normaliser for both sides.

The normaliser is deliberately *not* the voice layer's text preparation (its number reader, lexicon
and direction rules): reading errors must show up, not cancel out.  Both the script text and the
recognised text go through :func:`normalise`:

* stage directions a reader would not say are removed from the script side only in their written
  form — ``[…]`` and ``(…)`` holding a direction word (visual, appear, on screen, music, cut, fade,
  pause, beat, sound, laughs); markdown symbols and punctuation are dropped on both sides;
* lower case; hyphens, slashes and dashes split words; ``%`` is "percent", ``&`` is "and";
* numbers become words with ``num2words`` on both sides: 1100–2099 written without a comma as a year
  ("1997" → "nineteen ninety-seven"), ordinals ("21st"), decimals, thousands separators;
* runs of single letters are joined ("l s t m" == "lstm"), a trailing possessive/plural "'s" is "s";
* contractions are expanded ("here's" = "here is", "don't" = "do not"), decades spelled ("1980s" =
  "nineteen eighties", "80s" = "eighties");
* British and American spellings are folded (memorise/memorize, labelled/labeled, colour/color);
* before alignment, two neighbouring words that spell one word of the other side are joined
  (:func:`join_compounds`: "pre trained" == "pretrained").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from num2words import num2words

_DIRECTION = re.compile(r"\[[^\[\]]*\]|\((?=[^()]*\b(?:visuals?|appears?|on screen|music|cut to|fades?|pause|"
                        r"beat|sound|laughs?|applause|transition)\b)[^()]*\)", re.I)
_ORDINAL = re.compile(r"\b(\d+)(?:st|nd|rd|th)\b", re.I)
_NUMBER = re.compile(r"\d+(?:,\d{3})+(?:\.\d+)?|\d+\.\d+|\d+")


def strip_directions(text: str) -> str:
    return _DIRECTION.sub(" ", text)


def _spell(match: re.Match[str]) -> str:
    raw = match.group(0)
    if "," not in raw and "." not in raw and 1100 <= int(raw) <= 2099 and len(raw) == 4:
        return " " + num2words(int(raw), to="year") + " "
    value = float(raw.replace(",", "")) if "." in raw else int(raw.replace(",", ""))
    return " " + num2words(value) + " "


_DECADE = re.compile(r"\b(\d{2,4})'?s\b")
_CONTRACTIONS = ((re.compile(r"\b(it|that|there|here|what|who|where|he|she)'s\b", re.I), r"\1 is"),
                 (re.compile(r"\blet's\b", re.I), "let us"), (re.compile(r"\bcan't\b", re.I), "cannot"),
                 (re.compile(r"\bwon't\b", re.I), "will not"), (re.compile(r"n't\b", re.I), " not"),
                 (re.compile(r"'re\b", re.I), " are"), (re.compile(r"'ve\b", re.I), " have"),
                 (re.compile(r"'ll\b", re.I), " will"), (re.compile(r"\bI'm\b", re.I), "I am"))


def _decade(match: re.Match[str]) -> str:
    """"1980s" → "nineteen eighties", "80s" → "eighties"."""
    raw = match.group(1)
    words = num2words(int(raw), to="year") if len(raw) == 4 else num2words(int(raw))
    return " " + (words[:-1] + "ies" if words.endswith("y") else words + "s") + " "


def normalise(text: str) -> list[str]:
    """Words to compare (see the module docstring); the same function for both sides."""
    text = text.replace("’", "'").replace("‘", "'").replace("%", " percent ").replace("&", " and ")
    for pattern, repl in _CONTRACTIONS:
        text = pattern.sub(repl, text)
    text = _DECADE.sub(_decade, text)
    text = _ORDINAL.sub(lambda m: " " + num2words(int(m.group(1)), to="ordinal") + " ", text)
    text = re.sub(r"(?<=\d)(?=[a-zA-Z])|(?<=[a-zA-Z])(?=\d)", " ", text)  # "GPT3" → "GPT 3"
    text = _NUMBER.sub(_spell, text)
    text = re.sub(r"[-‐–—/_]", " ", text.lower())
    text = re.sub(r"[^\w\s']", " ", text)
    out: list[str] = []
    run = ""
    for w in text.split() + [""]:
        w = w.strip("'")
        if len(w) == 1 and w.isalpha():
            run += w
            continue
        if run and len(w) == 3 and w.endswith("'s") and w[0].isalpha():  # "l s t m's" → "lstms"
            out.append(run + w[0] + "s")
            run = ""
            continue
        if run:
            out.append(run + ("s" if w == "s" else ""))
            run = ""
        if w:
            out.append(w[:-2] + "s" if w.endswith("'s") else w.replace("'", ""))
    return [fold_spelling(w) for w in out if w]


_SPELLING = ((re.compile(r"(?<=\w{3})is(e|ed|es|ing|ation|ations)$"), r"iz\1"),  # memorise = memorize
             (re.compile(r"(?<=\w{2}[aeiou])ll(ed|ing|er|ers)$"), r"l\1"),  # labelled = labeled
             (re.compile(r"(?<=\w{3})our(s|ed|ing|ite|ites)?$"), r"or\1"))  # colour = color


def fold_spelling(word: str) -> str:
    """British and American spellings of one word compare equal (applied to both sides)."""
    for pattern, repl in _SPELLING:
        word = pattern.sub(repl, word)
    return word


def reference_words(narration: str) -> list[str]:
    """The script side: the original narration without written stage directions, normalised."""
    return normalise(strip_directions(narration))


def join_compounds(ref: list[str], hyp: list[str]) -> tuple[list[str], list[str]]:
    """Two neighbouring words on one side that spell one word of the other side become that word
    ("pre trained" == "pretrained", "soft max" == "softmax"), both ways: spacing is not a reading error."""
    return _join(ref, set(hyp)), _join(hyp, set(ref))


def _join(words: list[str], other: set[str]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(words):
        if i + 1 < len(words) and words[i] + words[i + 1] in other and words[i] not in other:
            out.append(words[i] + words[i + 1])
            i += 2
        else:
            out.append(words[i])
            i += 1
    return out


@dataclass(frozen=True)
class Edit:
    said: tuple[str, ...]  # reference words of one run of errors (empty: insertion)
    heard: tuple[str, ...]  # recognised words of the same run (empty: deletion)


def align(ref: list[str], hyp: list[str]) -> tuple[int, list[Edit]]:
    """Levenshtein distance and the runs of differing words (neighbouring errors merged)."""
    n, m = len(ref), len(hyp)
    d = [[0] * (m + 1) for _ in range(n + 1)]
    for i in range(n + 1):
        d[i][0] = i
    for j in range(m + 1):
        d[0][j] = j
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    edits: list[Edit] = []
    said: list[str] = []
    heard: list[str] = []
    i, j = n, m
    while i or j:
        if i and j and ref[i - 1] == hyp[j - 1] and d[i][j] == d[i - 1][j - 1]:
            if said or heard:
                edits.append(Edit(tuple(reversed(said)), tuple(reversed(heard))))
                said, heard = [], []
            i, j = i - 1, j - 1
        elif i and j and d[i][j] == d[i - 1][j - 1] + 1:
            said.append(ref[i - 1])
            heard.append(hyp[j - 1])
            i, j = i - 1, j - 1
        elif i and d[i][j] == d[i - 1][j] + 1:
            said.append(ref[i - 1])
            i -= 1
        else:
            heard.append(hyp[j - 1])
            j -= 1
    if said or heard:
        edits.append(Edit(tuple(reversed(said)), tuple(reversed(heard))))
    return d[n][m], list(reversed(edits))
