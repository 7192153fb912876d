"""MP4 chapters as a Nero ``chpl`` box, so the file keeps exactly one video and one audio stream.

ffmpeg's MP4 muxer writes chapters twice: a ``moov/udta/chpl`` box (read by ffmpeg/ffprobe, VLC, mpv,
MPC-HC, ...) *and* a QuickTime chapter track — a third stream (``Data: bin_data (text)``) that only
Apple's players use for chapters and that trips up tools expecting one video and one audio stream.
So the build muxes without chapters and this module adds the ``chpl`` box itself:

* walk the top-level boxes (``ftyp``, ``moov``, ``mdat``, ...), read ``moov`` (small: the index);
* append ``chpl`` to ``moov/udta`` (creating ``udta`` if needed) and grow the parent sizes;
* write ``moov`` in front of the media data (what ``-movflags +faststart`` does) and move every chunk
  offset (``stco``/``co64`` of every track) to where its data lands;
* copy the media data in blocks (memory stays small whatever the length) — the only copy, so ffmpeg
  writes the file without ``+faststart``.

``chpl`` layout (as ffmpeg writes and reads it): full box version 1, 4 reserved bytes, a one-byte
count (≤ 255 chapters), then per chapter its start in 100 ns units (8 bytes) and a one-byte-length
UTF-8 title (≤ 255 bytes, cut on a character boundary).
"""
from __future__ import annotations

import logging
import os
import struct
from pathlib import Path
from typing import BinaryIO, Callable, Sequence

from ..errors import MediaError
from ..fsutil import atomic_path, temp_name
from .chapters import Chapter

log = logging.getLogger(__name__)

MAX_CHAPTERS = 255
_CONTAINERS = {b"moov", b"trak", b"mdia", b"minf", b"stbl", b"edts", b"dinf", b"udta"}


def _walk(read, start: int, end: int) -> list[tuple[bytes, int, int, int]]:
    """(type, offset, header size, total size) of the boxes between ``start`` and ``end``;
    ``read(offset, n)`` returns bytes of the file or buffer being walked."""
    out, i = [], start
    while i + 8 <= end:
        size, kind = struct.unpack(">I4s", read(i, 8))
        header = 8
        if size == 1:
            size = struct.unpack(">Q", read(i + 8, 8))[0]
            header = 16
        elif size == 0:
            size = end - i
        if size < header or i + size > end:
            raise MediaError(f"damaged MP4 box {kind!r} at byte {i}", hint="build the lecture again")
        out.append((kind, i, header, size))
        i += size
    return out


def _boxes(data: bytes | bytearray, start: int = 0, end: int | None = None) -> list[tuple[bytes, int, int, int]]:
    return _walk(lambda i, n: bytes(data[i:i + n]), start, len(data) if end is None else end)


def _top_level(fh: BinaryIO, length: int) -> list[tuple[bytes, int, int, int]]:
    def read(i: int, n: int) -> bytes:
        fh.seek(i)
        return fh.read(n)

    return _walk(read, 0, length)


def chpl_box(chapters: Sequence[Chapter]) -> bytes:
    items = list(chapters)[:MAX_CHAPTERS]
    if len(chapters) > MAX_CHAPTERS:
        log.warning("MP4 chapters: only the first %d of %d fit a chpl box", MAX_CHAPTERS, len(chapters))
    body = bytearray(struct.pack(">B3xIB", 1, 0, len(items)))
    for ch in items:
        title = ch.title.encode("utf-8")
        if len(title) > 255:
            title = title[:255].decode("utf-8", "ignore").encode("utf-8")
        body += struct.pack(">QB", max(0, round(ch.start * 10_000_000)), len(title)) + title
    return struct.pack(">I4s", 8 + len(body), b"chpl") + bytes(body)


def _move_offsets(moov: bytearray, moved: Callable[[int], int]) -> None:
    """Rewrite every chunk offset in ``moov`` (in place) to ``moved(old offset)``."""
    def walk(start: int, end: int) -> None:
        for kind, off, header, size in _boxes(moov, start, end):
            if kind in _CONTAINERS:
                walk(off + header, off + size)
            elif kind in (b"stco", b"co64"):
                count = struct.unpack(">I", moov[off + header + 4:off + header + 8])[0]
                fmt, width = (">I", 4) if kind == b"stco" else (">Q", 8)
                pos = off + header + 8
                for k in range(count):
                    at = pos + k * width
                    value = moved(struct.unpack(fmt, moov[at:at + width])[0])
                    if kind == b"stco" and value >= 1 << 32:
                        raise MediaError("MP4 too large for 32-bit chunk offsets after adding chapters",
                                         hint="build without chapters")
                    moov[at:at + width] = struct.pack(fmt, value)
    walk(8, len(moov))


