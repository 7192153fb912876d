"""Still-slide clips without encoding the repeated frames: one IDR per slide + pre-encoded skip P-frames.

A slide that stays on screen for *n* frames is, in the x264 output of the regular path
(:func:`~.clips.encoder_args`: no B-frames, CRF, one reference), an IDR frame followed by P-frames in
which — once the picture has settled — every macroblock is P_Skip.  Such a P-frame does not depend on
the picture: its bytes are the slice header plus the skip flags, and

* the slice header holds ``frame_num`` (= position *k* in the GOP), no POC lsb (x264 uses POC type 2
  when there are no B-frames), a QP that is never used (skipped blocks carry no residual);
* a P_Skip block's motion vector is predicted from its neighbours, which are all skipped with vector
  (0, 0) starting from the top-left block (no neighbours → (0, 0)): every block copies its reference;
* with identical vectors and no coefficients the deblocking strength is 0 (and ``ultrafast`` turns
  the filter off anyway).

So P-frame *k* of a GOP is the same byte string for every slide.  This module encodes it once per
encoder setting (a *template*: a uniform black picture encoded for one GOP with exactly the clip
settings), and per clip encodes each slide once as an IDR frame (``-force_key_frames expr:1``, same
``-g``, so the SPS/PPS are byte-identical to the regular path — checked) and writes
``IDR + template P-frames 1..len-1`` per GOP, muxed by stream copy into the same MP4 layout as the
regular path (``-video_track_timescale fps*1000``, CFR, pts from 0, parameter sets only in ``avcC``).
The first slide's IDR is byte-identical to the regular path's first frame.

The template is validated when made: its P-frames must be single tiny slices, and, appended to the IDR
of a busy test picture (``testsrc2``), must decode to exact copies of it (frame MD5s) with no decoder
message.  Per clip, runs longer than a GOP are split into GOPs of near-equal length ≥ 2 frames (no
two IDRs in a row); a 1-frame run next to another IDR with the same ``idr_pic_id`` is refused.

Measured (1920×1080 text slides, 10 fps, ``ultrafast``, one thread per clip): the regular path costs
~4.6 ms of x264 per frame, 0.50 s CPU per 10-s clip in ``benchmarks/bench_video.py``; here a clip
costs one PNG decode + RGB→YUV + one I-frame (~70 ms, half of it the PNG decode) plus a stream-copy
mux (~25 ms): 0.11 s CPU per clip in the same benchmark (fade cards and the template included), and
0.63 instead of 1.04 MB per minute.  A skip P-frame is ~70 bytes; making the template costs ~1 s
once.  Made in batches (:mod:`.batch`: one IDR encode and one mux run for many clips) a clip
costs 62 instead of 166 ms CPU (``bench_video.py --clip-cost``, 2026-12-01, loaded machine).  The picture is the IDR's: PSNR within ~0.2 dB of the regular path (whose first P-frames
refine the picture a little).
"""
from __future__ import annotations

import hashlib
import logging
import math
import os
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..errors import MediaError
from ..fsutil import atomic_path
from ..media import ffmpeg_exe
from .ffrun import run

log = logging.getLogger(__name__)

TEMPLATE_FORMAT = 1  # bump when the template file or its validation changes
NAL_SLICE, NAL_IDR, NAL_SEI, NAL_SPS, NAL_PPS, NAL_AUD = 1, 5, 6, 7, 8, 9
_HIGH = {100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135}  # profiles with chroma_format_idc


class Unsupported(Exception):
    """This clip (or this encoder setting) cannot take the shortcut; use the regular encode."""


# ------------------------------------------------------------------------------ Annex B parsing
def split_nals(data: bytes) -> list[bytes]:
    """NAL units (without start codes) of an Annex B byte stream."""
    starts, i = [], data.find(b"\x00\x00\x01")
    while i >= 0:
        starts.append(i + 3)
        i = data.find(b"\x00\x00\x01", i + 3)
    out = []
    for k, s in enumerate(starts):
        end = starts[k + 1] - 3 if k + 1 < len(starts) else len(data)
        while end > s and data[end - 1] == 0:  # zero_byte of the next 4-byte start code / trailing zeros
            end -= 1
        out.append(data[s:end])
    return out


