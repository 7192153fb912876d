"""Loudness per ITU-R BS.1770-4 (integrated LUFS) with numpy only, plus normalisation and a limiter.

How it is measured (mono programme, channel weight 1.0):

1. K-weighting: the two BS.1770 biquads — a high shelf (+4 dB above ~1.7 kHz) and a high pass at
   ~38 Hz — designed for the signal's sample rate by the bilinear transform (at 48 kHz the
   coefficients equal the table in the standard).  The cascade is applied as an FIR of its impulse
   response (0.1 s, decayed far below 16-bit resolution) by FFT overlap-add with a fixed,
   cache-friendly FFT size (:class:`KWeighting`, state carried across chunks), so any programme is
   measured in constant memory (:class:`LoudnessMeter`) and no scipy is needed.
2. Mean square per 100 ms sub-block; 400 ms gating blocks with 75 % overlap (4 sub-blocks).
3. Block loudness ``-0.691 + 10·log10(z)``; absolute gate −70 LUFS; relative gate 10 LU below the
   loudness of the blocks passing the absolute gate; integrated loudness over blocks passing both.
   A clip shorter than one block is measured over its whole length (ungated).

A full-scale 997 Hz sine measures −3.01 LUFS (the standard's reference), a sine of amplitude A
measures −3.01 + 20·log10(A).
"""
from __future__ import annotations

import functools
import math

import numpy as np

ABS_GATE = -70.0
REL_GATE = -10.0
TARGET_LUFS = -16.0
CEILING_DBFS = -1.0


def k_weighting_biquads(rate: int) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """((b, a) shelf, (b, a) high pass) for ``rate``."""
    f0, gain_db, q = 1681.974450955533, 3.999843853973347, 0.7071752369554196
    k = math.tan(math.pi * f0 / rate)
    vh = 10 ** (gain_db / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf_b = np.array([(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0])
    shelf_a = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    f0, q = 38.13547087602444, 0.5003270373238773
    k = math.tan(math.pi * f0 / rate)
    a0 = 1 + k / q + k * k
    hp_b = np.array([1.0, -2.0, 1.0])
    hp_a = np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0])
    return (shelf_b, shelf_a), (hp_b, hp_a)


def _biquad_impulse(b: np.ndarray, a: np.ndarray, x: np.ndarray) -> np.ndarray:
    y = np.zeros_like(x)
    x1 = x2 = y1 = y2 = 0.0
    b0, b1, b2 = (float(v) for v in b)
    a1, a2 = float(a[1]), float(a[2])
    for i in range(len(x)):
        xi = x[i]
        yi = b0 * xi + b1 * x1 + b2 * x2 - a1 * y1 - a2 * y2
        y[i] = yi
        x2, x1, y2, y1 = x1, xi, y1, yi
    return y


