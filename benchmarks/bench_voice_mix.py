"""Voice-layer performance benchmarks (issue 6): mix time / peak memory, loudness cost per sentence.

    python benchmarks/bench_voice_mix.py [--minutes 20,60] [--sentences 40] [--json FILE]

* **mix** — a synthetic lecture timeline (speech-like segment WAVs of 40–90 s at 48 kHz/16-bit,
  already at −16 LUFS like real segment audio, 0.5 s apart; intro bed at the start, a bed in the
  middle, outro bed to the end) mixed by ``mix_voiceover`` in a fresh process per length:
  wall time, peak RSS of that process (``ru_maxrss``), measured loudness and peak.
* **loudness** — ``synth.postprocess`` (resample 22.05→48 kHz, trim, normalise to −16 LUFS with
  the limiter) on sentence-length clips of random lengths (1–12 s): mean and max seconds per call.

No piper needed (the signals are generated), so the numbers isolate the voice layer's own cost.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

RATE = 48000


def speechlike(seconds: float, seed: int, rate: int = RATE) -> np.ndarray:
    """Voiced harmonics (f0 ~110–140 Hz, gliding) under a ~4 Hz syllable envelope, with pauses and
    a little breath noise; float32 in [-1, 1], crest factor like speech."""
    rng = np.random.default_rng(seed)
    n = int(seconds * rate)
    t = np.arange(n, dtype=np.float64) / rate
    f0 = 125 + 15 * np.sin(2 * np.pi * 0.3 * t + rng.uniform(0, 6))
    phase = 2 * np.pi * np.cumsum(f0) / rate
    x = np.zeros(n)
    for k in range(1, 12):
        x += np.sin(k * phase + rng.uniform(0, 6)) / k
    env = np.clip(np.sin(2 * np.pi * 4.0 * t + rng.uniform(0, 6)), 0, None) ** 2
    words = (rng.random(int(seconds * 2) + 2) > 0.15).repeat(rate // 2)[:n]  # 0.5 s pauses
    x = x * env * words + 0.003 * rng.standard_normal(n)
    return (0.25 * x / np.max(np.abs(x))).astype(np.float32)


def make_timeline(minutes: float, work: Path) -> tuple[list, list, float]:
    """(placements, music, total) of a synthetic lecture; a few distinct segment files are reused."""
    from lecturecast.assets import assets_dir
    from lecturecast.voice.audio import write_wav
    from lecturecast.voice.loudness import normalize

    files = []
    for i, secs in enumerate((40, 55, 70, 90, 63, 48)):
        p = work / f"seg{i}.wav"
        if not p.exists():
            write_wav(p, normalize(speechlike(secs, i), RATE), RATE)
        files.append((p, float(secs)))
    placements, t, i = [], 3.0, 0
    while t < minutes * 60 - 10:
        p, secs = files[i % len(files)]
        placements.append((round(t, 3), str(p)))
        t += secs + 0.5
        i += 1
    total = t + 4.0
    music = assets_dir() / "music"
    beds = [(0.0, 8.0, str(music / "intro.wav")), (total / 2, total / 2 + 30.0, str(music / "bed.wav")),
            (total - 12.0, total, str(music / "outro.wav"))]
    return placements, beds, total


def _peak_rss() -> int:
    """Peak RSS (bytes) of this process: VmHWM (Linux; unlike ru_maxrss it is not inherited from the
    parent at fork), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * (1 if sys.platform == "darwin" else 1024)


def _mix_child(spec: str) -> None:
    from lecturecast.voice import mix_voiceover

    d = json.loads(Path(spec).read_text())
    t0 = time.perf_counter()
    res = mix_voiceover([tuple(p) for p in d["placements"]], [tuple(m) for m in d["music"]], d["total"], d["out"])
    wall = time.perf_counter() - t0
    rss = _peak_rss()
    file_lufs = _file_loudness(d["out"])  # after the RSS reading: the check must not count
    print(json.dumps({"wall_s": round(wall, 3), "peak_rss_mb": round(rss / 1e6, 1), "lufs": round(res.lufs, 3),
                      "file_lufs": round(file_lufs, 3), "peak_dbfs": round(res.peak_dbfs, 3),
                      "duration_s": round(res.duration, 2)}))


def _file_loudness(path: str) -> float:
    """Integrated loudness of a 48 kHz 16-bit WAV, read in chunks."""
    import wave

    from lecturecast.voice.loudness import LoudnessMeter

    meter = LoudnessMeter(RATE)
    with wave.open(path, "rb") as w:
        while True:
            data = w.readframes(1 << 20)
            if not data:
                break
            meter.add(np.frombuffer(data, "<i2").astype(np.float64) / 32768.0)
    return meter.loudness()


def bench_mix(minutes: float, work: Path) -> dict:
    placements, music, total = make_timeline(minutes, work)
    spec = work / f"mix{minutes:g}.json"
    spec.write_text(json.dumps({"placements": placements, "music": music, "total": total,
                                "out": str(work / f"vo{minutes:g}.wav")}))
    proc = subprocess.run([sys.executable, __file__, "--child", str(spec)], capture_output=True, text=True,
                          timeout=1800, check=True)
    out = json.loads(proc.stdout.strip().splitlines()[-1])
    baseline_rss = subprocess.run([sys.executable, __file__, "--import-rss"], capture_output=True, text=True,
                                  check=True).stdout
    out["import_rss_mb"] = round(int(baseline_rss) / 1e6, 1)  # the process before mixing anything
    out["minutes"] = minutes
    return out


def bench_loudness(count: int) -> dict:
    from lecturecast.voice import synth

    rng = np.random.default_rng(7)
    lengths = rng.uniform(1.0, 12.0, count)
    synth.postprocess(speechlike(2.0, 0, 22050).astype(np.float64), 22050)  # warm caches
    times = []
    for i, secs in enumerate(lengths):
        x = speechlike(float(secs), 100 + i, 22050).astype(np.float64)
        t0 = time.perf_counter()
        synth.postprocess(x, 22050)
        times.append(time.perf_counter() - t0)
    return {"sentences": count, "mean_s": round(float(np.mean(times)), 4), "max_s": round(float(np.max(times)), 4),
            "mean_clip_s": round(float(np.mean(lengths)), 2)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", default="20,60")
    ap.add_argument("--sentences", type=int, default=40)
    ap.add_argument("--json")
    ap.add_argument("--work", help="keep the generated segment WAVs here (default: a temp dir)")
    ap.add_argument("--child", help=argparse.SUPPRESS)
    ap.add_argument("--import-rss", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.import_rss:
        import lecturecast.voice  # noqa: F401

        print(_peak_rss())
        return 0
    if args.child:
        _mix_child(args.child)
        return 0
    results: dict = {"load_avg_before": os.getloadavg()[0]}
    if args.sentences:
        results["loudness"] = bench_loudness(args.sentences)
        print(f"postprocess per sentence: {results['loudness']}", flush=True)
    with tempfile.TemporaryDirectory(prefix="lc-bench-mix-") as tmp:
        work = Path(args.work) if args.work else Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        for m in (float(v) for v in args.minutes.split(",") if v):
            r = bench_mix(m, work)
            results[f"mix_{m:g}min"] = r
            print(f"mix {m:g} min: {r}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