def annexb(nals: Sequence[bytes]) -> bytes:
    return b"".join(b"\x00\x00\x00\x01" + n for n in nals)


class _Bits:
    """Exp-Golomb reader over a NAL's RBSP (emulation prevention bytes removed)."""

    def __init__(self, nal: bytes, limit: int = 64):
        self.data = nal[1:limit].replace(b"\x00\x00\x03", b"\x00\x00")
        self.pos = 0

    def u(self, n: int) -> int:
        v = 0
        for _ in range(n):
            byte = self.pos >> 3
            if byte >= len(self.data):
                raise Unsupported("truncated header")
            v = (v << 1) | ((self.data[byte] >> (7 - (self.pos & 7))) & 1)
            self.pos += 1
        return v

    def ue(self) -> int:
        zeros = 0
        while self.u(1) == 0:
            zeros += 1
            if zeros > 31:
                raise Unsupported("bad exp-Golomb code")
        return (1 << zeros) - 1 + self.u(zeros)


@dataclass(frozen=True)
class Sps:
    log2_max_frame_num: int
    mbs: int  # macroblocks per picture


def parse_sps(nal: bytes) -> Sps:
    b = _Bits(nal)
    profile = b.u(8)
    b.u(16)  # constraint flags, level
    b.ue()  # seq_parameter_set_id
    if profile in _HIGH:
        if b.ue() == 3:  # chroma_format_idc
            b.u(1)
        b.ue(), b.ue(), b.u(1)  # bit depths, qpprime_y_zero_transform_bypass
        if b.u(1):
            raise Unsupported("SPS with scaling matrices")
    log2_max_frame_num = b.ue() + 4
    if b.ue() != 2:
        raise Unsupported("POC type is not 2 (B-frames?)")
    b.ue(), b.u(1)  # max_num_ref_frames, gaps_in_frame_num_value_allowed_flag
    width, height = b.ue() + 1, b.ue() + 1
    if not b.u(1):
        raise Unsupported("interlaced SPS")
    return Sps(log2_max_frame_num, width * height)


def slice_info(nal: bytes, sps: Sps) -> tuple[int, int | None]:
    """(first_mb_in_slice, idr_pic_id or None) of a slice NAL."""
    b = _Bits(nal)
    first_mb = b.ue()
    b.ue(), b.ue()  # slice_type, pps id
    b.u(sps.log2_max_frame_num)  # frame_num
    return first_mb, (b.ue() if nal[0] & 31 == NAL_IDR else None)


def access_units(nals: Sequence[bytes], sps: Sps) -> list[list[bytes]]:
    """Group NALs into access units (x264: [SPS PPS [SEI]] slice...; a picture starts at first_mb 0)."""
    aus: list[list[bytes]] = []
    cur: list[bytes] = []
    has_slice = False
    for nal in nals:
        t = nal[0] & 31
        is_slice = t in (NAL_SLICE, NAL_IDR)
        starts = t in (NAL_AUD, NAL_SPS, NAL_PPS, NAL_SEI) or (is_slice and slice_info(nal, sps)[0] == 0)
        if has_slice and starts:
            aus.append(cur)
            cur, has_slice = [], False
        cur.append(nal)
        has_slice = has_slice or is_slice
    if cur:
        aus.append(cur)
    return aus


def _headers(nals: Sequence[bytes]) -> tuple[bytes, bytes]:
    sps = [n for n in nals if n[0] & 31 == NAL_SPS]
    pps = [n for n in nals if n[0] & 31 == NAL_PPS]
    if not sps or not pps or len(set(sps)) > 1 or len(set(pps)) > 1:
        raise Unsupported("missing or changing SPS/PPS")
    return sps[0], pps[0]


# ------------------------------------------------------------------------------ template
@dataclass(frozen=True)
class Template:
    sps: bytes
    pps: bytes
    pframes: tuple[bytes, ...]  # P-frame k (k = 1..gop-1) is pframes[k - 1]


