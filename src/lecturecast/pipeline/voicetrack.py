"""The lecture's voice track as cached per-segment AAC chunks (the incremental path).

The voiceover is cut into chunks on the AAC frame grid (1024 samples at 48 kHz = 21.3 ms): the title
card's silence, one chunk per segment, the closing card's silence.  A segment's chunk holds one frame
of silence (:data:`~lecturecast.video.aacsplice.LEAD`), its voice, then silence; its encoding depends
only on the segment's own audio and slot length, never on where the segment sits in the lecture, so
it is cached by content and an edit re-encodes one chunk.  The spliced track is a byte concatenation
(see :mod:`lecturecast.video.aacsplice` for why that decodes exactly like one encode).

Where chunks start: segment *i*'s chunk starts on the frame boundary nearest to
``slot.start − LEAD``, so its voice starts within ±512 samples (±10.7 ms) of the slide change — far
inside one video frame — and the exact voice start (used for captions) is known.

Segments are already loudness-normalised (−16 LUFS, −1 dBFS ceiling) one by one, so the concatenation
needs no whole-track gain.  Lectures with music beds (which span segments and are ducked under the
voice) use the whole-track mix instead: :func:`plan_chunks` returns ``None`` and says why.
"""
from __future__ import annotations

import logging
import math
import wave
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Sequence

from ..errors import MediaError
from ..fsutil import atomic_path
from ..plan.timing import Schedule
from ..video.aacsplice import BITRATE, FRAME, LEAD, RATE, encode_chunk, splice
from ..voice import mix_voiceover
from .keys import content_key
from .store import Store

log = logging.getLogger(__name__)

CHUNK_VERSION = 2


# (voice placements (start, wav), music and sound beds (start, end, asset, kind), seconds) of a chunk mixed
# before encoding
MixPlan = tuple[tuple[tuple[float, str], ...], tuple[tuple[float, float, str, str], ...], float]


@dataclass(frozen=True)
class Chunk:
    name: str  # "title", a segment id, or "closing" (the first item of a group)
    wav: Path | None  # 48 kHz 16-bit mono; None: silence
    delay: int  # silent samples before ``wav`` (LEAD for a segment's own voice, 0 for a mixed group)
    samples: int  # samples of ``wav`` used
    encode_frames: int  # frames encoded: depends on the chunk's content alone (cacheable)
    start_frame: int  # position on the lecture's AAC frame grid
    keep: int  # frames of this chunk in the lecture
    key: str
    voice_starts: tuple[tuple[str, float], ...] = ()  # (segment id, seconds into the chunk)
    mix: MixPlan | None = None  # a group with music, mixed before encoding

    def starts(self) -> dict[str, float]:
        """Seconds from the start of the lecture at which each of this chunk's voices starts."""
        at = self.start_frame * FRAME / RATE
        return {name: at + offset for name, offset in self.voice_starts}


@dataclass(frozen=True)
class _Item:
    name: str
    start: float  # video seconds
    end: float
    audio: Any | None
    beds: tuple[tuple[float, float, Path, str], ...] = ()  # beds/sounds that start in this item (absolute s)


def _grid(seconds: float) -> int:
    """The frame boundary nearest to where a chunk must start so its voice starts at ``seconds``."""
    return max(0, round((seconds * RATE - LEAD) / FRAME))


def _voice_samples(wav: Path) -> int | None:
    """Samples of a 48 kHz 16-bit mono WAV; None when it is another format."""
    try:
        with wave.open(str(wav), "rb") as w:
            if (w.getframerate(), w.getsampwidth(), w.getnchannels()) != (RATE, 2, 1):
                return None
            return w.getnframes()
    except (wave.Error, EOFError, OSError) as exc:
        raise MediaError(f"cannot read WAV {wav}: {exc}", hint="delete the file and build again") from exc