@functools.lru_cache(maxsize=8)
def k_weighting_ir(rate: int) -> np.ndarray:
    """Impulse response (0.1 s; its energy beyond that is < 1e-20 of the total) of the K-weighting
    cascade at ``rate``."""
    n = max(256, rate // 10)
    impulse = np.zeros(n)
    impulse[0] = 1.0
    (sb, sa), (hb, ha) = k_weighting_biquads(rate)
    return _biquad_impulse(hb, ha, _biquad_impulse(sb, sa, impulse))


@functools.lru_cache(maxsize=16)
def _k_weighting_spectrum(rate: int, nfft: int) -> np.ndarray:
    return np.fft.rfft(k_weighting_ir(rate), nfft)


class KWeighting:
    """Streaming K-weighting filter: ``process(chunk)`` returns the filtered samples of ``chunk``
    (same length, float64), carrying the filter's tail across calls, so any chunking gives the
    same output as one call on the whole signal.

    FFT overlap-add with a fixed FFT size of ≥ 3× the impulse response (16384 at 48 kHz): a
    power of two and small enough to stay in cache — far faster per sample than one huge
    (or odd-sized) FFT, and memory does not grow with the input."""

    def __init__(self, rate: int):
        self.rate = int(rate)
        self.taps = len(k_weighting_ir(self.rate))
        self.tail = self.taps - 1
        self.nfft = 1 << int(math.ceil(math.log2(3 * self.taps)))
        self.block = self.nfft - self.tail
        self.carry = np.zeros(self.tail)

    @property
    def idle(self) -> bool:
        """True when the filter has no pending output (feeding zeros would give zeros)."""
        return not self.carry.any()

    def process(self, x: np.ndarray) -> np.ndarray:
        x = np.asarray(x).reshape(-1)
        out = np.empty(x.size)
        tail = self.tail
        for s in range(0, x.size, self.block):
            seg = x[s:s + self.block]
            n = seg.size
            nfft = self.nfft if n > self.block // 4 else 1 << int(math.ceil(math.log2(n + tail)))
            y = np.fft.irfft(np.fft.rfft(seg, nfft) * _k_weighting_spectrum(self.rate, nfft), nfft)[: n + tail]
            y[:tail] += self.carry
            out[s:s + n] = y[:n]
            self.carry = y[n:]
        return out


class LoudnessMeter:
    """Streaming BS.1770 meter: ``add(chunk)`` any number of times, then ``loudness()``.

    Keeps only the K-weighted energy per 100 ms sub-block (36 000 floats for an hour), so a
    programme of any length is measured in constant memory."""

    def __init__(self, rate: int):
        self.rate = int(rate)
        self.sub = int(round(rate * 0.1))
        self.kw = KWeighting(rate)
        self._sums: list[np.ndarray] = []
        self._partial = np.zeros(0)
        self.count = 0  # samples added

    def add(self, x: np.ndarray) -> None:
        x = np.asarray(x).reshape(-1)
        if x.size == 0:
            return
        self.count += x.size
        if self.kw.idle and not x.any():  # silence: no filtering needed
            self._add_filtered_zeros(x.size)
            return
        self.add_filtered(self.kw.process(x), counted=True)

    def _add_filtered_zeros(self, n: int) -> None:
        if self._partial.size:
            take = min(n, self.sub - self._partial.size)
            self.add_filtered(np.zeros(take), counted=True)
            n -= take
        full, rest = divmod(n, self.sub)
        if full:
            self._sums.append(np.zeros(full))
        if rest:
            self._partial = np.zeros(rest)

    def add_filtered(self, y: np.ndarray, counted: bool = False) -> None:
        """Add samples that are already K-weighted."""
        if not counted:
            self.count += y.size
        if self._partial.size:
            take = min(y.size, self.sub - self._partial.size)
            self._partial = np.concatenate([self._partial, y[:take]])
            y = y[take:]
            if self._partial.size == self.sub:
                self._sums.append(np.array([float(np.dot(self._partial, self._partial))]))
                self._partial = np.zeros(0)
        full = y.size // self.sub * self.sub
        if full:
            blocks = y[:full].reshape(-1, self.sub)
            self._sums.append(np.einsum("ij,ij->i", blocks, blocks))
        if y.size > full:
            self._partial = y[full:].copy()

    def subblock_sums(self) -> np.ndarray:
        """Sum of K-weighted squares per complete 100 ms sub-block."""
        return np.concatenate(self._sums) if self._sums else np.zeros(0)

    @property
    def total(self) -> float:
        """Sum of K-weighted squares of everything added."""
        return float(self.subblock_sums().sum()) + float(np.dot(self._partial, self._partial))

    def loudness(self) -> float:
        return gated_loudness(self.subblock_sums() / self.sub, self.total, self.count)


def gated_loudness(z_sub: np.ndarray, total: float, count: int) -> float:
    """Integrated loudness from 100 ms sub-block mean squares (``total``/``count``: sum of K-weighted
    squares and number of samples, used ungated for clips shorter than one 400 ms block)."""
    if count == 0:
        return float("-inf")
    if len(z_sub) < 4:  # shorter than one gating block: ungated mean square
        ms = total / count
        return -0.691 + 10 * math.log10(ms) if ms > 0 else float("-inf")
    z = np.convolve(z_sub, np.ones(4) / 4, mode="valid")  # 400 ms blocks, 100 ms step
    with np.errstate(divide="ignore"):
        block_lufs = -0.691 + 10 * np.log10(z)
    gated = z[block_lufs > ABS_GATE]
    if gated.size == 0:
        return float("-inf")
    rel = -0.691 + 10 * math.log10(gated.mean()) + REL_GATE
    final = z[(block_lufs > ABS_GATE) & (block_lufs > rel)]
    return -0.691 + 10 * math.log10(final.mean())


def integrated_loudness(samples: np.ndarray, rate: int, chunk: int = 1 << 20) -> float:
    """Integrated loudness (LUFS) of a mono float signal in [-1, 1]; -inf for silence."""
    x = np.asarray(samples).reshape(-1)  # any float dtype; converted chunk by chunk
    meter = LoudnessMeter(rate)
    for start in range(0, x.size, chunk):
        meter.add(x[start:start + chunk])
    return meter.loudness()


def _running_min(x: np.ndarray, width: int) -> np.ndarray:
    """Centered running minimum over ``width`` samples (O(n log width))."""
    out = x.copy()
    span = 1
    while span < width:
        step = min(span, width - span)
        shifted = np.empty_like(out)
        shifted[:-step] = out[step:]
        shifted[-step:] = out[-1]
        np.minimum(out, shifted, out=out)
        span += step
    shift = width // 2  # out[i] = min(x[i : i + width]) → center it
    centered = np.empty_like(out)
    centered[shift:] = out[: len(out) - shift]
    centered[:shift] = out[0]
    return centered


def _moving_average(x: np.ndarray, w: int) -> np.ndarray:
    """Centered moving average over ``w`` samples (edges padded with the edge values), O(n)."""
    half = w // 2
    padded = np.concatenate([np.full(half + 1, x[0]), x, np.full(w - half, x[-1])])
    c = np.cumsum(padded)
    return (c[w:w + x.size] - c[:x.size]) / w


def limiter_gain(x: np.ndarray, ceiling: float, w: int) -> np.ndarray:
    """Per-sample gain ≤ 1 that keeps ``|x·gain| ≤ ceiling``, smoothed over ~``w`` samples.  The gain
    at a sample depends only on ±1.5·``w`` neighbours, so windows with a margin of 2·``w`` give the
    same gain in their middle as the whole signal would."""
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(x.astype(np.float64)), 1e-12))
    if x.size < 2 * w:
        return need
    g = _running_min(need, 2 * w)
    return np.minimum(_moving_average(g, w), need)  # smoothing; min keeps the guarantee


