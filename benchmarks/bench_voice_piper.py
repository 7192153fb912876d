"""Piper synthesis speed (issue 6): real-time factor with 1 and 2 processes, model-load time.

    python benchmarks/bench_voice_piper.py [--threads 1,0] [--sentences 12] [--json FILE]

For each ``LECTURECAST_PIPER_THREADS`` value (0 = onnxruntime's default: one thread per core, what
``PiperVoice.load`` does; 1 = lecturecast's default) runs the synthesis of the same sentences in one
process, then in two processes at once (what ``-j 2`` does), and reports the RTF (synthesis wall
time / audio duration; lower is faster) per process and the model-load time.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

SENTENCES = [
    "Recurrent networks read a sequence one step at a time, carrying a hidden state forward.",
    "The vanishing gradient problem made long dependencies hard to learn.",
    "Long short-term memory added gates that decide what to keep and what to forget.",
    "In nineteen ninety-seven, Hochreiter and Schmidhuber published the idea.",
    "Gated recurrent units simplified the design with two gates instead of three.",
    "Attention lets the model look back at every earlier position directly.",
    "Training on a GPU made these models practical for real data sets.",
    "Let us now look at how the forget gate behaves on a simple example.",
]


def child(n: int) -> None:
    from lecturecast.voice import get_engine
    from lecturecast.voice.audio import to_array
    from lecturecast.voice.engines import piper_engine

    eng = get_engine("piper")
    voice = eng.resolve_voice("auto:0")
    t0 = time.perf_counter()
    piper_engine.load_model(piper_engine.model_file("joe"))
    load = time.perf_counter() - t0
    eng.synthesize("Warm up.", voice)
    audio = 0.0
    t0 = time.perf_counter()
    for i in range(n):
        x, r = to_array(eng.synthesize(SENTENCES[i % len(SENTENCES)], voice))
        audio += x.size / r
    wall = time.perf_counter() - t0
    print(json.dumps({"load_s": round(load, 3), "rtf": round(wall / audio, 3), "audio_s": round(audio, 1)}))


def run(threads: str, procs: int, n: int) -> list[dict]:
    env = dict(os.environ, LECTURECAST_PIPER_THREADS=threads)
    ps = [subprocess.Popen([sys.executable, __file__, "--child", str(n)], env=env, stdout=subprocess.PIPE, text=True)
          for _ in range(procs)]
    out = []
    for p in ps:
        stdout, _ = p.communicate(timeout=900)
        out.append(json.loads(stdout.strip().splitlines()[-1]))
    return out


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--threads", default="0,1", help="LECTURECAST_PIPER_THREADS values (0 = onnxruntime default)")
    ap.add_argument("--sentences", type=int, default=12)
    ap.add_argument("--json")
    ap.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child)
        return 0
    results: dict = {"load_avg_before": os.getloadavg()[0], "cores": os.cpu_count()}
    for th in args.threads.split(","):
        one = run(th, 1, args.sentences)
        two = run(th, 2, args.sentences)
        results[f"threads={th}"] = {"one_process": one, "two_processes": two}
        print(f"threads={th}: 1 process RTF {one[0]['rtf']} (load {one[0]['load_s']} s); "
              f"2 processes RTF {[r['rtf'] for r in two]}", flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