def _key(*parts: Any) -> str:
    return content_key("aacchunk", CHUNK_VERSION, BITRATE, RATE, FRAME, LEAD, *parts)


def _items(audios: Sequence[Any], sched: Schedule, music: Sequence[tuple[Any, ...]]) -> list[_Item]:
    spans = [("title", 0.0, sched.lead_in, None)] if sched.lead_in > 0 else []
    spans += [(slot.segment_id, slot.start, slot.end, audio) for audio, slot in zip(audios, sched.slots)]
    if sched.tail > 0:
        spans.append(("closing", sched.content_end, sched.total, None))
    items = []
    for k, (name, start, end, audio) in enumerate(spans):
        last = k == len(spans) - 1
        beds = tuple((m[0], m[1], Path(m[2]), m[3] if len(m) > 3 else "music") for m in music
                     if start <= m[0] < end or (last and m[0] >= end))
        items.append(_Item(name, start, end, audio, beds))
    return items


def _groups(items: Sequence[_Item]) -> list[list[_Item]]:
    """Consecutive items a music bed runs across are mixed (and encoded) together."""
    margin = 2 * FRAME / RATE
    groups: list[list[_Item]] = []
    reach = -1.0
    for item in items:
        if groups and item.start - margin < reach:
            groups[-1].append(item)
        else:
            groups.append([item])
        reach = max([reach, *(bed[1] for bed in item.beds)])
    return groups


