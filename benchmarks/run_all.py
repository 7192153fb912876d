"""Run every benchmark in one go (``make bench``) and record the raw results.

Each benchmark runs as its own process, in this order: slides, video (vs naive moviepy), voice_wer
(offline ASR word error rate against the script's own words; needs the ``asr`` extra), voice_mix
(voiceover mix time and memory), voice_piper (piper real-time factor), build (cold/warm/edit/theme/slides-only vs
naive, peak memory), studio (edit in the page → regenerated segment playable; needs the ``studio``
extra and chromium), captions (cue timing vs ASR word times; ``asr`` extra), fonts (LibreOffice without Noto, with/without
substitution hints), check (review: speed with/without ASR, samples WER vs the original text, lexicon A/B), fuzz (≥ 10,000 mutated scripts: tracebacks,
hangs, time per input).  Raw output goes to
``benchmarks/results/<name>.txt``; ``RESULTS.md`` holds the
reviewed summary with the machine and date, updated by hand from these files.

    python benchmarks/run_all.py [--only slides,video,voice_wer,...,check] [--quick]
"""
from __future__ import annotations

import argparse
import platform
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
# the project's seed chat log: /work/shared/seed, beside the checkout (main) or two levels up (a worktree)
SEED = next((p for p in (d / "shared" / "seed" / "000_3756fdbb72bf6abd.txt" for d in HERE.parents) if p.is_file()),
            HERE.parents[1] / "shared" / "seed" / "000_3756fdbb72bf6abd.txt")

BENCHES = {
    "slides": ["bench_slides.py"],
    "video": ["bench_video.py", "--naive-defaults-minutes", "5"],
    "voice_wer": ["bench_voice_wer.py", "--script", str(SEED)],
    "voice_mix": ["bench_voice_mix.py"],
    "voice_piper": ["bench_voice_piper.py"],
    # 10 minutes: the whole build series, two moviepy renders and no 60-minute memory build fit a
    # shared 2-core machine's run; bench_build.py --minutes 20 --memory-minutes 60 for the long form
    "build": ["bench_build.py", "--minutes", "10", "--memory-minutes", "0", "--naive-defaults-minutes", "3"],
    "studio": ["bench_studio.py", "--no-screenshot"],
    "captions": ["bench_captions.py", "--json", "--out", ""],  # run_all writes results/captions.txt
    "fonts": ["bench_fonts.py"],
    "check": ["bench_check.py"],
    "fuzz": ["bench_fuzz.py"],
}
QUICK = {
    "video": ["--minutes", "5", "--naive-minutes", "2"],
    "build": ["--minutes", "5", "--memory-minutes", "10"],
    "voice_wer": ["--segments", "4"],
    "voice_mix": ["--minutes", "5", "--sentences", "10"],
    "voice_piper": ["--sentences", "4"],
    "studio": ["--edits", "2"],
    "captions": ["--minutes", "3"],
    "check": ["--minutes", "5", "--parts", "lecture,lexicon"],
    "fuzz": ["--count", "500"],
}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--only", default=",".join(BENCHES))
    ap.add_argument("--quick", action="store_true", help="smaller lectures (smoke run)")
    args = ap.parse_args()
    out_dir = HERE / "results"
    out_dir.mkdir(exist_ok=True)
    header = (f"# {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()} "
              f"({platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()})\n")
    failed = []
    for name in args.only.split(","):
        cmd = [sys.executable, str(HERE / BENCHES[name][0]), *BENCHES[name][1:]]
        if args.quick:
            cmd += QUICK.get(name, [])
        print(f"== {name}: {' '.join(cmd[1:])}", flush=True)
        t0, load_start = time.perf_counter(), os.getloadavg()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        text = header + f"# {' '.join(cmd[1:])}\n# exit {proc.returncode}, {time.perf_counter() - t0:.0f} s; load average " \
            f"(1/5/15 min) at start {' '.join(f'{x:.2f}' for x in load_start)}, at end " \
            f"{' '.join(f'{x:.2f}' for x in os.getloadavg())}\n\n"
        text += proc.stdout + ("\n--- stderr ---\n" + proc.stderr[-4000:] if proc.returncode else "")
        (out_dir / f"{name}.txt").write_text(text, encoding="utf-8")
        print(proc.stdout[-3000:], flush=True)
        if proc.returncode:
            failed.append(name)
            print(proc.stderr[-2000:], file=sys.stderr)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
