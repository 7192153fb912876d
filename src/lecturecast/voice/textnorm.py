"""Low-level text clean-up for narration: markdown, stage directions, labels, symbols.

Two outputs are produced from each paragraph: the *display* text (the author's words, for captions:
markdown, labels and directions removed, numbers and terms untouched) and the *spoken* text (what the
engine gets: lexicon applied, abbreviations and symbols expanded, numbers as words).
"""
from __future__ import annotations

import re
import unicodedata

from .lexicon import Lexicon
from .numbers import normalize_numbers_for

COMMON_LABELS = {
    "narrator", "host", "guest", "speaker", "voiceover", "voice over", "voice-over", "vo", "v.o.", "presenter",
    "instructor", "teacher", "lecturer", "interviewer", "interviewee", "moderator", "professor", "student",
    "co-host", "cohost", "announcer", "expert", "student 1", "student 2", "speaker 1", "speaker 2", "speaker 3",
    "host 1", "host 2", "person a", "person b",
}

_DIRECTION_WORDS = (
    r"visuals?|music|sound|sfx|cut|transition|pause|beat|on[- ]screen|screen|shows?|showing|display(?:s|ed)?"
    r"|animation|animated|b-?roll|cue|camera|laugh(?:s|ing)?|chuckl(?:e|es|ing)|smil(?:e|es|ing)|sigh(?:s)?"
    r"|applause|clos(?:e|ing) credits|opening credits|credits|intro|outro|fade(?:s|d)?|graphic(?:s)?|slide"
    r"|image|diagram|footage|clip|title card|card|text|lower third|zoom(?:s)?|pan(?:s)?|scene|montage"
    r"|theme|jingle|background|ambient|upbeat|soft|dramatic|cheerful|excited(?:ly)?|enthusiastic(?:ally)?"
    r"|whisper(?:s|ing)?|pointing|points|gestur(?:e|es|ing)|turns|looks|nods|holds|off-?screen|voice ?over"
    r"|v\.?o\.?|narrator|host|guest|insert|overlay|illustration|chart|graph|video|audio|pic(?:ture)?"
    r"|\d+(?:\.\d+)?\s*(?:s|sec|secs|seconds?|min|minutes?)\b|\d+:\d{2}"
)
_DIRECTION_START = re.compile(rf"^\s*(?:{_DIRECTION_WORDS})\b", re.IGNORECASE)
_DIRECTION_ANYWHERE = re.compile(
    r"\b(?:appears?|appearing|fades?|plays?|playing|shown|displayed|on[- ]screen|cuts? to|transition(?:s)? to)\b",
    re.IGNORECASE)
_PAUSE = re.compile(r"^\s*(?:pause|beat|silence|short pause|long pause|brief pause)\b|\bpause\s*$", re.IGNORECASE)
_SECONDS = re.compile(r"(\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)\b", re.IGNORECASE)

PAUSE_MARK = "\u2063"  # invisible separator used internally to split text at pause directions
SOUND_PREFIX = "sound:"  # PAUSE_MARK + SOUND_PREFIX + text + PAUSE_MARK: an inline sound cue
_INLINE_SOUND = re.compile(r"^\s*(?:sound(?:\s+effects?)?|sfx)\b", re.IGNORECASE)


def is_direction(inner: str, square: bool) -> bool:
    """Is the text inside (…) / […] a stage direction rather than words to say?"""
    inner = inner.strip().strip("*_ ")
    if not inner:
        return True
    if square:
        return True  # [Intro music plays], [1], [sic], [Cut to …]: never read
    if _DIRECTION_START.match(inner) or _PAUSE.search(inner):
        return True
    letters = re.sub(r"[^A-Za-z]", "", inner)
    if " " in inner.strip() and letters and letters.isupper():
        return True  # (CUT TO BLACK)
    # long descriptive parenthetical mentioning screen events: "(the diagram appears …)"
    return len(inner.split()) >= 3 and bool(_DIRECTION_ANYWHERE.search(inner))


def pause_seconds(inner: str) -> float | None:
    """Seconds for a pause direction ("pause - 2 seconds" → 2.0, "beat" → 0.5), None if not a pause."""
    if not _PAUSE.search(inner):
        return None
    m = _SECONDS.search(inner)
    if m:
        return float(m.group(1))
    return 0.5 if re.match(r"\s*beat", inner, re.I) else 1.0


_BRACKETED = re.compile(r"\*?\((?P<p>[^()]*)\)\*?|\*?\[(?P<s>[^\[\]]*)\]\*?")


def strip_directions(text: str) -> str:
    """Remove stage directions; pause directions become PAUSE_MARK + seconds + PAUSE_MARK, sound
    directions PAUSE_MARK + "sound:" + text + PAUSE_MARK."""
    def repl(m: re.Match[str]) -> str:
        square = m.group("s") is not None
        inner = m.group("s") if square else m.group("p")
        secs = pause_seconds(inner)
        if secs is not None:
            return f" {PAUSE_MARK}{secs:g}{PAUSE_MARK} "
        if _INLINE_SOUND.match(inner):  # "(sound of typing)": played where it is written
            return f" {PAUSE_MARK}{SOUND_PREFIX}{inner.strip().replace(PAUSE_MARK, '')}{PAUSE_MARK} "
        if is_direction(inner, square):
            return " "
        return m.group(0)

    prev = None
    while prev != text:  # nested brackets: innermost first
        prev, text = text, _BRACKETED.sub(repl, text)
    return text


