"""Recognisers for speakers, cues, metadata labels, chatter and production headings.

All words come from ``words.yaml`` (via :func:`~.vocab.vocab`); this module only knows shapes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...model import CueKind
from .lines import strip_markdown
from .timex import find_time
from .vocab import vocab

NAME = r"[^\W\d_][\w.'’ -]{0,34}?(?:[ \t]?\([^()\n]{1,40}\))?"  # "Guest (Dr Martin)": an aside after the name
_ASIDE = re.compile(r"^([^()]+?)[ \t]?\(([^()]+)\)$")
_COLON = r"(?:[ \t]?:|[ \t]?：)"
_BOLD_BRACKET_NAME = re.compile(r"^\*\*\[(" + NAME + r")\]" + _COLON + r"[ \t]*+([^*]*+)\*\*:?[ \t]*(.*)$")
_BOLD = re.compile(r"^\*\*\[?(" + NAME + r")\]?(?:" + _COLON + r"\*\*|\*\*" + _COLON + r")[ \t]*(.*)$")
_BRACKET = re.compile(r"^[\[【](" + NAME + r")[\]】][ \t]*[:：][ \t]*(.*)$")
_PLAIN = re.compile(r"^(" + NAME + r")(?:[ \t]?:(?:[ \t]+(.*)|$)|[ \t]?：[ \t]*(.*))")
_NAME_NOTE = re.compile(r"^\[[^\]]{1,60}\]:?$")
_PAUSE_SECONDS = re.compile(r"(?<![\d.])(\d++(?:\.\d++)?)[ \t]*+(?:s|sec|secs|seconds?|segundos?|secondes?|sekunden?|secunde|secondi|秒)(?!\w)",
                            re.I)


def is_chatter(text: str) -> bool:
    """A chat model's opening/closing words to the teacher ("Here is…", "I hope this helps")."""
    low = text.lstrip().casefold()[:60]
    for opener in vocab().chatter_openers:
        if low.startswith(opener) and (not opener[-1].isalpha() or len(low) == len(opener)
                                       or not low[len(opener)].isalpha()):
            return True
    return False


def is_production_heading(title: str) -> bool:
    """*Production Notes*, *Recording tips*, *Checklist*, *Shot list* …: notes for the crew, not narration."""
    words = _key(_NOT_WORDY.sub(" ", title)).split()
    table = vocab().production_headings
    named = any(" ".join(words[:n]) in table or " ".join(words[-n:]) in table for n in (1, 2, 3))
    return named and find_time(title, heading=True) is None and not is_part_heading(title)


def is_references_heading(title: str) -> bool:
    return _key(_PUNCT.sub("", title)) in vocab().reference_headings


_NOT_WORDY = re.compile(r"[^\w\s'-]")
_PUNCT = re.compile(r"[^\w\s]")


def starts_with_part_word(line: str) -> bool:
    """Cheap test: does the line start (after markup or an emoji) with a part word or 第?"""
    m = _LEAD_WORD.match(line)
    return m is not None and (m.group(1) == "第" or m.group(1).casefold() in vocab().part_words)


_LEAD_WORD = re.compile(r"[\W_]{0,8}(第|[^\W\d_][\w-]{0,15})")


def is_part_heading(title: str) -> str | None:
    """``"section"`` for "Video 3", "Épisode 2", "第2章"; ``"segment"`` for "Scene 4", "Paso 2"; else None."""
    if not starts_with_part_word(title):
        return None  # the common case, decided without regexes
    s = strip_markdown(title).strip()
    m = _CJK_PART.match(s)
    if m:
        counter = m.group(1)
        return "section" if counter in vocab().cjk_section_counters else \
            "segment" if counter in vocab().cjk_segment_counters else None
    m = _PART.match(s)
    if not m:
        return None
    word = m.group(1).casefold()
    v = vocab()
    return "section" if word in v.section_parts else "segment" if word in v.segment_parts else None


_PART = re.compile(r"^[^\w]{0,4}([^\W\d_][\w-]{0,15})\.?[ \t]{0,3}(?:#|n[°º.]|nr\.?|no\.?)?[ \t]{0,2}"
                   r"(?:\d{1,3}|[IVXLC]{1,6}|[A-Z])(?![\w])")
