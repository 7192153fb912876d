"""Run every benchmark in one go (``make bench``) and record the raw results.

Each benchmark runs as its own process, in this order: slides, video (vs naive moviepy), voice
(offline ASR word error rate; needs the ``asr`` extra), build (cold/warm/edit/theme/slides-only vs
naive, peak memory), fuzz (≥ 10,000 mutated scripts: tracebacks, hangs, time per input).  Raw output goes to ``benchmarks/results/<name>.txt``; ``RESULTS.md`` holds the
reviewed summary with the machine and date, updated by hand from these files.

    python benchmarks/run_all.py [--only slides,video,voice,build,fuzz] [--quick]
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
SEED = HERE.parent.parent / "shared" / "seed" / "000_3756fdbb72bf6abd.txt"

BENCHES = {
    "slides": ["bench_slides.py"],
    "video": ["bench_video.py"],
    "voice": ["bench_voice_wer.py", "--script", str(SEED)],
    "build": ["bench_build.py"],
    "fuzz": ["bench_fuzz.py"],
}
QUICK = {
    "video": ["--minutes", "5", "--naive-minutes", "2"],
    "build": ["--minutes", "5", "--memory-minutes", "10"],
    "voice": ["--segments", "4"],
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
        t0 = time.perf_counter()
        proc = subprocess.run(cmd, capture_output=True, text=True)
        text = header + f"# {' '.join(cmd[1:])}\n# exit {proc.returncode}, {time.perf_counter() - t0:.0f} s\n\n"
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