def plan_chunks(audios: Sequence[Any], sched: Schedule, music: Sequence[tuple[Any, ...]] = (),
                digest: Any = None) -> list[Chunk] | None:
    """The chunks of the lecture's voice track, or None when it needs the whole-track mix (says why).

    ``music`` are the beds on the lecture timeline; ``digest(path)`` fingerprints a bed's file."""
    groups = _groups(_items(audios, sched, music))
    # the track ends on the last whole frame inside the video (< 21.3 ms early, in the closing
    # card's silence), so the MP4 lasts exactly as long as its video and chapters end with it
    grid = [_grid(g[0].start) for g in groups] + [math.floor(sched.total * RATE / FRAME + 1e-9)]
    chunks: list[Chunk] = []
    for group, a, b in zip(groups, grid, grid[1:]):
        keep = b - a
        first = group[0]
        span = round((group[-1].end - first.start) * RATE)  # whole samples: immune to float noise
        encode_frames = -(-span // FRAME) + 2
        if keep < 1 or encode_frames < keep:
            log.debug("voice track: chunk %s would be empty (slots shorter than an AAC frame)", first.name)
            return None
        voices: list[tuple[str, int, Any, int]] = []  # (segment, samples into the chunk, audio, samples)
        for item in group:
            if item.audio is None or item.audio.duration <= 0:
                continue
            samples = _voice_samples(Path(item.audio.wav))
            if samples is None:
                log.debug("voice track: %s is not 48 kHz 16-bit mono", item.audio.wav)
                return None
            voices.append((item.name, LEAD + round((item.start - first.start) * RATE), item.audio, samples))
        if voices and voices[-1][1] + voices[-1][3] > keep * FRAME:
            log.debug("voice track: the voice of %s runs to the end of its slot", voices[-1][0])
            return None
        starts = tuple((name, offset / RATE) for name, offset, _, _ in voices)
        beds = [bed for item in group for bed in item.beds]
        if not beds and len(voices) <= 1:
            if not voices:
                chunks.append(Chunk(first.name, None, 0, 0, keep + 1, a, keep, _key("silence", keep + 1)))
                continue
            name, _, audio, samples = voices[0]
            chunks.append(Chunk(name, Path(audio.wav), LEAD, samples, encode_frames, a, keep,
                                _key(audio.key, encode_frames), starts))
            continue
        placements = tuple((offset / RATE, str(audio.wav)) for _, offset, audio, _ in voices)
        music_at = [(LEAD + round((x - first.start) * RATE), LEAD + round((y - first.start) * RATE), p, kind)
                    for x, y, p, kind in beds]
        music_rel = tuple((x / RATE, y / RATE, str(p), kind) for x, y, p, kind in music_at)
        seconds = encode_frames * FRAME / RATE
        key = _key("mix", [(o, audio.key) for _, o, audio, _ in voices],
                   [(x, y, digest(p) if digest else str(p), kind) for x, y, p, kind in music_at], encode_frames)
        chunks.append(Chunk(first.name, None, 0, encode_frames * FRAME, encode_frames, a, keep, key, starts,
                            mix=(placements, music_rel, seconds)))
    return chunks


def track_key(chunks: Sequence[Chunk]) -> str:
    return content_key("voicetrack", CHUNK_VERSION, [(c.key, c.keep) for c in chunks])


def encode_track(chunks: Sequence[Chunk], store: Store, jobs: int = 1) -> tuple[Path, list[str], bool]:
    """The lecture's AAC track (ADTS, cached), the names of the chunks that had to be encoded, and
    whether the track was spliced anew (False: it came from the cache)."""
    key = track_key(chunks)
    cached = store.get("aac", key, ".aac")
    if cached is not None:
        return cached, [], False
    todo = {c.key: c for c in chunks if store.get("aacchunk", c.key, ".aac") is None}

    def encode(chunk: Chunk) -> None:
        wav = _mixed(chunk.key, chunk.mix, store) if chunk.mix is not None else chunk.wav
        encode_chunk(wav, chunk.encode_frames, store.path("aacchunk", chunk.key, ".aac"), delay=chunk.delay)

    if todo:
        with ThreadPoolExecutor(max_workers=max(1, jobs), thread_name_prefix="aac") as pool:
            list(pool.map(encode, todo.values()))  # re-raises the first error
    track = store.make("aac", key, ".aac", lambda tmp: splice(
        [(store.path("aacchunk", c.key, ".aac"), c.keep) for c in chunks], tmp))
    log.debug("voice track: %d of %d chunks encoded", len(todo), len(chunks))
    return track, [c.name for c in todo.values()], True


def _mixed(key: str, mix: MixPlan, store: Store) -> Path:
    """The PCM of a chunk with music (voices + ducked beds, limiter, no gain), cached."""
    placements, music, seconds = mix
    return store.make("aacmix", key, ".wav",
                      lambda tmp: mix_voiceover(placements, music, seconds, tmp, normalize=False))


def mixed_wavs(chunks: Sequence[Chunk], store: Store) -> list[Chunk]:
    """The chunks with each mixed group's ``wav`` pointing at its cached mix (for write_voiceover)."""
    return [replace(c, wav=_mixed(c.key, c.mix, store)) if c.mix is not None else c for c in chunks]


def write_voiceover(chunks: Sequence[Chunk], out_wav: str | Path, block: int = 1 << 18) -> Path:
    """``voiceover.wav``: exactly the PCM the spliced AAC track encodes (48 kHz 16-bit mono)."""
    with atomic_path(out_wav) as tmp:
        with wave.open(str(tmp), "wb") as wf:
            wf.setnchannels(1)
            wf.setsampwidth(2)
            wf.setframerate(RATE)
            for chunk in chunks:
                total = chunk.keep * FRAME
                written = 0
                if chunk.wav is not None:
                    if chunk.delay:
                        wf.writeframes(bytes(2 * chunk.delay))
                        written = chunk.delay
                    with wave.open(str(chunk.wav), "rb") as src:
                        left = min(chunk.samples, total - written)
                        while left > 0:
                            data = src.readframes(min(block, left))
                            if not data:
                                break
                            wf.writeframes(data)
                            written += len(data) // 2
                            left -= len(data) // 2
                while written < total:
                    n = min(block, total - written)
                    wf.writeframes(bytes(2 * n))
                    written += n
    return Path(out_wav)
