"""mix_voiceover: place speech clips and music beds on one timeline, duck, normalise, write.

Streams: the timeline is never held in memory.  ``render(a, b)`` builds any window of the mix
from the clips and beds that overlap it (WAV frames read with ``setpos``), so

1. pass 1 renders 10 s chunks into a :class:`~.loudness.LoudnessMeter` (K-weighting state carried
   across chunks; only 100 ms sub-block energies are kept) → integrated loudness → gain;
2. pass 2 renders each chunk again with a small margin on both sides (the limiter's lookahead),
   applies the gain and the limiter, and appends 16-bit frames to the output WAV.  The output's
   loudness is the pass-1 K-weighted energies × gain², and where the limiter acted (a few ms
   around peaks) × the share of energy it left in that 100 ms sub-block — a second-order estimate
   (≪ 0.01 LU off; a test checks the written file against it).  If the limiter took ≥ 0.05 LU,
   pass 2 runs again with the make-up gain (≤ 2 times).

Speech activity (for ducking) is measured only around the music beds.  Peak memory is a few
chunks (≈ tens of MB) whatever the length; a clip that is not 48 kHz is resampled whole.

* speech: ``placements = [(start_seconds, wav_path)]`` added at exact sample positions (48 kHz);
* music: ``[(start, end, asset_path[, kind])]`` — a ``music`` bed is levelled to ``music_lufs`` on its
  own, looped to fill its span, faded in/out (levels.MUSIC_FADE_IN / MUSIC_FADE_OUT, or ``fade`` s at
  both ends) and ducked by ``duck_db`` wherever speech is active (speech detected from the speech track
  with a short hold, gain changes smoothed over ``duck_ramp`` s); a ``sound`` is levelled to
  levels.SOUND_LUFS and played once, never ducked.  Defaults: :mod:`.levels`;
* the sum is normalised to −16 LUFS integrated (BS.1770, see loudness.py) with a −1 dBFS limiter and
  written atomically as 48 kHz mono 16-bit WAV.
"""
from __future__ import annotations

import logging
import math
import os
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from ..errors import AssetError, MediaError
from ..fsutil import atomic_path
from . import levels, loudness
from .audio import OUT_RATE, load_audio_file, pcm_to_float, read_wav, resample

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class MixResult:
    wav: Path
    duration: float
    lufs: float
    peak_dbfs: float


def _moving_average(x: np.ndarray, width: int) -> np.ndarray:
    if width <= 1 or x.size == 0:
        return x
    c = np.cumsum(np.concatenate([np.zeros(1), x]))
    half = width // 2
    idx_hi = np.minimum(np.arange(x.size) + width - half, x.size)
    idx_lo = np.maximum(np.arange(x.size) - half, 0)
    return (c[idx_hi] - c[idx_lo]) / (idx_hi - idx_lo)


def activity_from_energy(energy: np.ndarray, threshold_db: float = -50.0, hold: float = 0.35,
                         hop: float = 0.05) -> np.ndarray:
    """1.0 per frame where the frame's mean square is above ``threshold_db``, held ``hold`` s."""
    active = (10 * np.log10(energy + 1e-20) > threshold_db).astype(float)
    hold_w = max(1, int(hold / hop))
    return (np.convolve(active, np.ones(2 * hold_w + 1), mode="same") > 0).astype(float)


def frame_energy(speech: np.ndarray, win: int) -> np.ndarray:
    """Mean square per ``win`` samples (the last frame may be partial)."""
    frames = speech.size // win
    part = speech[: frames * win].astype(np.float64).reshape(frames, win)
    e = np.einsum("ij,ij->i", part, part) / win
    if speech.size > frames * win:
        rest = speech[frames * win:].astype(np.float64)
        e = np.append(e, float(np.dot(rest, rest)) / rest.size)
    return e


def speech_activity(speech: np.ndarray, rate: int, threshold_db: float = -50.0, hold: float = 0.35,
                    hop: float = 0.05) -> np.ndarray:
    """Per ``hop`` (50 ms) frame: 1.0 where someone speaks (RMS above threshold, held ``hold`` s)."""
    win = int(rate * hop)
    return activity_from_energy(frame_energy(speech, win) if speech.size else np.zeros(1), threshold_db, hold, hop)