_CJK_PART = re.compile(r"^[^\w]{0,4}第[ \t]{0,2}[0-9０-９一二三四五六七八九十百]{1,6}[ \t]{0,2}(\w)")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, CueKind], tuple[tuple[frozenset[str], CueKind], ...]]:
    return vocab().cue_words, vocab().cue_keywords


@dataclass(frozen=True)
class Label:
    name: str  # as written (clean)
    rest: str  # text after the label on the same line ('' when the label stands alone)
    form: str  # bold | bracket | plain


_WS = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    return _WS.sub(" ", name.strip().strip("[]*_ ").casefold())


@lru_cache(maxsize=4096)  # the first pass, the heading test and the rules ask about the same lines
def find_label(line: str) -> Label | None:
    """Split ``**Name:** text`` / ``[Name]: text`` / ``Name: text`` (whatever Name means)."""
    s = line.strip()
    if ":" not in s and "：" not in s:
        return None
    m = _BOLD_BRACKET_NAME.match(s)
    if m and (m.group(2).strip() == "" or m.group(3).strip() == ""):
        return Label(_without_aside(m.group(1).strip()), m.group(3).strip(), "bold")
    for pattern, form in ((_BOLD, "bold"), (_BRACKET, "bracket"), (_PLAIN, "plain")):
        m = pattern.match(s)
        if m:
            name = m.group(1).strip().strip("*")
            rest = (m.group(2) or (m.group(3) if m.re is _PLAIN else "") or "").strip()
            if _NAME_NOTE.match(rest):  # **Guest:** [Dr. Emma Taylor]:
                rest = ""
            name = _without_aside(name)
            if not name or len(name.split()) > 4:  # (a name never starts with a digit: no clock)
                return None
            return Label(name, rest, form)
    return None


def _without_aside(name: str) -> str:
    """"Guest (Dr Martin)" → "Guest" (a role, or any label word, keeps its name); "Anna (laughing)" →
    "Anna"; "Expert (Dr Martin)" → "Dr Martin" when only the aside names a person."""
    m = _ASIDE.match(name)
    if not m:
        return name
    base, aside = m.group(1).strip(), m.group(2).strip()
    if role_of(base) or is_narrator(base) or _key(base) in vocab().cue_words or mode_of(base):
        return base
    return aside if looks_like_person(aside) and not looks_like_person(base) else base


def role_of(name: str) -> str | None:
    key = _key(name)
    roles = vocab().roles
    if key in roles:
        return key
    words = key.split(" ", 1)  # "the host", "la présentatrice", "der Gast": an article before a role
    if len(words) == 2 and len(words[0]) <= 3 and words[1] in roles:
        return words[1]
    return None


def is_narrator(name: str, narrator: str = "Narrator") -> bool:
    key = _key(name)
    return key in vocab().narrator_roles or key == narrator.casefold()


def is_meta_label(name: str) -> bool:
    return _key(name) in vocab().meta_labels


def is_topic_label(name: str) -> bool:
    return _key(name) in vocab().topic_labels


def is_cue_word(name: str) -> bool:
    return _key(name) in vocab().cue_words


def looks_like_person(name: str) -> bool:
    """A name: capitalised words ("Jerod Santo"), or a short phrase that starts and ends with one
    ("Texte par Marie", "Gesprochen von Anna"), or a short name in a script without case (山田)."""
    words = name.split()
    if not 1 <= len(words) <= 4 or any(ch.isdigit() for ch in name):
        return False
    cased = [w for w in words if w[:1].isalpha() and (w[:1].isupper() or w[:1].islower())]
    if not cased:
        return len(name) <= 8
    if words[0].casefold() in vocab().articles:
        return False
    if len(words) <= 3 and all(w[:1].isupper() for w in cased):
        return True
    return words[0][:1].isupper() and words[-1][:1].isupper()


def speaker_name(name: str) -> str:
    """Display name for a label: roles get title case ('NARRATOR' → 'Narrator'); names stay."""
    name = re.sub(r"\s+", " ", name.strip().strip("[]*_ -"))
    return name.title() if role_of(name) or name.isupper() else name


