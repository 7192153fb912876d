"""Audio check: each built segment's WAV recognised offline and compared with the script's original
narration (:mod:`.wer`), plus what listening would catch (:mod:`.signal`)."""
from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Callable, Protocol

from ..model import Cue, CueKind, Lecture, Segment
from ..voice.audio import read_wav
from ..voice.lexicon import Lexicon, lecture_lexicon
from . import signal
from .records import AudioRow, WrongWord
from .timeline import Timeline
from .wer import Edit, align, join_compounds, normalise, reference_words

log = logging.getLogger(__name__)

MARKUP = ("asterisk", "hashtag", "hash sign", "bracket", "open paren", "close paren", "backtick", "underscore",
          "visuals of", "visual of", "appear on screen", "appears on screen", "on screen", "narrator", "intro music",
          "closing credits", "stage direction", "cut to", "fade in", "fade out", "sound effect")
_TOKEN = re.compile(r"[\w'’+-]+")
_PREFIXES = ("pre", "multi", "self", "auto", "non", "inter", "hyper")  # "pre-trained"; not re-/un-: "recurrent"
_MUSIC_SECONDS = 8.0  # a music cue leaves up to this much room in the voice track


class Transcriber(Protocol):
    def transcribe(self, wav: str | Path, language: str = "en") -> str: ...


def check_audio(lecture: Lecture, timeline: Timeline, recognizer: Transcriber,
                on_done: Callable[[int, int], None] | None = None) -> tuple[list[AudioRow], list[str]]:
    """One row per built segment with narration; notes for segments whose audio is missing."""
    lexicon = lecture_lexicon(lecture)
    rows: list[AudioRow] = []
    notes: list[str] = []
    segs = list(enumerate(lecture.segments, 1))
    for done, (number, seg) in enumerate(segs, 1):
        entry = timeline.segment(seg.id).get("audio", {})
        wav = timeline.out / entry["file"] if "file" in entry else None
        if seg.narration.strip() and (wav is None or not wav.is_file()):
            notes.append(f"segment {number} {seg.id!r}: no audio in {timeline.out} (build it with 'lecturecast video')")
        elif seg.narration.strip() and wav is not None:
            rows.append(check_segment(seg, number, wav, lecture, lexicon, recognizer, timeline))
        if on_done:
            on_done(done, len(segs))
    return rows, notes


def check_segment(seg: Segment, number: int, wav: Path, lecture: Lecture, lexicon: Lexicon,
                  recognizer: Transcriber, timeline: Timeline) -> AudioRow:
    heard = recognizer.transcribe(wav, lecture.meta.language)
    ref, hyp = join_compounds(reference_words(seg.narration), normalise(heard))
    errors, edits = align(ref, hyp)
    samples, rate = read_wav(wav)
    sig = signal.analyse(samples, rate, allowed_pause=_allowed_pause(seg))
    ref_text = " ".join(ref)
    markup = tuple(m for m in MARKUP if re.search(rf"\b{m}\b", heard, re.I) and m not in ref_text)
    line = seg.source.start if seg.source else None
    return AudioRow(timeline.where(seg, number, line), len(ref), errors, round(errors / max(1, len(ref)), 4),
                    heard, seg.narration, tuple(_wrong_words(edits, seg.narration, lexicon)), markup,
                    sig.silences, sig.clipped_samples, sig.abrupt_onsets, sig.lufs)


def _allowed_pause(seg: Segment) -> float:
    longest = 0.0
    for block in seg.blocks:
        if isinstance(block, Cue) and block.kind == CueKind.PAUSE:
            longest = max(longest, block.seconds or 1.0)
        elif isinstance(block, Cue) and block.kind in (CueKind.MUSIC, CueKind.SOUND):
            longest = max(longest, block.seconds or _MUSIC_SECONDS)
    return longest


def _originals(narration: str) -> dict[str, str]:
    """Normalised word → the script's spelling (first occurrence)."""
    out: dict[str, str] = {}
    for token in _TOKEN.findall(narration):
        words = normalise(token)
        if len(words) == 1:
            out.setdefault(words[0], token.strip("'’-"))
        elif words:
            out.setdefault("".join(words), token.strip("'’-"))
    return out


def _wrong_words(edits: list[Edit], narration: str, lexicon: Lexicon) -> list[WrongWord]:
    originals = _originals(narration)
    known = dict(lexicon.entries)
    out = []
    for edit in edits:
        said = " ".join(originals.get(w, w) for w in edit.said)
        term = max((originals.get(w, w) for w in edit.said), key=len, default="")
        out.append(WrongWord(said, " ".join(edit.heard), suggest_entry(term, known) if edit.said else None))
    return out


def suggest_entry(term: str, known: dict[str, str]) -> str | None:
    """A lexicon line (``TERM: how to say it``) that may help the engine say ``term``."""
    base = re.sub(r"(?:'s|’s|s)$", "", term) if re.search(r"[A-Z].*(?:s|'s)$", term) else term
    if not base or not re.search(r"[A-Za-z]", base) or base.isdigit():
        return None
    if base in known:
        return f"{base}: {known[base]}  (already in the lexicon: respell it)"
    if re.fullmatch(r"[A-Z]{2,6}", base):
        return f"{base}: {' '.join(base)}"
    if re.search(r"[a-z][A-Z]|[A-Z]{2}[a-z]", base):  # SwiGLU, RoPE, ResNet
        chunks = re.findall(r"[A-Z]{2,}(?=[A-Z][a-z]|\b|$)|[A-Z]?[a-z]+|[A-Z]", base)
        said = " ".join(c if c.islower() or len(c) > 1 and not c.isupper() else " ".join(c) for c in chunks)
        return f"{base}: {said.lower() if said.islower() else said}"
    low = base.lower()
    for prefix in _PREFIXES:
        if low.startswith(prefix) and len(low) - len(prefix) >= 4:
            return f"{base}: {base[:len(prefix)]}-{base[len(prefix):]}"
    return None
