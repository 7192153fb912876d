"""Text preparation: from a Segment's blocks to the utterances an engine speaks.

``prepare_segment(segment, lecture)`` returns one :class:`Utterance` per paragraph (split further at
inline pause directions).  Each utterance keeps

* ``display`` — the author's words (for captions): markdown, speaker labels and stage directions gone;
* ``text`` — what the engine says: lexicon applied, abbreviations, symbols and numbers expanded;
* ``sentences`` — the (display, text) pairs per sentence, synthesised and timed one by one;
* ``voice`` — the speaker's voice spec (front-matter ``voices:`` or ``auto:N``, see voices.py);
* ``pause_after`` — seconds of silence after it (pause cues, "(pause)", "[PAUSE - 2 seconds]").

Bullets and code are shown, not read, unless the block is ``spoken``.  Cues are never read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from ..model import Bullets, Code, Cue, CueKind, Lecture, Segment, Speech
from .lexicon import Lexicon, lecture_lexicon
from .textnorm import PAUSE_MARK, SOUND_PREFIX, clean_display, split_sentences, spoken_text
from .voices import lecture_speakers, voice_for_speaker

DEFAULT_PAUSE = 1.0


@dataclass(frozen=True)
class Utterance:
    speaker: str  # resolved speaker name (the lecture's narrator for unlabeled narration)
    voice: str  # voice spec, e.g. "piper:joe?length_scale=1.1" or "auto:1"
    text: str  # what the engine says
    display: str  # what captions show
    block_index: int  # index into segment.blocks
    pause_after: float = 0.0
    sentences: tuple[tuple[str, str], ...] = ()  # (display, text) per sentence
    sounds_after: tuple[str, ...] = ()  # inline sound directions after it ("sound of typing")


def _speaker_names(lecture: Lecture) -> set[str]:
    names = {lecture.meta.narrator.lower()}
    names.update(s.lower() for s in lecture_speakers(lecture))
    names.update(k.lower() for k, _ in lecture.meta.voices)
    return names


def _block_paragraphs(block: Speech | Bullets | Code) -> list[str]:
    if isinstance(block, Speech):
        return [p for p in re.split(r"\n\s*\n", block.text) if p.strip()]
    if isinstance(block, Bullets):
        items = []
        for item in block.items:  # each item its own sentence (and caption), capitalised
            t = item.text.strip()
            if t and t[-1] not in ".!?:;":
                t += "."
            if t[:1].islower() and not any(c.isupper() for c in t.split(" ")[0][1:]):  # not "iPhone"
                t = t[0].upper() + t[1:]
            items.append(t)
        return [" ".join(items)] if items else []
    lines = [ln.strip() for ln in block.text.splitlines() if ln.strip()]
    return [" ".join(ln if ln[-1] in ".!?" else ln + "." for ln in lines)] if lines else []


def _pieces(display: str) -> list[tuple[str, float, tuple[str, ...]]]:
    """Split display text at pause and sound marks → [(text, pause_after, sounds_after)]."""
    parts = display.split(PAUSE_MARK)
    out: list[tuple[str, float, tuple[str, ...]]] = []
    text = parts[0]
    for i in range(1, len(parts), 2):
        mark = parts[i]
        if mark.startswith(SOUND_PREFIX):
            out.append((text.strip(), 0.0, (mark[len(SOUND_PREFIX):],)))
        else:
            out.append((text.strip(), float(mark), ()))
        text = parts[i + 1] if i + 1 < len(parts) else ""
    out.append((text.strip(), 0.0, ()))
    return out


def prepare_text(text: str, lexicon: Lexicon, speakers: set[str] | None = None) -> list[tuple[str, str, float]]:
    """One paragraph → [(display, spoken, pause_after)] (split at inline pauses)."""
    display = clean_display(text, speakers or set())
    return [(d, " ".join(filter(None, (spoken_text(s, lexicon) for s in split_sentences(d)))), p)
            for d, p, _ in _pieces(display)]


def prepare_segment(segment: Segment, lecture: Lecture, *, lexicon: Lexicon | None = None) -> tuple[Utterance, ...]:
    """Utterances of ``segment`` in order; see the module docstring."""
    lex = lexicon if lexicon is not None else lecture_lexicon(lecture)
    names = _speaker_names(lecture)
    out: list[Utterance] = []
    pending_pause = 0.0  # a pause before the first utterance

    def add_pause(seconds: float) -> None:
        nonlocal pending_pause
        if out:
            out[-1] = replace(out[-1], pause_after=out[-1].pause_after + seconds)
        else:
            pending_pause += seconds

    def add_sounds(sounds: tuple[str, ...], speaker: str, voice: str, index: int) -> None:
        if out:
            out[-1] = replace(out[-1], sounds_after=out[-1].sounds_after + sounds)
        else:  # before anything is said: an utterance with nothing to say carries it
            out.append(Utterance(speaker, voice, "", "", index, 0.0, (), sounds))

    for index, block in enumerate(segment.blocks):
        if isinstance(block, Cue):
            if block.kind == CueKind.PAUSE:
                add_pause(block.seconds if block.seconds is not None else DEFAULT_PAUSE)
            continue
        if isinstance(block, (Bullets, Code)) and not block.spoken:
            continue
        speaker = getattr(block, "speaker", None) or lecture.meta.narrator
        voice = voice_for_speaker(lecture, speaker)
        for paragraph in _block_paragraphs(block):
            for display, pause, sounds in _pieces(clean_display(paragraph, names)):
                sentences = []
                for sentence in split_sentences(display):
                    said = spoken_text(sentence, lex, lecture.meta.language)
                    if said:
                        sentences.append((sentence, said))
                if sentences:
                    if pending_pause and not out:
                        out.append(Utterance(speaker, voice, "", "", index, pending_pause))
                        pending_pause = 0.0
                    out.append(Utterance(speaker, voice, " ".join(t for _, t in sentences),
                                         " ".join(d for d, _ in sentences), index, 0.0, tuple(sentences)))
                if pause:
                    add_pause(pause)
                if sounds:
                    add_sounds(sounds, speaker, voice, index)
    if pending_pause and not out:
        out.append(Utterance(lecture.meta.narrator, voice_for_speaker(lecture, lecture.meta.narrator), "", "",
                             0, pending_pause))
    return tuple(out)