def cue_from_direction(inner: str) -> tuple[CueKind, str, float | None]:
    """Kind, text and seconds of a stage direction's inner text ("Sound Effect: a door creaks")."""
    cue_words, keywords = _tables()
    text = strip_markdown(inner).strip()
    label, sep, after = text.partition(":")
    kind = None
    if sep and len(label.split()) <= 4:
        key = _key(label)
        kind = _production_or(key, cue_words.get(key))
        if kind is not None and after.strip() and kind is not CueKind.NOTE:
            text = after.strip()
    if kind is None:
        first = _key(re.split(r"[-–—(,:]", text, maxsplit=1)[0])
        kind = _production_or(first, cue_words.get(first))
    if kind is None:
        phrases = _phrases(text)
        kind = next((k for words, k in keywords if not words.isdisjoint(phrases)), None)
    kind = kind or CueKind.NOTE
    seconds = None
    if kind is CueKind.PAUSE:
        m = _PAUSE_SECONDS.search(text)
        if m:
            seconds = float(m.group(1))
            text = text[:m.start()] + text[m.end():]
        else:
            t = find_time(f"({text})") or find_time(text)
            seconds = t.duration if t else None
        head = re.split(r"[-–—:,(]", text, maxsplit=1)[0]
        if cue_words.get(_key(head)) is CueKind.PAUSE:
            text = text[len(head):]
        text = re.sub(r"\s+([-–—:,])\s*[-–—:,]\s*", r" \1 ", text)
        text = re.sub(r"\s+", " ", text).strip(" -–—:,()")
    return kind, text, seconds


def bold_cue_label(inner: str) -> bool:
    """``Sound Effect: …`` / ``Intro Music (Upbeat)`` written as a bold line is a direction, not a heading."""
    cue_words = vocab().cue_words
    head = _key(_HEAD_END.split(inner, maxsplit=1)[0])
    if head in cue_words and cue_words[head] is not CueKind.NOTE:
        return True
    noisy = _noisy_words()
    return any(w in noisy for w in head.split()[:4])


def heard_kind(text: str) -> CueKind | None:
    """MUSIC or SOUND when a line names something heard ("Música de fondo suave", "Sound of a bell"),
    CUT when it only says how a sound ends ("Music fade out"); None for anything else."""
    phrases = _phrases(strip_markdown(text))
    heard = next((k for words, k in _tables()[1] if k in _HEARD and not words.isdisjoint(phrases)), None)
    if heard is None:
        return None
    kind = cue_from_direction(text)[0]
    return kind if kind in (*_HEARD, CueKind.CUT) else heard


_HEARD = (CueKind.MUSIC, CueKind.SOUND)


def mode_cue_kind(mode: str | None, text: str) -> CueKind:
    """The kind of a line inside a *Visual* / *On-screen text* / *Actions* part; a line of a *Visual*
    part that names something heard ("Background music, soft") is played, never drawn as a card."""
    if mode == "visual":
        return heard_kind(text) or CueKind.VISUAL
    return CueKind.SCREEN_TEXT if mode == "screen" else CueKind.NOTE


@lru_cache(maxsize=1)
def _noisy_words() -> frozenset[str]:
    """Words of music and sound cues: a bold line naming one is a direction ("Intro Music (Upbeat)")."""
    return frozenset(w for w, kind in vocab().cue_words.items() if kind in (CueKind.MUSIC, CueKind.SOUND))


_HEAD_END = re.compile(r"[:(\[]")


_WORDS = re.compile(r"[^\W_][\w'-]*")


def _phrases(text: str) -> set[str]:
    """The words of a direction and its two- and three-word phrases (lower case), for keyword lookups."""
    words = [w.casefold() for w in _WORDS.findall(text[:400])]
    found = set(words)
    for n in (2, 3):
        found.update(" ".join(words[k:k + n]) for k in range(len(words) - n + 1))
    return found


def _production_or(key: str, kind: CueKind | None) -> CueKind | None:
    """Directions for the crew (B-roll, camera, shot …) are notes: never a slide, never speech."""
    first = key.split(" ", 1)[0] if key else ""
    if key in vocab().production_cues or first in vocab().production_cues:
        return CueKind.NOTE
    return kind


def mode_of(title: str) -> str | None:
    return vocab().mode_labels.get(_key(title.strip(" :[]")))