def duck_curve(activity: np.ndarray, duck_db: float, ramp: float, hop: float = 0.05) -> np.ndarray:
    """Music gain per activity frame (1 → ``duck_db`` under speech, smoothed over ``ramp`` s)."""
    floor = 10 ** (duck_db / 20)
    return _moving_average(1.0 - activity * (1.0 - floor), max(1, int(round(ramp / hop))))


def duck_gain(activity: np.ndarray, rate: int, duck_db: float, ramp: float, start: int, stop: int,
              hop: float = 0.05) -> np.ndarray:
    """Per-sample music gain for samples ``start:stop`` (1 → ``duck_db`` under speech, ramped)."""
    coarse = duck_curve(activity, duck_db, ramp, hop)
    centers = (np.arange(coarse.size) + 0.5) * hop * rate
    return np.interp(np.arange(start, stop), centers, coarse).astype(np.float32)


class _Clip:
    """A speech clip at a sample position: 48 kHz WAV frames are read on demand (``setpos``), other
    rates are loaded and resampled whole (and dropped again once the mix has passed them)."""

    def __init__(self, start: float, path: str | os.PathLike[str], rate: int):
        self.path = Path(path)
        try:
            with wave.open(str(self.path), "rb") as w:
                self.rate, self.width, self.channels = w.getframerate(), w.getsampwidth(), w.getnchannels()
                frames = w.getnframes()
        except (wave.Error, EOFError, OSError) as exc:
            raise MediaError(f"cannot read WAV {self.path}: {exc}", hint="delete the file and build again") from exc
        if self.width not in (1, 2, 3, 4):
            raise MediaError(f"cannot read WAV {self.path}: {8 * self.width}-bit samples", hint="use 16-bit PCM")
        self.out_rate = rate
        self.pos = int(round(start * rate))
        if self.rate == rate:
            self.length = frames
        else:  # the length resample() gives
            g = math.gcd(self.rate, rate)
            self.length = int(round(frames * (rate // g) / (self.rate // g)))
        self._whole: np.ndarray | None = None

    @property
    def end(self) -> int:
        return self.pos + self.length

    def read(self, a: int, b: int) -> np.ndarray:
        """Clip frames ``a:b`` (clip-relative) as float32 at the output rate."""
        if self.rate != self.out_rate:
            if self._whole is None:
                x, r = read_wav(self.path)
                self._whole = resample(x, r, self.out_rate).astype(np.float32)
            return self._whole[a:b]
        try:
            with wave.open(str(self.path), "rb") as w:
                w.setpos(a)
                data = w.readframes(b - a)
        except (wave.Error, EOFError, OSError) as exc:
            raise MediaError(f"cannot read WAV {self.path}: {exc}", hint="delete the file and build again") from exc
        x = pcm_to_float(data, self.width, self.channels, np.float32)
        if x.size < b - a:  # truncated file: the header promised more frames
            x = np.concatenate([x, np.zeros(b - a - x.size, np.float32)])
        return x

    def release(self) -> None:
        self._whole = None


class _Bed:
    """A music bed over samples ``a:b``: levelled, looped, faded, ducked — rendered per window."""

    def __init__(self, a: int, b: int, samples: np.ndarray, fade: int | tuple[int, int], curve: np.ndarray,
                 rate: int, hop: float = 0.05):
        self.a, self.b, self.samples = a, b, samples
        self.fade_in, self.fade_out = (fade, fade) if isinstance(fade, int) else fade
        self.win = int(rate * hop)
        # gain between frame centres (k + 0.5)·win, held flat beyond the first and last centre
        self.curve = np.concatenate([curve[:1], curve, curve[-1:]]).astype(np.float32)
        self.ramp = (np.arange(self.win, dtype=np.float32) / self.win)

    def _loop(self, j0: int, j1: int) -> np.ndarray:
        n = self.samples.size
        out = np.empty(j1 - j0, dtype=np.float32)
        pos = 0
        while pos < out.size:
            k = (j0 + pos) % n
            take = min(n - k, out.size - pos)
            out[pos:pos + take] = self.samples[k:k + take]
            pos += take
        return out

    def _gain(self, s: int, e: int) -> np.ndarray:
        """np.interp(arange(s, e), centres, curve) done per frame: repeat + ramp (float32)."""
        half = self.win // 2
        k0 = (s - half) // self.win
        k1 = (e - 1 - half) // self.win
        ks = np.clip(np.arange(k0, k1 + 1) + 1, 0, self.curve.size - 2)
        base, nxt = self.curve[ks], self.curve[ks + 1]
        g = np.repeat(base, self.win) + np.tile(self.ramp, ks.size) * np.repeat(nxt - base, self.win)
        off = s - (k0 * self.win + half)
        return g[off:off + e - s]

    def render(self, lo: int, hi: int) -> tuple[int, np.ndarray] | None:
        s, e = max(lo, self.a), min(hi, self.b)
        if e <= s or self.samples.size == 0:
            return None
        j0, j1 = s - self.a, e - self.a
        x = self._loop(j0, j1)
        n, fi, fo = self.b - self.a, self.fade_in, self.fade_out
        j = np.arange(j0, j1)
        if fi >= 1 and j0 < fi:  # linear ramps from 0 at the first and to 0 at the last sample
            x *= (np.minimum(1.0, j / (fi - 1)) if fi > 1 else (j > 0)).astype(np.float32)
        if fo >= 1 and j1 > n - fo:
            edge = n - 1 - j
            x *= (np.minimum(1.0, edge / (fo - 1)) if fo > 1 else (edge > 0)).astype(np.float32)
        x *= self._gain(s, e)
        return s, x


class _Timeline:
    """Speech clips and music beds; ``render(lo, hi)`` is the mix of samples ``lo:hi`` (float32)."""

    def __init__(self, placements: Sequence[tuple[float, str | os.PathLike[str]]], rate: int):
        self.rate = rate
        self.clips = sorted((_Clip(start, path, rate) for start, path in placements), key=lambda c: c.pos)
        self.beds: list[_Bed] = []

    @property
    def used(self) -> int:
        return max((c.end for c in self.clips), default=0)

    def render(self, lo: int, hi: int, music: bool = True) -> np.ndarray:
        out = np.zeros(hi - lo, dtype=np.float32)
        for clip in self.clips:
            if clip.pos >= hi:
                break
            if clip.end <= lo:
                clip.release()
                continue
            s, e = max(lo, clip.pos, 0), min(hi, clip.end)
            if e > s:
                out[s - lo:e - lo] += clip.read(s - clip.pos, e - clip.pos)
        if music:
            for bed in self.beds:
                part = bed.render(lo, hi)
                if part is not None:
                    s, x = part
                    out[s - lo:s - lo + x.size] += x
        return out

    def add_music(self, music: Sequence[tuple], end: int, fade: tuple[float, float], music_lufs: float,
                  duck_db: float, duck_ramp: float, hop: float = 0.05) -> None:
        """Music beds and sounds: ``(start, end, asset)`` or ``(start, end, asset, kind)`` with kind
        "music" (levelled to ``music_lufs``, looped, faded, ducked) or "sound" (levelled to
        ``levels.SOUND_LUFS``, played once, edge fades only, never ducked)."""
        rate, win = self.rate, int(self.rate * hop)
        spans = [(max(0, int(round(item[0] * rate))), min(end, int(round(item[1] * rate))), item[2],
                  item[3] if len(item) > 3 else "music") for item in music]
        spans = [span for span in spans if span[1] > span[0]]
        if not spans:
            return
        curve = self._duck_curve([sp for sp in spans if sp[3] != "sound"], end, duck_db, duck_ramp, hop, win)
        levelled: dict[tuple[str, str], np.ndarray] = {}
        for a, b, asset, kind in spans:
            key = (str(asset), kind)
            if key not in levelled:
                levelled[key] = _levelled(Path(asset), rate, levels.SOUND_LUFS if kind == "sound" else music_lufs)
            x = levelled[key]
            if kind == "sound":
                b = min(b, a + x.size)  # played once
                f = max(1, int(levels.SOUND_FADE * rate))
                self.beds.append(_Bed(a, b, x, (f, f), np.ones(1), rate, hop))
            else:
                fades = (min(int(fade[0] * rate), (b - a) // 2), min(int(fade[1] * rate), (b - a) // 2))
                self.beds.append(_Bed(a, b, x, fades, curve, rate, hop))

    def _duck_curve(self, spans: Sequence[tuple], end: int, duck_db: float, duck_ramp: float, hop: float,
                    win: int) -> np.ndarray:
        """Music gain per ``hop`` frame: speech activity, measured only where it can reach a bed."""
        energy = np.zeros(max(1, -(-end // win)))
        margin = int(levels.DUCK_HOLD / hop) + int(round(duck_ramp / hop)) + 4
        for a, b, *_ in spans:
            fa, fb = max(0, a // win - margin), min(energy.size, -(-b // win) + margin)
            for f0 in range(fa, fb, 2400):  # ≤ 2 min of speech in memory at a time
                f1 = min(fb, f0 + 2400)
                e = frame_energy(self.render(f0 * win, min(end, f1 * win), music=False), win)
                energy[f0:f0 + e.size] = e
        activity = activity_from_energy(energy, levels.SPEECH_THRESHOLD_DB, levels.DUCK_HOLD, hop)
        return duck_curve(activity, duck_db, duck_ramp, hop)


def _levelled(path: Path, rate: int, lufs_target: float) -> np.ndarray:
    if not path.is_file():
        raise AssetError(f"music or sound file {path} not found",
                         hint="fix the cue's file or put the file in assets/music/ or assets/sounds/")
    try:
        x = load_audio_file(path, rate)
    except MediaError as exc:  # not audio, or a playlist/concat file (refused, see media.py)
        reason = str(exc.message).strip().splitlines()[-1]
        raise AssetError(f"music or sound file {path.name!r} cannot be decoded as audio ({reason})",
                         hint="use a WAV, MP3, FLAC, Ogg or M4A file") from None
    lufs = loudness.integrated_loudness(x, rate)
    if np.isfinite(lufs):
        x = x * 10 ** ((lufs_target - lufs) / 20)
    return x.astype(np.float32)


CHUNK_SUBBLOCKS = 100  # 10 s chunks (a multiple of the 100 ms loudness sub-block)


def _write_pass(tl: _Timeline, out_wav: str | os.PathLike[str], end: int, gain_db: float, ceiling: float,
                sums: np.ndarray, exact: bool) -> tuple[float, float]:
    """Write the mix × gain with the limiter; (output loudness, peak) — see the module docstring."""
    rate = tl.rate
    sub = int(round(rate * 0.1))
    chunk = sub * CHUNK_SUBBLOCKS
    g = np.float32(10 ** (gain_db / 20))
    w = loudness.limiter_width(rate)
    margin = 2 * w
    out_sums = sums * float(g) ** 2
    meter = loudness.LoudnessMeter(rate) if exact else None
    peak = 0.0
    with atomic_path(out_wav) as tmp:
        with wave.open(str(tmp), "wb") as wf:
            wf.setnchannels(1)
            wf.setsampwidth(2)
            wf.setframerate(rate)
            for a in range(0, end, chunk):
                b = min(end, a + chunk)
                lo, hi = max(0, a - margin), min(end, b + margin)
                ext = tl.render(lo, hi)
                ext *= g
                y, min_gain = loudness.limit_window(ext, a - lo, b - lo, ceiling, w)  # lookahead: the margins
                if meter is not None:
                    meter.add(y)
                elif min_gain < 1.0:  # the limiter took energy from a few ms around peaks
                    n = (b - a) // sub
                    i0 = a // sub
                    k = max(0, min(n, out_sums.size - i0))
                    before = ext[a - lo:a - lo + k * sub].astype(np.float64).reshape(k, sub)
                    after = y[:k * sub].astype(np.float64).reshape(k, sub)
                    e_in = np.einsum("ij,ij->i", before, before)
                    e_out = np.einsum("ij,ij->i", after, after)
                    ratio = np.divide(e_out, e_in, out=np.ones_like(e_in), where=e_in > 0)
                    out_sums[i0:i0 + k] *= ratio
                if y.size:
                    peak = max(peak, float(np.max(np.abs(y))))
                pcm = np.clip(y, -1.0, 1.0) * np.float32(32767.0)
                wf.writeframes(np.rint(pcm).astype("<i2").tobytes())
    if meter is not None:
        return meter.loudness(), peak
    return loudness.gated_loudness(out_sums / sub, 0.0, end), peak


def mix_voiceover(placements: Sequence[tuple[float, str | os.PathLike[str]]],
                  music: Sequence[tuple], total: float,
                  out_wav: str | os.PathLike[str], *, target_lufs: float = loudness.TARGET_LUFS,
                  duck_db: float = levels.DUCK_DB, fade: float | None = None, music_lufs: float = levels.MUSIC_LUFS,
                  duck_ramp: float = levels.DUCK_RAMP, ceiling_dbfs: float = loudness.CEILING_DBFS,
                  normalize: bool = True) -> MixResult:
    """Mix and write the voiceover; see the module docstring.  Returns the measured result.

    ``music`` items are ``(start, end, asset)`` or ``(start, end, asset, kind)`` (kind "music" or
    "sound").  ``fade`` (seconds, both ends) overrides levels.MUSIC_FADE_IN / MUSIC_FADE_OUT.

    ``normalize=False`` keeps the clips' own level (gain 0 dB, limiter only): for a piece of a
    lecture whose speech clips are already normalised one by one (the build's per-chunk voice track)."""
    rate = OUT_RATE
    tl = _Timeline(placements, rate)  # headers only
    end = max(int(round(total * rate)), tl.used)
    if end > int(round(total * rate)):
        log.debug("voiceover extended to %.2f s to fit the last clip", end / rate)
    if music:
        fades = (levels.MUSIC_FADE_IN, levels.MUSIC_FADE_OUT) if fade is None else (fade, fade)
        tl.add_music(music, end, fades, music_lufs, duck_db, duck_ramp)
    sub = int(round(rate * 0.1))
    chunk = sub * CHUNK_SUBBLOCKS
    ceiling = 10 ** (ceiling_dbfs / 20)
    if not normalize:  # one pass: gain 0 dB, the limiter, the output measured as it is written
        lufs, peak = _write_pass(tl, out_wav, end, 0.0, ceiling, np.zeros(0), True)
        peak_db = 20 * math.log10(peak) if peak > 0 else float("-inf")
        return MixResult(Path(out_wav), end / rate, lufs, peak_db)
    meter = loudness.LoudnessMeter(rate)  # pass 1: loudness of the mix as placed
    for a in range(0, end, chunk):
        meter.add(tl.render(a, min(end, a + chunk)))
    measured = meter.loudness()
    gain_db = target_lufs - measured if math.isfinite(measured) else 0.0
    exact = end < 4 * sub  # shorter than one gating block: measure the output itself
    sums = meter.subblock_sums()
    lufs, peak = _write_pass(tl, out_wav, end, gain_db, ceiling, sums, exact)
    for _ in range(2):  # the limiter took loudness: make it up (bounded) and write again
        if not math.isfinite(lufs) or abs(target_lufs - lufs) < 0.05:
            break
        gain_db += min(3.0, target_lufs - lufs)
        lufs, peak = _write_pass(tl, out_wav, end, gain_db, ceiling, sums, exact)
    peak_db = 20 * math.log10(peak) if peak > 0 else float("-inf")
    log.info("voiceover %s: %.1f s, %.1f LUFS, peak %.1f dBFS", Path(out_wav).name, end / rate, lufs, peak_db)
    return MixResult(Path(out_wav), end / rate, lufs, peak_db)
