"""Which sound a sound cue plays: a named file, else a bundled effect chosen by keyword.

Order: the cue's explicit ``asset`` (``[sound: door](sounds/door.wav)``), looked up in the script's
``assets/sounds/``, its folder, then the bundled ``assets/sounds/`` (paths may not escape them); else
the first bundled effect whose keywords occur in the cue text (``[sound: a short "ding"]`` → chime).
A cue that matches nothing — or names a file that does not exist — has no sound: the build lists it as
missing on the console and in ``drift.txt`` (see pipeline/soundtrack.py), it is never dropped silently.
"""
from __future__ import annotations

import logging
import re
from pathlib import Path

from ..assets import find_asset
from ..errors import MediaError
from ..model import Cue, CueKind, Lecture
from ..paths import project_of
from .audio import OUT_RATE, load_audio_file, wav_duration

log = logging.getLogger(__name__)

# bundled effect → keywords (English first; a few common words of other languages)
KEYWORDS: tuple[tuple[str, str], ...] = (
    ("chime.wav", r"ding|dings|chime|chimes|bell|bells|ping|glocke|gong|campana|cloche|carillon"),
    ("whoosh.wav", r"whoosh|swoosh|swish|woosh|transition\s+sound|zisch"),
    ("applause.wav", r"applause|applauding|clapping|claps?|cheer(?:s|ing)?|beifall|applaus|aplausos?|applaudissements?"),
    ("keyboard.wav", r"keyboard|typing|types|keystrokes?|tastatur|tippen|teclado|tecleo|clavier"),
    ("page-turn.wav", r"page[\s-]*turn(?:ing)?|turning\s+(?:a\s+|the\s+)?pages?|pages?|paper|rustl\w*|seite|umbl\w*|página|papier"),
    ("rumble.wav", r"rumbl\w*|thunder\w*|earthquake|tremor|explosion|eruption|grondements?|tonnerre|séisme|"
                   r"éruption|trueno|terremoto|estruendo|erupción|donner\w*|grollen|beben|erdbeben|trovão|tuono"),
    ("click.wav", r"clicks?|clicking|mouse|clics?|klick\w*|maus|ratón|clique"),
)
_PATTERNS = tuple((name, re.compile(rf"\b(?:{words})\b", re.I | re.U)) for name, words in KEYWORDS)


def sound_asset(cue: Cue, lecture: Lecture) -> Path | None:
    """The file a sound cue plays, or None (unknown sound: reported as missing by the build)."""
    if cue.kind != CueKind.SOUND:
        return None
    project = project_of(lecture)
    if cue.asset:
        where = project.where(cue.source.start if cue.source else None)
        found = find_asset(cue.asset, project, "sounds", required=False, what="[sound] file", where=where)
        if found is None:
            log.debug("sound file %s of cue %r not found", cue.asset, cue.text)
        return found
    for name, pattern in _PATTERNS:
        if pattern.search(cue.text):
            return find_asset(name, project, "sounds", required=False, what="bundled sound")
    return None


def sound_seconds(path: str | Path) -> float:
    """Length of a sound file (WAV header, else decoded)."""
    try:
        return wav_duration(path)
    except Exception:  # not a WAV we can read the header of (MP3, OGG, …): decode it
        try:
            return load_audio_file(path, OUT_RATE).size / OUT_RATE
        except Exception as exc:
            raise MediaError(f"cannot read sound {path}: {exc}", hint="use a WAV, MP3 or OGG file") from exc