_CACHE: dict[str, Template | None] = {}  # None: this setting failed validation in this process
_SAVED: set[Path] = set()  # template files known to be on disk
_LOCK = threading.Lock()


def _ffmpeg_identity() -> str:
    exe = ffmpeg_exe()
    try:
        st = os.stat(exe)
        return f"{exe}:{st.st_size}:{int(st.st_mtime)}"
    except OSError:
        return exe


def template_key(sps: bytes, pps: bytes, sei: bytes, gop: int) -> str:
    """x264's SEI holds its version and every setting; + the exact SPS/PPS, the GOP and the binary."""
    h = hashlib.sha256(f"{TEMPLATE_FORMAT}|{gop}|{_ffmpeg_identity()}|".encode())
    for part in (sps, pps, sei):
        h.update(len(part).to_bytes(4, "big") + part)
    return h.hexdigest()[:24]


def get_template(key: str, sps: bytes, pps: bytes, gop: int, folder: Path, encode_cmd, timeout: float) -> Template:
    """The template for ``key`` from this process, else from ``folder``, else made (and saved) now.

    ``encode_cmd(source_args, frames, out_path)`` returns ffmpeg arguments encoding ``frames`` frames
    of a lavfi source through the regular clip filter chain and encoder to raw H.264."""
    path = folder / f".stillgop-{key}.h264"
    with _LOCK:
        if key in _CACHE:
            known = _CACHE[key]
            if known is None:
                raise Unsupported("no valid template for these settings (failed earlier)")
            tpl = known
        else:
            tpl = _saved_template(path, sps, pps, gop) or _new_template(key, path, sps, pps, gop, encode_cmd, timeout)
            _CACHE[key] = tpl
        if path not in _SAVED:  # made here, or known to this process but new to this folder
            try:
                with atomic_path(path) as tmp:
                    tmp.write_bytes(annexb([tpl.sps, tpl.pps, *tpl.pframes]))
            except OSError as exc:  # a read-only folder: this process still has it
                log.debug("cannot save the still-GOP template in %s: %s", folder, exc)
            _SAVED.add(path)
        return tpl


def _saved_template(path: Path, sps: bytes, pps: bytes, gop: int) -> Template | None:
    """The template saved in ``path`` by an earlier build (None: none, or not valid for these settings)."""
    if not path.is_file():
        return None
    try:
        tpl = _load(path.read_bytes(), sps, pps, gop)
    except Unsupported as exc:
        log.debug("ignoring template %s: %s", path, exc)
        return None
    _SAVED.add(path)
    return tpl


def _new_template(key: str, path: Path, sps: bytes, pps: bytes, gop: int, encode_cmd, timeout: float) -> Template:
    """Make the template now; a failure is remembered for this process (``_CACHE[key] = None``)."""
    try:
        tpl = _make(sps, pps, gop, encode_cmd, timeout)
    except (Unsupported, MediaError):
        _CACHE[key] = None
        raise
    log.debug("still-GOP template %s: %d P-frames, %d bytes", path.name, len(tpl.pframes), sum(map(len, tpl.pframes)))
    return tpl


def _load(data: bytes, sps: bytes, pps: bytes, gop: int) -> Template:
    nals = split_nals(data)
    if len(nals) != gop + 1 or nals[0] != sps or nals[1] != pps:
        raise Unsupported("template does not match these settings")
    return Template(sps, pps, tuple(nals[2:]))