def limit_window(x: np.ndarray, keep_lo: int, keep_hi: int, ceiling: float, w: int,
                 block: int = 4096) -> tuple[np.ndarray, float]:
    """``x[keep_lo:keep_hi]`` limited (``x`` carries ≥ 2·``w`` samples of context on both sides where
    available) and the smallest gain applied.  The gain is computed only around blocks that hold a
    peak above the ceiling, so a long window with a few peaks costs little."""
    out = x[keep_lo:keep_hi].copy()
    over = np.flatnonzero(np.abs(x) > ceiling)
    if over.size == 0:
        return out, 1.0
    block = max(block, 2 * w)
    flags = np.zeros(-(-x.size // block) + 2, dtype=bool)
    hit = over // block
    for d in (-1, 0, 1):  # a peak's gain ramp reaches ≤ 1.5·w < block into the neighbours
        flags[np.clip(hit + d, 0, flags.size - 1)] = True
    runs = np.flatnonzero(np.diff(np.concatenate([[0], flags.astype(np.int8), [0]])))
    min_gain = 1.0
    for r0, r1 in zip(runs[::2], runs[1::2]):
        lo, hi = max(0, r0 * block), min(x.size, r1 * block)
        if hi <= lo:
            continue
        c_lo, c_hi = max(0, lo - 2 * w), min(x.size, hi + 2 * w)
        gain = limiter_gain(x[c_lo:c_hi], ceiling, w)[lo - c_lo:hi - c_lo]
        s, e = max(lo, keep_lo), min(hi, keep_hi)
        if e > s:
            g = gain[s - lo:e - lo]
            out[s - keep_lo:e - keep_lo] *= g.astype(out.dtype)
            min_gain = min(min_gain, float(g.min()))
    return out, min_gain


def limiter_width(rate: int, window_ms: float = 5.0) -> int:
    return max(3, int(rate * window_ms / 1000) | 1)


def limit(samples: np.ndarray, rate: int, ceiling_dbfs: float = CEILING_DBFS, window_ms: float = 5.0,
          block: int = 1 << 20) -> np.ndarray:
    """Smooth peak limiter: no sample exceeds the ceiling; gain changes over ~``window_ms``.

    Works block by block (with a margin covering the smoothing window) and only where a block has
    a peak above the ceiling, so long programmes need little extra memory.  Keeps the dtype."""
    x = np.asarray(samples)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    ceiling = 10 ** (ceiling_dbfs / 20)
    w = limiter_width(rate, window_ms)
    out = None
    margin = 2 * w
    for start in range(0, x.size, block):
        end = min(x.size, start + block)
        lo, hi = max(0, start - margin), min(x.size, end + margin)
        if float(np.max(np.abs(x[lo:hi]))) <= ceiling:  # margins: a peak next door still ramps here
            continue
        if out is None:
            out = x.copy()
        out[start:end] = limit_window(x[lo:hi], start - lo, end - lo, ceiling, w)[0]
    return x if out is None else out


def normalize(samples: np.ndarray, rate: int, target_lufs: float = TARGET_LUFS,
              ceiling_dbfs: float = CEILING_DBFS) -> np.ndarray:
    """Gain to ``target_lufs`` integrated, then limit peaks to ``ceiling_dbfs`` (keeps a float dtype)."""
    x = np.asarray(samples)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    lufs = integrated_loudness(x, rate)
    if not math.isfinite(lufs):
        return x
    y = x * x.dtype.type(10 ** ((target_lufs - lufs) / 20))
    limited = limit(y, rate, ceiling_dbfs)
    if limited is y:  # nothing limited: loudness is exactly the target (K-weighting is linear)
        return y
    y = limited
    for _ in range(2):  # the limiter costs a little loudness: make it up (bounded, converges fast)
        now = integrated_loudness(y, rate)
        if not math.isfinite(now) or abs(target_lufs - now) < 0.05:
            break
        y *= y.dtype.type(10 ** (min(3.0, target_lufs - now) / 20))
        y = limit(y, rate, ceiling_dbfs)
    return y
