"""AAC in chunks: encode pieces of the voiceover separately, splice them by packet, bit-exact in time.

Why this is sound.  AAC-LC codes audio in frames of 1024 samples; packet *j* of ffmpeg's encoder
holds the MDCT of input frames *j−1* and *j* (the encoder's priming is exactly one frame), and the
decoder outputs frame *j−1* by overlap-adding the second half of packet *j−1*'s window with the first
half of packet *j*'s.  Apart from that overlap every packet decodes on its own (ffmpeg writes no bit
reservoir across ADTS frames).  So a chunk of ``n`` frames encoded alone contributes packets
``1 … n`` (packet 0 is the priming), and two chunks spliced back to back decode exactly like one
encode *if the frame they share through the overlap has the same content in both encodes*.  The
build guarantees that by construction: every chunk starts with one frame of digital silence
(``LEAD``) and its voice ends before its last kept frame, so the overlap frame is silence in both
encodes and the time-domain aliasing cancels (only quantisation noise of silence remains).

Measured (48 kHz mono, 160 kb/s, ``-aac_coder fast``): three chunks spliced decode to the same
length as their PCM, sample-aligned (no priming shift), with the same SNR against the source as
one continuous encode of the same PCM (26.36 vs 26.37 dB on a noisy test tone).  A test keeps this
true for real speech.

What this buys: a one-segment edit re-encodes one chunk (~0.1 s) instead of the whole track (~7 s
for 20 minutes), and the AAC track is a byte concatenation.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Iterator, Sequence

from ..errors import MediaError
from ..fsutil import atomic_path
from .ffrun import run

log = logging.getLogger(__name__)

FRAME = 1024  # samples per AAC-LC frame
LEAD = FRAME  # silent samples every chunk starts with (see the module docstring)
RATE = 48000
BITRATE = "160k"
_ENCODER = ["-c:a", "aac", "-aac_coder", "fast", "-b:a", BITRATE, "-ar", str(RATE), "-ac", "1"]


def adts_frames(data: bytes, *, name: str = "AAC stream") -> Iterator[bytes]:
    """The ADTS frames (header + raw data block) of ``data``, validated."""
    i, n = 0, len(data)
    while i < n:
        if n - i < 7 or data[i] != 0xFF or data[i + 1] & 0xF6 != 0xF0:
            raise MediaError(f"{name}: not an ADTS frame at byte {i}", hint="delete the cache entry and build again")
        length = ((data[i + 3] & 0x03) << 11) | (data[i + 4] << 3) | (data[i + 5] >> 5)
        if length < 7 or i + length > n:
            raise MediaError(f"{name}: truncated ADTS frame at byte {i}",
                             hint="delete the cache entry and build again")
        yield data[i:i + length]
        i += length


def encode_chunk(wav: str | os.PathLike[str] | None, frames: int, out: str | os.PathLike[str], *,
                 delay: int = LEAD, timeout: float | None = None) -> Path:
    """Encode one chunk as ADTS: ``delay`` samples of silence, then ``wav`` (mono; resampled to 48 kHz
    if needed), then silence up to ``frames`` × 1024 samples.  ``wav=None`` encodes silence.
    Written atomically; the file holds ``frames + 1`` or more packets (the first is the priming)."""
    if frames < 1:
        raise MediaError(f"an audio chunk needs at least one frame, not {frames}")
    total = frames * FRAME
    if wav is None:
        inputs = ["-f", "lavfi", "-i", f"anullsrc=r={RATE}:cl=mono"]
        chain = f"atrim=end_sample={total}"
    else:
        if not Path(wav).is_file():
            raise MediaError(f"segment audio {wav} does not exist", hint="build again")
        inputs = ["-i", str(wav)]
        shift = f"adelay=delays={delay}S:all=1," if delay else ""
        chain = f"aresample={RATE},{shift}apad=whole_len={total},atrim=end_sample={total}"
    with atomic_path(out) as tmp:
        run([*inputs, "-map", "0:a:0", "-af", chain, *_ENCODER, "-f", "adts", str(tmp)],
            what=f"encoding audio chunk {Path(out).name}", timeout=timeout or 60 + frames * FRAME / RATE * 0.2)
    return Path(out)


def splice(chunks: Sequence[tuple[str | os.PathLike[str], int]], out: str | os.PathLike[str]) -> Path:
    """Write one ADTS stream from ``[(chunk file, frames to keep)]``: packets ``1 … n`` of each chunk
    (its priming packet dropped).  The stream decodes to exactly ``sum(n) × 1024`` samples, aligned
    to sample 0.  Written atomically."""
    with atomic_path(out) as tmp:
        with open(tmp, "wb") as sink:
            for path, keep in chunks:
                data = Path(path).read_bytes()
                taken = 0
                for k, packet in enumerate(adts_frames(data, name=Path(path).name)):
                    if k == 0:
                        continue
                    if taken == keep:
                        break
                    sink.write(packet)
                    taken += 1
                if taken < keep:
                    raise MediaError(f"audio chunk {Path(path).name} has {taken} frames, {keep} needed",
                                     hint="delete the cache entry and build again")
    return Path(out)