def strip_markdown(text: str) -> str:
    text = re.sub(r"```.*?```", " ", text, flags=re.S)
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", " ", text)  # images
    text = re.sub(r"\[([^\]]+)\]\((?:[^)]*)\)", r"\1", text)  # links keep their text
    text = re.sub(r"`([^`]*)`", r"\1", text)
    text = re.sub(r"<[^>\n]{1,80}>", " ", text)  # html tags
    text = re.sub(r"^\s{0,3}#{1,6}\s+", "", text, flags=re.M)
    text = re.sub(r"^\s*>+\s?", "", text, flags=re.M)
    text = re.sub(r"^\s*(?:[-*+•]|\d+[.)])\s+", "", text, flags=re.M)  # list markers
    text = re.sub(r"(\*\*|__)(.+?)\1", r"\2", text, flags=re.S)
    text = re.sub(r"(?<![\w*])\*(?!\s)([^*\n]+?)(?<!\s)\*(?![\w*])", r"\1", text)
    text = re.sub(r"(?<![\w])_(?!\s)([^_\n]+?)(?<!\s)_(?![\w])", r"\1", text)
    text = re.sub(r"~~(.+?)~~", r"\1", text)
    text = text.replace("**", "").replace("__", "")
    text = re.sub(r"(?<!\w)\*+|\*+(?!\w)", "", text)  # stray asterisks
    text = re.sub(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", "", text, flags=re.M)  # rules
    return text


_LABEL = re.compile(
    r"^\s*(?:\*\*|__)?(?P<name>[A-Za-z][\w .'’-]{0,38}?)(?:\s*\((?:[^()]{0,20})\))?(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s*")


def strip_label(text: str, speakers: set[str]) -> str:
    """Remove a leading "Narrator:" / "**Host:**" / "GUEST (V.O.):" label of a known speaker."""
    def one(line: str) -> str:
        m = _LABEL.match(line)
        if m and (m.group("name").strip().lower() in speakers or m.group("name").strip().lower() in COMMON_LABELS):
            return line[m.end():]
        return line
    return "\n".join(one(line) for line in text.split("\n"))


def clean_display(text: str, speakers: set[str]) -> str:
    """The author's words as shown in captions (still contains PAUSE_MARKs)."""
    text = strip_markdown(text)
    text = strip_label(text, speakers)
    text = strip_directions(text)
    text = strip_label(text, speakers)  # a label after a leading direction
    text = re.sub(r"[ \t]*\n[ \t]*", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    # quotes wrapping the whole turn ("Narrator: "…"") are not words
    if text[:1] in "\"“”" and text.count(text[0]) + text.count("”") in (1, 2):
        text = text[1:].lstrip()
    if text[-1:] in "\"“”" and (text.count("\"") + text.count("“") + text.count("”")) % 2 == 1:
        text = text[:-1].rstrip()
    if len(text) > 1 and text[0] in "\"“" and text[-1] in "\"”" and not re.search(r"[\"“”]", text[1:-1]):
        text = text[1:-1].strip()
    return text


_ABBREV = [
    (r"\be\.\s?g\.(?=\s*$)", "for example."), (r"\be\.\s?g\.,?", "for example,"),
    (r"\bi\.\s?e\.(?=\s*$)", "that is."), (r"\bi\.\s?e\.,?", "that is,"),
    (r"\betc\.(?=\s*$)", "et cetera."), (r"\betc\.", "et cetera"),
    (r"\bet al\.(?=\s*$)", "and colleagues."), (r"\bet al\.?", "and colleagues"),
    (r"\bvs\.?(?=\s)", "versus"), (r"\bv\.(?=\s)", "versus"), (r"\ba\.k\.a\.", "also known as"),
    (r"\bcf\.", "compare"), (r"\bca\.(?=\s*\d)", "circa"), (r"\bapprox\.", "approximately"),
    (r"\bDr\.(?=\s)", "Doctor"), (r"\bMr\.(?=\s)", "Mister"), (r"\bMrs\.(?=\s)", "Missus"),
    (r"\bMs\.(?=\s)", "Miz"), (r"\bProf\.(?=\s)", "Professor"), (r"\bSt\.(?=\s[A-Z])", "Saint"),
    (r"\bFig\.(?=\s)", "Figure"), (r"\bNo\.(?=\s?\d)", "number"), (r"\bw/o\b", "without"),
    (r"\bw/(?=\s)", "with"), (r"\bU\.S\.(?=\s*$)", "U S."), (r"\bU\.S\.", "U S"),
    (r"\bU\.K\.", "U K"), (r"\bPh\.D\.", "P h D"), (r"\bAI/ML\b", "A I and M L"),
]
_ABBREV_RE = [(re.compile(p), s) for p, s in _ABBREV]

_SYMBOLS = [
    (r"\s*&\s*", " and "), (r"(?<=\d)\s*\+\s*(?=\d)", " plus "), (r"\s*\+\s*", " plus "),
    (r"\s*(?:->|→|=>)\s*", " to "), (r"\s*(?:<-|←)\s*", " from "), (r"\s*(?:<=|≤)\s*", " less than or equal to "),
    (r"\s*(?:>=|≥)\s*", " greater than or equal to "), (r"\s*(?:!=|≠)\s*", " not equal to "),
    (r"\s*==?\s*", " equals "), (r"(?<=\s)<(?=\s)", "less than"), (r"(?<=\s)>(?=\s)", "greater than"),
    (r"~\s*(?=\d)", "about "), (r"≈\s*", "about "), (r"(?<=\w)@(?=\w)", " at "), (r"#(?=\d)", "number "),
    (r"±", " plus or minus "), (r"×", " times "), (r"°C\b", " degrees Celsius"), (r"°F\b", " degrees Fahrenheit"),
    (r"°", " degrees"), (r"(?<=\d)\s*\^\s*(?=\d)", " to the power of "), (r"\band/or\b", "and or"), (r"(?<=[a-z])/(?=[a-z])", " or "),
    (r"\bhttps?://(?:www\.)?([\w.-]+)\S*", r"\1"), (r"(?<=\w)\.(?=(?:com|org|net|io|ai|edu|dev)\b)", " dot "),
    (r"(?<=\s)/(?=\s)|/", " "),
]
_SYMBOLS_RE = [(re.compile(p), s) for p, s in _SYMBOLS]
# language-neutral clean-up (also for non-English lectures, where English words must not appear)
_NEUTRAL = [
    (r"\bhttps?://(?:www\.)?([\w.-]+)\S*", r"\1"),
    (r"\s*[—–]\s*", ", "), (r"…", "..."), (r"[|•·]", ", "), (r"[\"“”«»]", ""), (r"[`*_^\\{}<>\[\]#~]", " "),
    (r"(?<=\s)/(?=\s)|/", " "),
]
_NEUTRAL_RE = [(re.compile(p), s) for p, s in _NEUTRAL]


def spoken_text(display: str, lexicon: Lexicon, language: str = "en") -> str:
    """What the engine says for a display sentence.

    Numbers become words of the lecture's language (see :func:`.numbers.normalize_numbers_for`);
    abbreviations and symbols become English words only for English lectures; for other languages
    only markup and pictographs are removed."""
    english = language.lower().startswith("en")
    text = lexicon.apply(display)
    for pat, sub in _ABBREV_RE if english else ():
        text = pat.sub(sub, text)
    # parenthetical asides are read with a little breath instead of "open bracket"
    text = re.sub(r"\s*\(\s*", ", ", text)
    text = re.sub(r"\s*\)\s*(?=[,.;:!?])", "", text)
    text = re.sub(r"\s*\)\s*", ", ", text)
    text = normalize_numbers_for(text, language)  # English rules, num2words for other languages
    for pat, sub in (_SYMBOLS_RE + _NEUTRAL_RE) if english else _NEUTRAL_RE:
        text = pat.sub(sub, text)
    # emoji, arrows and other pictographs are shown, never read ("rocket", "check mark")
    text = "".join(" " if unicodedata.category(c) in ("So", "Sk", "Co", "Cs", "Cn") else c for c in text)
    text = re.sub(r"\s+", " ", text).strip()
    text = re.sub(r"\s+([,.;:!?])", r"\1", text)
    text = re.sub(r",(?:\s*,)+", ",", text)
    text = re.sub(r"([.!?;:]),", r"\1", text)
    text = re.sub(r"^[,;:.\s]+", "", text)
    text = re.sub(r",\s*([.!?])$", r"\1", text).strip()
    if text and text[-1] not in ".!?":
        text = text.rstrip(",;:") + "."
    return text if re.search(r"\w", text) else ""


_ABBR_NOSPLIT = re.compile(
    r"(?:\b(?:Dr|Mr|Mrs|Ms|Prof|St|vs|Fig|No|approx|cf|ca|al|e\.g|i\.e|[A-Z])\.|\b(?:[A-Z]\.){2,})$")


def split_sentences(text: str) -> list[str]:
    """Split display text into sentences (not after "Dr.", "e.g.", "et al.", initials, decimals)."""
    parts = re.split(r"(?<=[.!?…])([\"”’)]*)\s+(?=[\"“(]?[A-Z0-9])", text)
    # re.split with a group returns [s0, closing0, s1, closing1, ...]
    chunks = [parts[i] + (parts[i + 1] if i + 1 < len(parts) else "") for i in range(0, len(parts), 2)]
    out: list[str] = []
    for chunk in chunks:
        chunk = chunk.strip()
        if not chunk:
            continue
        if out and _ABBR_NOSPLIT.search(out[-1]):
            out[-1] = f"{out[-1]} {chunk}"
        else:
            out.append(chunk)
    return out