def _with_chapters(moov: bytes, chapters: Sequence[Chapter]) -> bytearray:
    """``moov`` (8-byte header) with a chpl box in its udta (existing chpl boxes replaced)."""
    chpl = chpl_box(chapters)
    children = _boxes(moov, 8)
    out = bytearray()
    placed = False
    for kind, off, header, size in children:
        box = moov[off:off + size]
        if kind == b"udta" and not placed:
            inner = b"".join(moov[o:o + s] for k, o, h, s in _boxes(moov, off + header, off + size) if k != b"chpl")
            box = struct.pack(">I4s", 8 + len(inner) + len(chpl), b"udta") + inner + chpl
            placed = True
        out += box
    if not placed:
        out += struct.pack(">I4s", 8 + len(chpl), b"udta") + chpl
    return bytearray(struct.pack(">I4s", 8 + len(out), b"moov") + bytes(out))


def add_chapters(src: str | os.PathLike[str], dst: str | os.PathLike[str], chapters: Sequence[Chapter]) -> Path:
    """Copy MP4 ``src`` to ``dst`` (atomically) with ``chapters`` as a chpl box and the index (``moov``)
    in front of the media data, so the file starts playing while it downloads.  One copy: ``src`` may
    be written without ffmpeg's ``+faststart`` (which would copy the whole file once more)."""
    src = Path(src)
    length = src.stat().st_size
    with open(src, "rb") as fh:
        boxes = _top_level(fh, length)
        moov_box = next((b for b in boxes if b[0] == b"moov"), None)
        if moov_box is None or not any(b[0] == b"mdat" for b in boxes):
            raise MediaError(f"{src.name} is not a complete MP4 (no moov or mdat box)", hint="build again")
        _, at, header, size = moov_box
        if header != 8:
            raise MediaError(f"{src.name}: 64-bit moov box not supported")
        fh.seek(at)
        moov = _with_chapters(fh.read(size), chapters)
        # new order: the boxes before the first mdat (ftyp, free, ...), moov, then the rest
        first_media = next(k for k, b in enumerate(boxes) if b[0] == b"mdat")
        order = [b for b in boxes[:first_media] if b is not moov_box] + [moov_box] + \
                [b for b in boxes[first_media:] if b is not moov_box]
        new_at, pos = {}, 0
        for box in order:
            new_at[box[1]] = pos
            pos += len(moov) if box is moov_box else box[3]

        def moved(offset: int) -> int:
            box = next(b for b in boxes if b[1] <= offset < b[1] + b[3])
            return offset - box[1] + new_at[box[1]]

        _move_offsets(moov, moved)
        with atomic_path(dst) as tmp, open(tmp, "wb") as out:
            for box in order:
                if box is moov_box:
                    out.write(moov)
                else:
                    fh.seek(box[1])
                    _copy(fh, out, box[3])
    log.debug("%s: %d chapters in a chpl box, index in front", Path(dst).name, min(len(chapters), MAX_CHAPTERS))
    return Path(dst)


def write_with_chapters(out: str | os.PathLike[str], chapters: Sequence[Chapter],
                        write: Callable[[Path], object]) -> Path:
    """Have ``write(path)`` make an MP4 without chapters, then add them (:func:`add_chapters`) on the
    way to ``out``; without chapters ``write`` targets ``out`` directly.  Atomic either way; the
    intermediate file (a temp name of ours next to ``out``, swept after a killed build) is removed."""
    out = Path(out)
    if not chapters:
        with atomic_path(out) as tmp:
            write(tmp)
        return out
    raw = temp_name(out, ".nochapters")
    try:
        with atomic_path(raw) as tmp:
            write(tmp)
        return add_chapters(raw, out, chapters)
    finally:
        raw.unlink(missing_ok=True)


def _copy(src: BinaryIO, dst: BinaryIO, n: int, block: int = 1 << 22) -> None:
    while n > 0:
        data = src.read(min(block, n))
        if not data:
            raise MediaError("MP4 ended early while adding chapters", hint="build again")
        dst.write(data)
        n -= len(data)


__all__ = ["add_chapters", "write_with_chapters", "chpl_box", "MAX_CHAPTERS"]
