"""Long fuzz run over mutated scripts (issue 14 acceptance: ≥ 10,000 inputs, 0 tracebacks, 0 hangs).

    python benchmarks/bench_fuzz.py [--count 10000] [--seed 1] [--jobs 2] [--limit 20] [--long-line 50000]

Each input is one of our own fixture scripts (tests/fuzz_helpers.py: canonical, chat-model markdown,
podcast, markdown headings, chat log, SRT) with 1-4 seeded mutations: character flips, line
duplication/deletion/swap, hostile tokens (huge numbers, inf/nan, U+FFFE, control characters,
reversed or ≥ 100 h clocks, "(Ns)" titles, "Name: x:" labels), long lines up to ``--long-line``
characters, deep nesting and random front matter (rate, timing, voices, language, theme...).
For each: load_lecture + lint + plan_deck + format_lecture/reparse, in a worker process, with a
``--limit``-second alarm.  Raw per-input lines for every non-ok outcome and the summary go to
benchmarks/results/fuzz.txt.
"""
from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from fuzz_helpers import check_script, make_input, write_input  # noqa: E402

_ARGS: argparse.Namespace


def _init(args: argparse.Namespace) -> None:
    global _ARGS
    _ARGS = args
    logging.disable(logging.CRITICAL)
    with tempfile.TemporaryDirectory() as tmp:  # warm the font and theme caches: a cold start is no hang
        name, text = make_input(args.seed, 0)
        check_script(write_input(Path(tmp), 0, name, text), 600)


def _one(index: int) -> tuple[int, str, str, float, int, str]:
    name, text = make_input(_ARGS.seed, index, _ARGS.long_line)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_input(Path(tmp), index, name, text)
        out = check_script(path, _ARGS.limit)
    return index, name, out.status, out.seconds, len(text), out.detail.strip().splitlines()[-1][:300] if out.detail else ""


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=10_000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--limit", type=float, default=20.0, help="seconds per input before it counts as a hang")
    ap.add_argument("--long-line", type=int, default=50_000)
    ap.add_argument("--out", type=Path, default=HERE / "results" / "fuzz.txt")
    args = ap.parse_args(argv)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    counts: Counter[str] = Counter()
    times: list[float] = []
    slowest = (0.0, -1, "")
    t0 = time.perf_counter()
    with args.out.open("w", encoding="utf-8") as log, multiprocessing.Pool(args.jobs, _init, (args,)) as pool:
        log.write(f"# bench_fuzz: count={args.count} seed={args.seed} jobs={args.jobs} limit={args.limit}s "
                  f"long_line={args.long_line} started {time.strftime('%Y-%m-%d %H:%M:%S', time.gmtime())} UTC\n")
        for done, (index, name, status, seconds, size, detail) in enumerate(
                pool.imap_unordered(_one, range(args.count), chunksize=4), 1):
            counts[status] += 1
            times.append(seconds)
            slowest = max(slowest, (seconds, index, name))
            if status not in ("ok", "error") or seconds > 5:
                line = f"{index:05d} {name} {status} {seconds:.2f}s {size}B {detail}"
                print(line, flush=True)
                log.write(line + "\n")
                log.flush()
            if done % 250 == 0:
                line = (f"# progress {done}/{args.count}: {dict(sorted(counts.items()))}, max {slowest[0]:.2f} s, "
                        f"{time.perf_counter() - t0:.0f} s")
                print(line, flush=True)
                log.write(line + "\n")
                log.flush()
        times.sort()
        summary = [
            f"inputs: {sum(counts.values())}",
            f"outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())),
            f"tracebacks: {counts['traceback']}", f"hangs (> {args.limit:g} s): {counts['hang']}",
            f"round-trip mismatches: {counts['roundtrip']}",
            f"time per input: median {times[len(times) // 2]:.3f} s, p99 {times[int(len(times) * 0.99)]:.2f} s, "
            f"max {slowest[0]:.2f} s (input {slowest[1]:05d}, {slowest[2]})",
            f"wall: {time.perf_counter() - t0:.0f} s with {args.jobs} worker processes",
        ]
        log.write("\n".join(["# summary"] + summary) + "\n")
    print("\n".join(summary))
    return 0 if counts["traceback"] == counts["hang"] == counts["roundtrip"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
