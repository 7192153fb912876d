"""Loudness per ITU-R BS.1770-4 (integrated LUFS) with numpy only, plus normalisation and a limiter.

How it is measured (mono programme, channel weight 1.0):

1. K-weighting: the two BS.1770 biquads — a high shelf (+4 dB above ~1.7 kHz) and a high pass at
   ~38 Hz — designed for the signal's sample rate by the bilinear transform (at 48 kHz the
   coefficients equal the table in the standard).  The cascade is applied as an FIR of its impulse
   response (0.1 s, decayed far below 16-bit resolution) by FFT overlap-add in chunks, so long
   programmes need little memory and no scipy.
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


def _k_weighted_chunks(x: np.ndarray, rate: int, chunk: int = 1 << 18):
    """Yield K-weighted samples in order, chunk by chunk (FFT overlap-add)."""
    h = k_weighting_ir(rate)
    chunk = max(1024, min(chunk, len(x)))
    nfft = 1 << int(math.ceil(math.log2(chunk + len(h) - 1)))
    hf = np.fft.rfft(h, nfft)
    carry = np.zeros(len(h) - 1)
    for start in range(0, len(x), chunk):
        seg = np.asarray(x[start:start + chunk], dtype=np.float64)
        y = np.fft.irfft(np.fft.rfft(seg, nfft) * hf, nfft)[: len(seg) + len(h) - 1]
        y[: len(carry)] += carry
        out, rest = y[: len(seg)], y[len(seg):]
        carry = np.zeros(len(h) - 1)
        carry[: len(rest)] = rest
        yield out


def integrated_loudness(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness (LUFS) of a mono float signal in [-1, 1]; -inf for silence."""
    x = np.asarray(samples).reshape(-1)  # any float dtype; converted chunk by chunk
    if x.size == 0:
        return float("-inf")
    sub = int(round(rate * 0.1))
    sums: list[np.ndarray] = []
    total, leftover = 0.0, np.zeros(0)
    for y in _k_weighted_chunks(x, rate):
        total += float(np.dot(y, y))
        y = np.concatenate([leftover, y])
        full = len(y) // sub * sub
        if full:
            sums.append((y[:full] ** 2).reshape(-1, sub).sum(axis=1))
        leftover = y[full:]
    z_sub = np.concatenate(sums) / sub if sums else np.zeros(0)
    if len(z_sub) < 4:  # shorter than one gating block: ungated mean square
        ms = total / x.size
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


def _limit_gain(x: np.ndarray, ceiling: float, w: int) -> np.ndarray:
    need = np.minimum(1.0, ceiling / np.maximum(np.abs(x.astype(np.float64)), 1e-12))
    if x.size < 2 * w:
        return need
    g = _running_min(need, 2 * w)
    return np.minimum(np.convolve(g, np.ones(w) / w, mode="same"), need)  # smoothing; min keeps the guarantee


def limit(samples: np.ndarray, rate: int, ceiling_dbfs: float = CEILING_DBFS, window_ms: float = 5.0,
          block: int = 1 << 20) -> np.ndarray:
    """Smooth peak limiter: no sample exceeds the ceiling; gain changes over ~``window_ms``.

    Works block by block (with a margin covering the smoothing window) and only where a block has
    a peak above the ceiling, so long programmes need little extra memory.  Keeps the dtype."""
    x = np.asarray(samples)
    if not np.issubdtype(x.dtype, np.floating):
        x = x.astype(np.float64)
    ceiling = 10 ** (ceiling_dbfs / 20)
    w = max(3, int(rate * window_ms / 1000) | 1)
    out = None
    margin = 4 * w
    for start in range(0, x.size, block):
        end = min(x.size, start + block)
        if float(np.max(np.abs(x[start:end]))) <= ceiling:
            continue
        if out is None:
            out = x.copy()
        lo, hi = max(0, start - margin), min(x.size, end + margin)
        gain = _limit_gain(x[lo:hi], ceiling, w)
        out[start:end] = x[start:end] * gain[start - lo:end - lo]
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
    y = limit(y, rate, ceiling_dbfs)
    for _ in range(2):  # the limiter costs a little loudness: make it up (bounded, converges fast)
        now = integrated_loudness(y, rate)
        if not math.isfinite(now) or abs(target_lufs - now) < 0.05:
            break
        y *= y.dtype.type(10 ** (min(3.0, target_lufs - now) / 20))
        y = limit(y, rate, ceiling_dbfs)
    return y
