"""Recognisers for speakers, cues, metadata labels, chatter and appendix headings."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ...model import CueKind
from .lines import CLOCK_LINE, duration_seconds, strip_markdown

NAME = r"[^\W\d_][\w.'’ -]{0,34}?"
_BOLD_BRACKET_NAME = re.compile(r"^\*\*\[(" + NAME + r")\]:[ \t]*+([^*]*+)\*\*:?[ \t]*(.*)$")
_BOLD = re.compile(r"^\*\*\[?(" + NAME + r")\]?(?::\*\*|\*\*:)[ \t]*(.*)$")
_BRACKET = re.compile(r"^\[(" + NAME + r")\][ \t]*:[ \t]*(.*)$")
_PLAIN = re.compile(r"^(" + NAME + r"):(?:[ \t]+(.*)|$)")
_NAME_NOTE = re.compile(r"^\[[^\]]{1,60}\]:?$")

NARRATOR_ROLES = {"narrator", "narration", "voiceover", "voice-over", "voice over", "vo", "v.o.", "narrador",
                  "narradora", "narración", "narracion", "locutor", "locutora", "voz en off"}
ROLES = NARRATOR_ROLES | {
    "host", "co-host", "cohost", "guest", "interviewer", "interviewee", "speaker", "presenter", "teacher",
    "professor", "instructor", "student", "moderator", "expert", "announcer", "reporter", "anchor", "lecturer",
    "presentador", "presentadora", "invitado", "invitada", "entrevistador", "profesor", "profesora", "estudiante",
    "alumno", "alumna", "host 1", "host 2", "guest 1", "guest 2", "speaker 1", "speaker 2", "speaker a", "speaker b"}
META_LABELS = {
    "duration", "title", "video title", "episode title", "episode", "author", "date", "format", "platform",
    "target audience", "audience", "purpose", "total videos", "project", "resolution", "frame rate", "scene id",
    "video file", "audio file", "last updated", "changes", "status", "version", "length", "tone", "style",
    "delivery", "setting", "word count", "total duration", "target duration", "runtime", "objective", "goal",
    "duración", "audiencia", "objetivo", "fecha", "autor", "formato", "subject", "keywords", "tags",
    "estimated time", "time", "draft", "podcast title", "show title", "podcast", "show", "segment title", "video duration", "nueva duración total"}
# bold labels LLM answers put over lists ("**Advantages:**"): topics, never people who speak
TOPIC_LABELS = {
    "advantages", "disadvantages", "pros", "cons", "benefits", "drawbacks", "limitations", "strengths",
    "weaknesses", "challenges", "applications", "examples", "example", "summary", "conclusion", "key points",
    "key takeaways", "takeaways", "overview", "introduction", "components", "how it works", "features",
    "use cases", "future directions", "recap", "definition", "key characteristics", "key technologies",
    "real-world applications", "ventajas", "desventajas", "resumen", "conclusión", "ejemplos"}
CUE_WORDS = {  # label (first words of a bracket/bold direction) → kind
    "pause": CueKind.PAUSE, "beat": CueKind.PAUSE, "silence": CueKind.PAUSE, "pausa": CueKind.PAUSE,
    "music": CueKind.MUSIC, "theme music": CueKind.MUSIC, "intro music": CueKind.MUSIC, "outro music": CueKind.MUSIC,
    "closing music": CueKind.MUSIC, "music transition": CueKind.MUSIC, "jingle": CueKind.MUSIC, "música": CueKind.MUSIC,
    "break": CueKind.MUSIC, "sound": CueKind.SOUND, "sound effect": CueKind.SOUND, "sound effects": CueKind.SOUND,
    "sfx": CueKind.SOUND, "effect": CueKind.SOUND, "sonido": CueKind.SOUND, "cut": CueKind.CUT,
    "transition": CueKind.CUT, "fade": CueKind.CUT, "transición": CueKind.CUT, "card": CueKind.SCREEN_TEXT,
    "text on screen": CueKind.SCREEN_TEXT, "on-screen text": CueKind.SCREEN_TEXT, "on screen text": CueKind.SCREEN_TEXT,
    "caption": CueKind.SCREEN_TEXT, "title card": CueKind.SCREEN_TEXT, "lower third": CueKind.SCREEN_TEXT,
    "texto en pantalla": CueKind.SCREEN_TEXT, "visual": CueKind.VISUAL, "visuals": CueKind.VISUAL,
    "screen": CueKind.VISUAL, "b-roll": CueKind.VISUAL, "broll": CueKind.VISUAL, "animation": CueKind.VISUAL,
    "diagram": CueKind.VISUAL, "image": CueKind.VISUAL, "slide": CueKind.VISUAL, "graphic": CueKind.VISUAL,
    "graphics": CueKind.VISUAL, "video": CueKind.VISUAL, "pantalla": CueKind.VISUAL, "imagen": CueKind.VISUAL,
    "action": CueKind.NOTE, "notes": CueKind.NOTE, "note": CueKind.NOTE, "director": CueKind.NOTE,
}
_KEYWORDS = (  # fallback: keyword anywhere in the direction
    (re.compile(r"^(?:cut|transition|fade|wipe|dissolve)\b", re.I), CueKind.CUT),
    (re.compile(r"\b(?:pause|silence|pausa)\b", re.I), CueKind.PAUSE),
    (re.compile(r"\b(?:music|theme song|jingle|tune|música)\b", re.I), CueKind.MUSIC),
    (re.compile(r"\b(?:sound|sfx|applause|laugh\w*|chime|ding|whoosh|sonido)\b", re.I), CueKind.SOUND),
    (re.compile(r"\b(?:text on screen|on-screen text|caption|title card|lower third)\b", re.I), CueKind.SCREEN_TEXT),
    (re.compile(r"\b(?:visuals?|screen|b-roll|animation|diagram|image|shows?|appears?|zoom|slide|graphic|"
                r"footage|credits|pantalla|imagen|illustrat\w*)\b", re.I), CueKind.VISUAL),
)
_PAUSE_SECONDS = re.compile(r"(?<!\d)(\d++(?:\.\d++)?)[ \t]*+(?:s|sec|secs|seconds?|segundos?)\b", re.I)
CHATTER = re.compile(
    r"^(?:I hope\b|I apologi[sz]e|Here is\b|Here's\b|Here are\b|Sure[,!.]|Certainly[,!.]|Of course[,!.]|"
    r"Absolutely[,!.]|Let's break down\b|Let me know\b|Feel free\b|If you'd like\b|If you have any\b|"
    r"Would you like\b|Do you want\b|I've (?:rewritten|created|written|revised)\b|Below is\b|Great question|"
    r"¿Necesitas|¿Quieres|Espero que|Aquí (?:tienes|está))", re.IGNORECASE)
APPENDIX = re.compile(
    r"\b(?:notes?|tips|checklist|version history|change ?log|script history|production|requirements|"
    r"specifications|^next steps$|assets|metrics|adaptations|audio files|technical implementation|index|índice|"
    r"contents|template|resources|recursos|notas|sugerencias|público objetivo|equipment|post-production|"
    r"ready-to-paste|checklist|grabación|success)\b", re.IGNORECASE)
REFERENCES = re.compile(r"^(?:references?|sources|bibliography|further reading|citations|works cited|referencias|"
                        r"fuentes|bibliografía)$", re.IGNORECASE)
MODE_LABELS = {  # label headings / bold labels that switch what the following lines are
    "narration": "speech", "narración": "speech", "narracion": "speech", "script": "speech", "voiceover": "speech",
    "voice-over": "speech", "dialogue": "speech", "guion": "speech",
    "visual": "visual", "visuals": "visual", "visual requirements": "visual", "visual elements": "visual",
    "on-screen text": "screen", "on screen text": "screen", "text on screen": "screen", "screen": "visual",
    "recording": "note", "actions": "note", "action": "note", "technical notes": "note", "b-roll": "visual",
    "audio": "note",
}


@dataclass(frozen=True)
class Label:
    name: str  # as written (clean)
    rest: str  # text after the label on the same line ('' when the label stands alone)
    form: str  # bold | bracket | plain


_WS = re.compile(r"\s+")


@lru_cache(maxsize=8192)
def _key(name: str) -> str:
    return _WS.sub(" ", name.strip().strip("[]*_ ").casefold())


def find_label(line: str) -> Label | None:
    """Split ``**Name:** text`` / ``[Name]: text`` / ``Name: text`` (whatever Name means)."""
    s = line.strip()
    if ":" not in s:
        return None
    m = _BOLD_BRACKET_NAME.match(s)
    if m and (m.group(2).strip() == "" or m.group(3).strip() == ""):
        return Label(m.group(1).strip(), m.group(3).strip(), "bold")
    for pattern, form in ((_BOLD, "bold"), (_BRACKET, "bracket"), (_PLAIN, "plain")):
        m = pattern.match(s)
        if m:
            name = m.group(1).strip().strip("*")
            rest = (m.group(2) or "").strip()
            if _NAME_NOTE.match(rest):  # **Guest:** [Dr. Emma Taylor]:
                rest = ""
            if not name or len(name.split()) > 4 or CLOCK_LINE.match(name):
                return None
            return Label(name, rest, form)
    return None


def role_of(name: str) -> str | None:
    key = _key(name)
    key = re.sub(r"^the ", "", key)
    if key in ROLES:
        return key
    return None


def is_narrator(name: str, narrator: str = "Narrator") -> bool:
    key = _key(name)
    return key in NARRATOR_ROLES or key == narrator.casefold()


def is_meta_label(name: str) -> bool:
    return _key(name) in META_LABELS


def looks_like_person(name: str) -> bool:
    words = name.split()
    if not 1 <= len(words) <= 3 or words[0].casefold() in ("the", "a", "an", "el", "la", "los", "las"):
        return False
    return all(w[:1].isupper() for w in words if w[:1].isalpha()) and not any(ch.isdigit() for ch in name)


def speaker_name(name: str) -> str:
    """Display name for a label: roles get title case ('NARRATOR' → 'Narrator'); names stay."""
    name = re.sub(r"\s+", " ", name.strip().strip("[]*_ -"))
    return name.title() if role_of(name) or name.isupper() else name


def cue_from_direction(inner: str) -> tuple[CueKind, str, float | None]:
    """Kind, text and seconds of a stage direction's inner text ("Sound Effect: a door creaks")."""
    text = strip_markdown(inner).strip()
    label, sep, after = text.partition(":")
    kind = None
    if sep and len(label.split()) <= 4:
        key = _key(label)
        kind = CUE_WORDS.get(key)
        if kind is not None and after.strip() and kind is not CueKind.NOTE:
            text = after.strip()
    if kind is None:
        first = _key(re.split(r"[-–—(,:]", text, maxsplit=1)[0])
        kind = CUE_WORDS.get(first)
    if kind is None:
        for pattern, k in _KEYWORDS:
            if pattern.search(text):
                kind = k
                break
    kind = kind or CueKind.NOTE
    seconds = None
    if kind is CueKind.PAUSE:
        m = _PAUSE_SECONDS.search(text)
        if m:
            seconds = float(m.group(1))
            text = text[:m.start()] + text[m.end():]
        else:
            seconds = duration_seconds(text)
        text = re.sub(r"^\s*(?:pause|pausa|beat|silence)\b", "", text, flags=re.IGNORECASE)
        text = re.sub(r"\s+([-–—:,])\s*[-–—:,]\s*", r" \1 ", text)
        text = re.sub(r"\s+", " ", text).strip(" -–—:,()")
    return kind, text, seconds


def bold_cue_label(inner: str) -> bool:
    """``Sound Effect: …`` / ``Intro Music (Upbeat)`` written as a bold line is a direction, not a heading."""
    head = _key(re.split(r"[:(\[]", inner, maxsplit=1)[0])
    if head in CUE_WORDS and CUE_WORDS[head] is not CueKind.NOTE:
        return True
    words = head.split()[:4]
    return any(w in ("music", "sound", "sounds", "effect", "effects", "sfx", "transition", "jingle") for w in words)


def mode_of(title: str) -> str | None:
    return MODE_LABELS.get(_key(title.strip(" :[]")))
