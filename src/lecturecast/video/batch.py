"""Many still clips at once: the IDR pictures of all their slides in one ffmpeg run, all clips muxed in another.

:func:`.clips.encode_still_clip` costs two ffmpeg processes per clip (the slides' IDR encode, then the
stream-copy mux), and each slide given as its own ``-i`` input is probed — decoded — once more before
it is encoded.  For a 20-minute lecture of 122 one-slide clips that overhead was more than the work
(docs/video.md, "Where a still clip's CPU goes").  :func:`encode_still_clips` does the same clips with

1. one encode: every shown slide of every still clip, in order, as one ``image2`` sequence (symlinks
   ``000000.png``, ``000001.png``, … in a temporary folder: one input, probed once), through the
   regular filter chain and encoder settings, ``-force_key_frames expr:1`` → one IDR per slide;
2. per clip, in Python: the clip's IDR access units + the still-GOP template P-frames
   (:func:`.stillgop.assemble`, exactly as for one clip) → raw Annex B;
3. one mux run per group of :data:`MUX_GROUP` clips: ffmpeg with one input and one output per clip,
   each the same stream copy as the single-clip path; every MP4's sample count is read back from its
   ``stsz`` box (no process) and must equal the clip's frame count.

Clips with fades, and any clip the shortcut cannot do exactly (a refused 1-frame slide, a failed batch
run), are encoded one by one by :func:`.clips.encode_still_clip` — same results as before, just not
batched.  Every clip file is written atomically; a clip is the same picture sequence as the one-clip
path (x264's rate control sees a different history in a batch, so the bytes may differ slightly, the
frame count, timestamps, stream parameters and decoded pictures' slides do not).
"""
from __future__ import annotations

import contextlib
import logging
import os
import struct
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import MediaError
from ..fsutil import atomic_path
from . import stillgop
from .clips import (DEFAULT_CRF, DEFAULT_PRESET, DEFAULT_SIZE, _image_chain, _post_chain, check_clip,
                    clip_output_args, encode_still_clip, encoder_args, gop_frames, raw_input_args, template_getter)
from .ffrun import run
from .mp4chapters import _boxes

log = logging.getLogger(__name__)

MUX_GROUP = 40  # clips per mux run (each input and output is a thread in ffmpeg ≥ 7)


@dataclass(frozen=True)
class StillClip:
    """One clip request: ``frames`` = ``((png, offset_seconds), ...)``, as for :func:`encode_still_clip`."""
    frames: tuple[tuple[Path, float], ...]
    duration: float
    out: Path
    fade_in: float = 0.0
    fade_out: float = 0.0


@dataclass(frozen=True)
class _Planned:
    clip: StillClip
    total: int
    shown: list[tuple[Path, int]]


def encode_still_clips(clips: Sequence[StillClip], *, fps: int = 10, size: tuple[int, int] = DEFAULT_SIZE,
                       preset: str = DEFAULT_PRESET, crf: int = DEFAULT_CRF, threads: int = 1,
                       template_dir: str | os.PathLike[str] | None = None) -> list[Path]:
    """Encode every clip of ``clips`` (same result as :func:`encode_still_clip` per clip); their paths."""
    planned: list[_Planned] = []
    for clip in clips:
        total, shown, _ = check_clip(clip.frames, clip.duration, clip.out, fps=fps, size=size)
        planned.append(_Planned(clip, total, shown))
    still = [p for p in planned if p.clip.fade_in <= 0 and p.clip.fade_out <= 0]
    folder = Path(template_dir) if template_dir is not None else (Path(still[0].clip.out).parent if still else None)
    done: set[Path] = set()
    if len(still) > 1 and folder is not None:
        done = _batch(still, fps=fps, size=size, preset=preset, crf=crf, threads=threads, folder=folder)
    for p in planned:
        if p.clip.out not in done:
            encode_still_clip(list(p.clip.frames), p.clip.duration, p.clip.out, fps=fps, size=size, preset=preset,
                              crf=crf, threads=threads, fade_in=p.clip.fade_in, fade_out=p.clip.fade_out,
                              template_dir=template_dir)
    return [Path(c.out) for c in clips]