def _make(sps: bytes, pps: bytes, gop: int, encode_cmd, timeout: float) -> Template:
    info = parse_sps(sps)
    with tempfile.TemporaryDirectory(prefix="lecturecast-stillgop-") as tmpdir:
        black, busy, check = (Path(tmpdir) / n for n in ("black.h264", "busy.h264", "check.h264"))
        run(encode_cmd("color=c=black", gop, black), what="encoding the still-GOP template", timeout=timeout)
        run(encode_cmd("testsrc2", 1, busy), what="encoding the still-GOP test picture", timeout=timeout)
        nals = split_nals(black.read_bytes())
        if _headers(nals) != (sps, pps) or _headers(split_nals(busy.read_bytes())) != (sps, pps):
            raise Unsupported("the template's SPS/PPS differ from the clip's")
        aus = access_units(nals, info)
        if len(aus) != gop or [a[-1][0] & 31 for a in aus] != [NAL_IDR] + [NAL_SLICE] * (gop - 1):
            raise Unsupported(f"template is not one IDR + {gop - 1} P-frames")
        pframes = tuple(a[0] for a in aus[1:])
        tiny = 64 + info.mbs // 16
        if any(len(a) != 1 or len(a[0]) > tiny for a in aus[1:]):
            raise Unsupported(f"template P-frames are not all-skip (> {tiny} bytes or several NALs)")
        # the P-frames behind a busy picture's IDR must decode to exact copies of it
        idr = access_units(split_nals(busy.read_bytes()), info)[0]
        check.write_bytes(annexb([*idr, *pframes]))
        md5 = Path(tmpdir) / "check.framemd5"
        err = run(["-v", "error", "-f", "h264", "-i", str(check), "-map", "0:v", "-f", "framemd5", str(md5)],
                  what="checking the still-GOP template", timeout=timeout).strip()
        hashes = [ln.rsplit(",", 1)[-1].strip() for ln in md5.read_text().splitlines()
                  if ln.strip() and not ln.startswith("#")]
    if err or len(hashes) != gop or len(set(hashes)) != 1:
        raise Unsupported(f"template P-frames do not copy their reference ({len(set(hashes))} distinct frames "
                          f"of {len(hashes)}; {err[:200]})")
    return Template(sps, pps, pframes)


# ------------------------------------------------------------------------------ clip assembly
def gop_lengths(frames: int, gop: int) -> list[int]:
    """Split a run of ``frames`` into ceil(frames / gop) near-equal GOPs (each ≥ 2 frames if frames ≥ 2)."""
    n = max(1, math.ceil(frames / gop))
    base, extra = divmod(frames, n)
    return [base + (1 if j < extra else 0) for j in range(n)]


def assemble(idr_stream: bytes, runs: Sequence[int], gop: int, template_for) -> bytes:
    """The clip's Annex B: per run (frame count), GOPs of that run's IDR + template P-frames.

    ``idr_stream`` holds one IDR per run, in order.  ``template_for(sps, pps, sei)`` returns the
    :class:`Template` for these parameter sets (raises :class:`Unsupported` if there is none)."""
    nals = split_nals(idr_stream)
    sps_nal, pps_nal = _headers(nals)
    info = parse_sps(sps_nal)
    aus = access_units(nals, info)
    if len(aus) != len(runs):
        raise Unsupported(f"{len(aus)} IDR pictures for {len(runs)} slides")
    slices, ids = [], []
    for au in aus:
        pics = [n for n in au if n[0] & 31 in (NAL_SLICE, NAL_IDR)]
        if not pics or any(n[0] & 31 != NAL_IDR for n in pics):
            raise Unsupported("a slide was not encoded as an IDR picture")
        slices.append(pics)
        ids.append(slice_info(pics[0], info)[1])
    sei = b"".join(n for n in aus[0] if n[0] & 31 == NAL_SEI)
    tpl = template_for(sps_nal, pps_nal, sei)
    if (tpl.sps, tpl.pps) != (sps_nal, pps_nal):
        raise Unsupported("template SPS/PPS differ from the IDR encode's")
    out = [sps_nal, pps_nal, *(n for n in aus[0] if n[0] & 31 == NAL_SEI)]
    previous_idr = None  # idr_pic_id of the previous access unit if it was an IDR
    for k, frames in enumerate(runs):
        for length in gop_lengths(frames, gop):
            if previous_idr == ids[k]:
                raise Unsupported(f"two IDR pictures in a row with idr_pic_id {ids[k]} (1-frame slide)")
            out += slices[k]
            out += tpl.pframes[:length - 1]
            previous_idr = ids[k] if length == 1 else None
    return annexb(out)
