"""The immutable lecture model: Lecture → Section → Segment → blocks.

Every stage (slides, voice, video, build) reads this model and nothing else of the script.

* A :class:`Segment` is the unit of timing, synthesis, caching and rebuilding.  It has a stable
  ``id`` (written into the canonical script so edits elsewhere never change it), an optional planned
  ``clock`` (seconds from the lecture start, as the author wrote it), and an ordered tuple of
  ``blocks``.
* Blocks keep document order, so a visual cue between two narration paragraphs is anchored to the
  narration that follows it (the video changes slide exactly there).

  - :class:`Speech`  — one paragraph a speaker says (text is clean narration: no markdown, no label)
  - :class:`Bullets` — a bullet list; ``spoken`` when the author put it inside a speaker's turn
  - :class:`Code`    — a code block (shown, never read aloud unless ``spoken``)
  - :class:`Cue`     — a stage direction: visual / music / sound / cut / screen text / pause / note

All classes are frozen dataclasses holding tuples, so a Lecture is hashable-by-value and safe to
share between threads and processes.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from enum import Enum
from typing import Iterator, Union


class CueKind(str, Enum):
    VISUAL = "visual"  # "(Visuals of LSTM layers appear on screen)", [Screen: …], [B-ROLL: …]
    MUSIC = "music"  # "[Intro music plays]", [Theme Music: …]
    SOUND = "sound"  # [Sound Effect: …]
    CUT = "cut"  # "[Cut to animation illustrating …]", [Transition …]
    SCREEN_TEXT = "screen"  # [Text on screen: …], [CARD: "…"]: words shown, not said
    PAUSE = "pause"  # [PAUSE - 2 seconds], (pause)
    NOTE = "note"  # any other direction for the producer (never spoken, shown in notes)

    def __str__(self) -> str:  # pragma: no cover - trivial
        return self.value


@dataclass(frozen=True)
class SourceSpan:
    """1-based inclusive line range in the file the element was read from."""

    start: int
    end: int

    def __post_init__(self) -> None:
        if self.start < 1 or self.end < self.start:
            raise ValueError(f"bad source span {self.start}-{self.end}")


@dataclass(frozen=True)
class Speech:
    text: str
    speaker: str | None = None  # None: the lecture's default narrator
    source: SourceSpan | None = field(default=None, compare=False)


@dataclass(frozen=True)
class BulletItem:
    text: str
    level: int = 0  # 0 = top level


@dataclass(frozen=True)
class Bullets:
    items: tuple[BulletItem, ...]
    spoken: bool = False  # True when the list is part of what a speaker says
    ordered: bool = False
    speaker: str | None = None
    source: SourceSpan | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Code:
    text: str
    language: str | None = None
    spoken: bool = False
    source: SourceSpan | None = field(default=None, compare=False)


@dataclass(frozen=True)
class Cue:
    kind: CueKind
    text: str
    asset: str | None = None  # explicit asset reference (relative to the script / assets dir)
    seconds: float | None = None  # pause length, or a cue's own duration
    source: SourceSpan | None = field(default=None, compare=False)


Block = Union[Speech, Bullets, Code, Cue]

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


DEFAULT_WPM = 150  # speaking rate (words per minute) when the front matter names none


def estimate_seconds(words: int, wpm: int = DEFAULT_WPM) -> float:
    """How long ``words`` take to say at ``wpm`` words per minute (lint estimates, plan timings)."""
    if wpm <= 0:
        raise ValueError("speaking rate must be positive")
    return words * 60.0 / wpm


def words_that_fit(seconds: float, wpm: int = DEFAULT_WPM) -> int:
    """How many words can be said in ``seconds`` at ``wpm`` words per minute."""
    return int(seconds * wpm / 60.0)


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Segment:
    id: str
    blocks: tuple[Block, ...] = ()
    title: str | None = None
    clock: float | None = None  # planned start, seconds from lecture start
    duration: float | None = None  # planned length when the author gave one ("(30 seconds)", ranges)
    source: SourceSpan | None = field(default=None, compare=False)

    # -- convenient typed views -------------------------------------------------------------
    @property
    def speeches(self) -> tuple[Speech, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Speech))

    @property
    def cues(self) -> tuple[Cue, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Cue))

    @property
    def bullets(self) -> tuple[Bullets, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Bullets))

    @property
    def code(self) -> tuple[Code, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Code))

    @property
    def speaker(self) -> str | None:
        """The first named speaker of the segment (None: default narrator only)."""
        for block in self.blocks:
            if isinstance(block, (Speech, Bullets)) and block.speaker:
                return block.speaker
        return None

    @property
    def speakers(self) -> tuple[str | None, ...]:
        seen: list[str | None] = []
        for block in self.spoken_blocks():
            speaker = getattr(block, "speaker", None)  # spoken Code carries no speaker
            if speaker not in seen:
                seen.append(speaker)
        return tuple(seen)

    def spoken_blocks(self) -> Iterator[Speech | Bullets | Code]:
        """Blocks whose words are read aloud, in order."""
        for block in self.blocks:
            if isinstance(block, Speech) or (isinstance(block, (Bullets, Code)) and block.spoken):
                yield block

    @property
    def narration(self) -> str:
        """All spoken words as plain text (paragraphs separated by blank lines)."""
        parts: list[str] = []
        for block in self.spoken_blocks():
            if isinstance(block, Speech):
                parts.append(block.text)
            elif isinstance(block, Bullets):
                parts.append("\n".join(item.text for item in block.items))
            else:
                parts.append(block.text)
        return "\n\n".join(parts)

    @property
    def words(self) -> int:
        return count_words(self.narration)


@dataclass(frozen=True)
class Section:
    title: str
    segments: tuple[Segment, ...] = ()
    source: SourceSpan | None = field(default=None, compare=False)

    @property
    def clock(self) -> float | None:
        return self.segments[0].clock if self.segments else None


@dataclass(frozen=True)
class Meta:
    """Front-matter settings.  Unknown keys are kept in ``extra`` (sorted key/value pairs)."""

    title: str = "Untitled lecture"
    subtitle: str | None = None
    author: str | None = None
    date: str | None = None
    language: str = "en"
    narrator: str = "Narrator"  # name used for unlabeled narration
    voices: tuple[tuple[str, str], ...] = ()  # speaker -> voice spec, e.g. ("Host", "piper:joe?speed=1.05")
    lexicon: tuple[tuple[str, str], ...] = ()  # term -> how to say it
    lexicon_files: tuple[str, ...] = ()  # extra YAML lexicons (course-wide), relative to the script
    theme: str | None = None  # "default", a theme name, or a path to a .pptx template / theme.yaml
    rate_wpm: int = DEFAULT_WPM
    timing: str = "natural"  # "natural" | "script"
    max_speedup: float = 1.15  # script policy: voice may be sped up to this factor before shifting
    music: tuple[tuple[str, str], ...] = ()  # cue keyword -> asset path
    templates: str | None = None  # folder overriding assets/templates
    extra: tuple[tuple[str, str], ...] = ()

    def voice_for(self, speaker: str | None) -> str | None:
        name = speaker or self.narrator
        return dict(self.voices).get(name)

    @property
    def lexicon_map(self) -> dict[str, str]:
        return dict(self.lexicon)


@dataclass(frozen=True)
class Lecture:
    meta: Meta
    sections: tuple[Section, ...] = ()
    references: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)  # where it was read from
    root: str | None = field(default=None, compare=False)  # project root (--root); None: the script's folder

    @property
    def title(self) -> str:
        return self.meta.title

    @property
    def segments(self) -> tuple[Segment, ...]:
        return tuple(seg for sec in self.sections for seg in sec.segments)

    def section_of(self, segment_id: str) -> Section:
        for sec in self.sections:
            if any(seg.id == segment_id for seg in sec.segments):
                return sec
        raise KeyError(segment_id)

    def segment(self, ref: str | int) -> Segment:
        """Find a segment by id, or by 1-based number (int or digit string)."""
        segs = self.segments
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            n = int(ref)
            if 1 <= n <= len(segs):
                return segs[n - 1]
            raise KeyError(ref)
        for seg in segs:
            if seg.id == ref:
                return seg
        raise KeyError(ref)

    @property
    def speakers(self) -> tuple[str, ...]:
        names: list[str] = []
        for seg in self.segments:
            for spk in seg.speakers:
                name = spk or self.meta.narrator
                if name not in names:
                    names.append(name)
        return tuple(names)


def slugify(text: str, max_len: int = 40) -> str:
    """Lower-case ASCII-ish slug used for segment ids and file names."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    text = re.sub(r"[^\w\s-]", "", text.lower())
    text = re.sub(r"[\s_-]+", "-", text).strip("-")
    text = text.encode("ascii", "ignore").decode() or "x"
    return text[:max_len].strip("-") or "x"


def format_clock(seconds: float | None) -> str:
    """``75`` → ``"1:15"``; ``3725`` → ``"1:02:05"``; None → ``""``."""
    if seconds is None:
        return ""
    total = int(round(seconds))
    h, rem = divmod(total, 3600)
    m, s = divmod(rem, 60)
    return f"{h}:{m:02d}:{s:02d}" if h else f"{m}:{s:02d}"


_CLOCK = re.compile(r"^(?:(\d{1,2}):)?(\d{1,3}):(\d{2})(?:\.(\d+))?$")


def parse_clock(text: str) -> float | None:
    """``"3:00"`` → 180.0, ``"1:02:05"`` → 3725.0; anything else → None."""
    m = _CLOCK.match(text.strip())
    if not m:
        return None
    h, mi, s, frac = m.groups()
    if int(s) >= 60:
        return None
    value = float(int(h or 0) * 3600 + int(mi) * 60 + int(s))
    if frac:
        value += float("0." + frac)
    return value