def _batch(still: list[_Planned], *, fps: int, size: tuple[int, int], preset: str, crf: int, threads: int,
           folder: Path) -> set[Path]:
    """The batched shortcut; the clips it wrote (the others are left to the one-clip path)."""
    template_for = template_getter(fps=fps, size=size, preset=preset, crf=crf, threads=threads, folder=folder)
    gop = gop_frames(fps)
    with tempfile.TemporaryDirectory(prefix="lecturecast-clips-") as tmpdir:
        try:
            aus, head = _encode_idrs([image for p in still for image, _ in p.shown], Path(tmpdir), fps=fps, size=size,
                                     preset=preset, crf=crf, threads=threads)
        except (stillgop.Unsupported, MediaError, OSError) as exc:
            log.debug("batched still clips not possible (%s): one clip at a time", exc)
            return set()
        raws: list[tuple[_Planned, Path]] = []
        first = 0
        for k, p in enumerate(still):
            own = aus[first:first + len(p.shown)]
            first += len(p.shown)
            try:
                data = stillgop.assemble(stillgop.annexb([*head, *(n for au in own for n in au)]),
                                         [n for _, n in p.shown], gop, template_for)
            except stillgop.Unsupported as exc:
                log.debug("clip %s: not batched (%s)", p.clip.out.name, exc)
                continue
            raw = Path(tmpdir) / f"clip{k:05d}.h264"
            raw.write_bytes(data)
            raws.append((p, raw))
        written: set[Path] = set()
        for start in range(0, len(raws), MUX_GROUP):
            written |= _mux_group(raws[start:start + MUX_GROUP], fps)
    return written


def _encode_idrs(images: list[Path], tmpdir: Path, *, fps: int, size: tuple[int, int], preset: str, crf: int,
                 threads: int) -> tuple[list[list[bytes]], list[bytes]]:
    """One IDR access unit (its slice NALs) per image, and the stream's [SPS, PPS, SEI...] head."""
    frames = tmpdir / "frames"
    frames.mkdir()
    for k, image in enumerate(images):
        os.symlink(Path(image).resolve(), frames / f"{k:06d}.png")
    raw = tmpdir / "idr.h264"
    chain = _image_chain(0, 1, size).replace("loop=loop=0:size=1:start=0,", "") + ";[s0]" + ",".join(_post_chain(fps)) + "[v]"
    codec = encoder_args(fps, preset=preset, crf=crf, threads=threads, container=False)
    run(["-f", "image2", "-framerate", str(fps), "-start_number", "0", "-i", str(frames / "%06d.png"),
         "-filter_complex", chain, "-map", "[v]", "-frames:v", str(len(images)), *codec, "-force_key_frames", "expr:1",
         "-an", "-f", "h264", str(raw)],
        what=f"encoding {len(images)} slides", timeout=60 + 2.0 * len(images))
    nals = stillgop.split_nals(raw.read_bytes())
    sps, pps = stillgop._headers(nals)
    aus = stillgop.access_units(nals, stillgop.parse_sps(sps))
    if len(aus) != len(images):
        raise stillgop.Unsupported(f"{len(aus)} pictures for {len(images)} slides")
    head = [sps, pps, *(n for n in aus[0] if n[0] & 31 == stillgop.NAL_SEI)]
    slices = [[n for n in au if n[0] & 31 in (stillgop.NAL_SLICE, stillgop.NAL_IDR)] for au in aus]
    return slices, head


def _mux_group(raws: list[tuple[_Planned, Path]], fps: int) -> set[Path]:
    """Stream-copy each raw clip into its MP4 in one ffmpeg run; the clips written with the right frame count."""
    if not raws:
        return set()
    written: set[Path] = set()
    with contextlib.ExitStack() as stack:
        tmps = [stack.enter_context(_kept_if_ok(p.clip.out)) for p, _ in raws]
        inputs = [a for _, raw in raws for a in raw_input_args(raw, fps)]
        outputs = [a for k, tmp in enumerate(tmps) for a in clip_output_args(k, fps, tmp.path)]
        try:
            run([*inputs, *outputs], what=f"writing {len(raws)} clips", timeout=60 + 1.0 * len(raws))
        except MediaError as exc:
            log.debug("batched mux failed (%s): one clip at a time", exc)
            return set()
        for (p, _), tmp in zip(raws, tmps):
            samples = mp4_sample_count(tmp.path)
            if samples == p.total:
                tmp.keep = True
                written.add(p.clip.out)
            else:
                log.debug("clip %s: muxed %s frames, expected %d: not batched", p.clip.out.name, samples, p.total)
    return written


class _Tmp:
    def __init__(self, path: Path):
        self.path, self.keep = path, False


@contextlib.contextmanager
def _kept_if_ok(out: Path):
    """:func:`atomic_path` that renames onto ``out`` only if ``keep`` was set (else removes the file)."""
    with contextlib.suppress(_Discard):
        with atomic_path(out) as path:
            tmp = _Tmp(path)
            yield tmp
            if not tmp.keep:
                raise _Discard


class _Discard(Exception):
    pass


def mp4_sample_count(path: Path) -> int | None:
    """Number of samples of the first track of an MP4 (its ``stsz`` box), None if there is none."""
    data = path.read_bytes()
    box = [b for b in _boxes(data) if b[0] == b"moov"]
    for kind in (b"trak", b"mdia", b"minf", b"stbl", b"stsz"):
        if not box:
            return None
        _, at, header, size = box[0]
        box = [b for b in _boxes(data, at + header, at + size) if b[0] == kind]
    if not box:
        return None
    _, at, header, _ = box[0]
    return struct.unpack(">I", data[at + header + 8:at + header + 12])[0]
