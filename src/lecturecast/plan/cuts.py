"""Where a note that is too long may be cut: at a clause or phrase end, never on a function word, never
inside a clause the note opened, never after the first item of a list (used by :mod:`.keypoints`)."""
from __future__ import annotations

import re

from .wording import Wording, count_words

MAX_WORDS = 10  # words per point (a year label comes on top)
HARD_MAX = 12  # never more consecutive narration words on a slide than this


def trim_end(tokens: list[str], w: Wording) -> list[str]:
    while len(tokens) > 1 and (tokens[-1].lower().strip(",;:") in w.get("weak_end") or tokens[-1] in "-–—&"):
        tokens = tokens[:-1]
    return tokens


def first_clause(text: str, limit: int, w: Wording) -> str | None:
    """The longest leading clause (ending at , ; or a dash — a colon introduces what matters) of
    4..limit words; a leading adverbial ("In the nineteen eighties,") is no clause."""
    if text.split()[:1] and text.split()[0].lower() in w.get("weak_end"):
        return None
    best = None
    for m in re.finditer(r"\s*[,;—–]\s+|\s+-\s+", text):
        head = text[:m.start()]
        n = count_words(head)
        if n > limit or ":" in head:  # a comma after a colon splits the list the colon introduces
            break
        if n >= 4:
            best = head
    return best


def without_open_clause(tokens: list[str], w: Wording) -> list[str]:
    """A cut inside a clause the note opened ("… worry you if you let") ends the note before that
    clause ("… worry you"), when at least four words stay."""
    openers, pronouns = set(w.get("subordinators")) | set(w.get("conjunctions")), set(w.get("pronouns"))
    for i in range(len(tokens) - 1, 3, -1):
        word = tokens[i].lower().strip(",;:")
        after = tokens[i + 1].lower() if i + 1 < len(tokens) else ""
        if f"{word} {after}".strip(",;:.") in w.get("not_conjunctions"):
            continue
        if word in openers or (word in ("and", "or") and after in pronouns):  # "… and it" opens a clause too
            head = tokens[:i]
            if head[-1].lower().strip(",;:") in pronouns:  # "… handles this | by feeding …": an object
                return head
            return trim_end(head, w)
    return tokens


def colon_list(tokens: list[str]) -> list[str] | None:
    """"You'll see three tabs: Workspaces, List of Values, and Settings" → the list itself, when it is
    one that fits: a note never stops after the first item of a list."""
    text = " ".join(tokens)
    head, sep, items = text.partition(": ")
    if not sep or "," not in items or count_words(items) > HARD_MAX or count_words(head) > HARD_MAX:
        return None
    return items.split()


def conjunction_cut(tokens: list[str], limit: int, w: Wording) -> list[str]:
    """Cut before the last conjunction ("and", "which", …) that leaves 60–100 % of ``limit`` words."""
    conjunctions, phrases = set(w.get("conjunctions")), set(w.get("not_conjunctions"))
    for i in range(min(limit, len(tokens) - 1), int(limit * 0.6) - 1, -1):
        pair = f"{tokens[i]} {tokens[i + 1]}".lower().strip(",;:.") if i + 1 < len(tokens) else ""
        if tokens[i].lower() in conjunctions and pair not in phrases:  # "so far" is no "so"
            return tokens[:i]
    return tokens


def phrase_cut(tokens: list[str], limit: int, w: Wording) -> list[str]:
    """The first ``limit`` tokens, ending where a phrase ends: before the last function word ("of",
    "to", "that", …) that keeps at least 60 % of them, so no adjective dangles ("aims to develop a
    single"), or else before one a little after ``limit`` (≤ ``HARD_MAX`` words); else at ``limit`` (a
    little more to finish a name)."""
    if len(tokens) <= limit:
        return tokens
    weak = set(w.get("weak_end"))
    for i in range(limit, int(limit * 0.6) - 1, -1):
        if tokens[i].lower() in weak and tokens[i - 1][-1:] not in ",;:":
            return tokens[:i]
    for i in range(limit + 1, min(len(tokens), HARD_MAX + 1)):  # or a little further, up to HARD_MAX words
        if tokens[i].lower() in weak and tokens[i - 1][-1:] not in ",;:":
            return tokens[:i]
    return _cut_outside_names(tokens, limit)


def _cut_outside_names(tokens: list[str], limit: int) -> list[str]:
    """The first ``limit`` tokens, or up to ``HARD_MAX`` when the cut would split a name."""
    end = limit
    while end < min(len(tokens), HARD_MAX) and tokens[end - 1][:1].isupper() and tokens[end][:1].isupper():
        end += 1
    return tokens[:end]


def shorten(text: str, w: Wording, limit: int = HARD_MAX) -> str:
    """``text`` cut to ``limit`` words at a phrase boundary, its own words kept (for a caption that
    must keep "Here is …")."""
    tokens = trim_end(phrase_cut(text.split(), limit, w), w)
    while len(tokens) > 1 and count_words(" ".join(tokens)) > limit:
        tokens = trim_end(tokens[:-1], w)
    return " ".join(tokens).strip(" ,;:—–-")
