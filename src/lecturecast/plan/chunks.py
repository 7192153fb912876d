"""Cut a segment into the parts that become slides, at sentence boundaries.

A segment is read as a list of *pieces*: sentences (with the block they belong to and how far into
it they start), shown blocks (bullets, code, visual cues) and cues that only go to the notes.  A new
slide starts

* at a code block (or at the sentence introducing it: "here is the code:"), unless nothing is shown yet;
* at a visual cue when the slide on screen already has a visual with narration since, or code, or
  has been on screen for ``CUE_AFTER`` seconds of speech (the visual comes when the script says) —
  unless nothing is said after the cue (it could never be on screen: it joins the slide before);
* at bullets that follow code;
* at a sentence once the slide holds ``SOFT`` seconds of speech and either ``HARD`` would be passed
  or at least ``TAIL`` seconds of speech are left (no short last slide); a dialogue also turns the
  page after ``MAX_TURNS`` turns.

A slide with nothing said while it is up is merged into a neighbour (:func:`_merge_silent`).

Seconds are estimated from words at the lecture's speaking rate (``Meta.rate_wpm``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..model import Bullets, Code, Cue, CueKind, Segment, Speech
from .wording import Wording, count_words, split_sentences

SHOWN_CUES = (CueKind.VISUAL, CueKind.CUT, CueKind.SCREEN_TEXT)
SOFT, HARD, TAIL = 22.0, 34.0, 9.0  # seconds of speech per slide (see module docstring)
CUE_AFTER = 14.0  # a visual cue joins the slide on screen until it holds this much speech
LEAD_MIN = 4.0  # a slide needs this much speech before code may take over
MAX_TURNS = 4


@dataclass
class Piece:
    block: int
    at: float = 0.0
    text: str = ""  # a sentence (spoken)
    speaker: str | None = None
    words: int = 0
    show: Bullets | Code | Cue | None = None  # something shown on the slide
    note: Cue | None = None  # a cue that only goes to the notes (music, pause, …)


@dataclass
class Chunk:
    pieces: list[Piece] = field(default_factory=list)
    spoken_since_cue: bool = False

    @property
    def words(self) -> int:
        return sum(p.words for p in self.pieces)

    @property
    def code(self) -> Code | None:
        return next((p.show for p in self.pieces if isinstance(p.show, Code)), None)

    @property
    def cues(self) -> list[Cue]:
        return [p.show for p in self.pieces if isinstance(p.show, Cue)]

    @property
    def shows(self) -> bool:
        return any(p.show is not None for p in self.pieces)

    @property
    def sentences(self) -> list[Piece]:
        return [p for p in self.pieces if p.text]

    @property
    def turns(self) -> int:
        speakers = [p.speaker for p in self.sentences]
        return sum(1 for i, s in enumerate(speakers) if i == 0 or s != speakers[i - 1])

    @property
    def start(self) -> tuple[int, float]:
        first = next((p for p in self.pieces if p.note is None), self.pieces[0] if self.pieces else None)
        return (first.block, first.at) if first else (0, 0.0)


def pieces(segment: Segment) -> list[Piece]:
    out: list[Piece] = []
    for i, block in enumerate(segment.blocks):
        if isinstance(block, Speech):
            total, done = max(1, count_words(block.text)), 0
            for sentence in split_sentences(block.text):
                n = count_words(sentence)
                out.append(Piece(i, done / total, sentence, block.speaker, n))
                done += n
        elif isinstance(block, Bullets):
            spoken = " ".join(it.text for it in block.items) if block.spoken else ""
            out.append(Piece(i, 0.0, "", block.speaker, count_words(spoken), show=block))
        elif isinstance(block, Code):
            out.append(Piece(i, 0.0, "", None, count_words(block.text) if block.spoken else 0, show=block))
        elif isinstance(block, Cue):
            out.append(Piece(i, show=block) if block.kind in SHOWN_CUES else Piece(i, note=block))
    return out


def _introduces(sentence: str, w: Wording) -> bool:
    text = sentence.strip()
    return text.endswith(":") or w.mentions("introducers", text)


def _start_code(chunks: list[Chunk], w: Wording, wps: float) -> None:
    cur = chunks[-1]
    spoken = cur.sentences
    only_lead_in = len(spoken) == 1 and _introduces(spoken[0].text, w)
    if not cur.shows and (cur.words < LEAD_MIN * wps or only_lead_in):
        return
    shown = [p.show for p in cur.pieces if p.show is not None]
    if not spoken and len(shown) == 1 and isinstance(shown[0], Bullets) and \
            _introduces(" ".join(it.text for it in shown[0].items), w):
        return  # a list item that introduces the code ("BERT: the following code …:") captions it
    new = Chunk()
    if spoken and _introduces(spoken[-1].text, w) and len([p for p in cur.pieces if p.note is None]) > 1:
        k = cur.pieces.index(spoken[-1])
        new.pieces, cur.pieces = cur.pieces[k:], cur.pieces[:k]
    chunks.append(new)


def _cue_joins(cur: Chunk, wps: float) -> bool:
    if cur.code is not None:
        return False
    if cur.cues:
        return not cur.spoken_since_cue
    return cur.words < CUE_AFTER * wps


def _sentence_starts_slide(cur: Chunk, piece: Piece, remaining: int, wps: float) -> bool:
    if not cur.sentences:
        return False
    if cur.words >= SOFT * wps and (cur.words + piece.words > HARD * wps or remaining >= TAIL * wps):
        return True
    new_turn = piece.speaker != cur.sentences[-1].speaker
    return new_turn and cur.turns >= MAX_TURNS and cur.words >= LEAD_MIN * wps


def chunk_segment(segment: Segment, w: Wording, rate_wpm: int) -> list[Chunk]:
    """The segment's slides as chunks of pieces (never empty: at least one chunk)."""
    wps = max(1.0, rate_wpm / 60.0)
    items = pieces(segment)
    chunks = [Chunk()]
    for idx, piece in enumerate(items):
        cur = chunks[-1]
        if isinstance(piece.show, Code):
            _start_code(chunks, w, wps)
        elif isinstance(piece.show, Cue):
            spoken_after = any(p.text or p.words for p in items[idx + 1:])
            if spoken_after and not _cue_joins(cur, wps):  # a cue with nothing said after it joins
                chunks.append(Chunk())
            chunks[-1].spoken_since_cue = False
        elif isinstance(piece.show, Bullets):
            if cur.code is not None:
                chunks.append(Chunk())
        elif piece.text:
            remaining = sum(p.words for p in items[idx:])
            if _sentence_starts_slide(cur, piece, remaining, wps):
                chunks.append(Chunk())
        chunks[-1].pieces.append(piece)
        if piece.text or piece.words:
            chunks[-1].spoken_since_cue = True
    return _merge_silent([c for c in chunks if c.pieces]) or [Chunk()]


def _only_bullets(chunk: Chunk) -> bool:
    shown = [p.show for p in chunk.pieces if p.show is not None]
    return bool(shown) and all(isinstance(b, Bullets) for b in shown)


def _merge_silent(chunks: list[Chunk]) -> list[Chunk]:
    """A slide after the first with nothing said while it is up (a visual whose sentence went to the
    code it introduces) could never be on screen: its visual joins the slide before when that shows
    no visual or code yet, else the slide after."""
    out: list[Chunk] = []
    for k, chunk in enumerate(chunks):
        if not out or chunk.words or chunk.code is not None:
            out.append(chunk)
            continue
        before = out[-1]
        after = chunks[k + 1] if k + 1 < len(chunks) else None
        if before.code is None and not before.cues:
            before.pieces += chunk.pieces
        elif after is not None and not after.cues and (after.code is None or _only_bullets(chunk)):
            after.pieces[:0] = chunk.pieces  # bullets before code become its caption
        else:
            out.append(chunk)
    return out
