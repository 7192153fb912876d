"""``lecturecast check`` benchmark: speed on a 20-minute lecture, per-segment WER on the samples
against the scripts' ORIGINAL text, and whether the lexicon entries help speech recognition.

Parts (``--parts``, default all):

* ``lecture`` — a ≥ 20-minute lecture from ``lecture_gen.py`` is built with ``lecturecast video``
  (piper, ``-j 2``), then ``lecturecast check --no-asr`` and ``lecturecast check`` (faster-whisper
  base, int8, beam 1) are timed as CLI processes; targets: ≤ 2 s without ASR, ≤ 0.5× the video's
  length with it.
* ``samples`` — every ``scripts/*.md`` built and checked with ASR: per-segment WER against the
  original narration (``lecturecast.review.wer``: the script's words, not the voice's prepared text).
* ``lexicon`` — sentences with ML terms synthesised by piper with the course lexicon and with the
  new entries overridden by the term itself (= no entry); recognised by faster-whisper; a term
  counts as heard when the recognised words contain the term or its lexicon pronunciation.

Prints raw lines; the load average is printed beside every timing (the machine is shared).
    python benchmarks/bench_check.py [--parts lecture,samples,lexicon] [--minutes 22] [--work DIR]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

NEW_TERMS = {  # term → a sentence that uses it (our own text)
    "pretrained": "We start from a pretrained model and fine-tune it.",
    "pretraining": "After pretraining, the model has seen a lot of text.",
    "RoPE": "RoPE rotates the query and key vectors by their position.",
    "SwiGLU": "The feed-forward block uses a SwiGLU activation.",
    "softmax": "The softmax turns scores into probabilities.",
    "LLaMA": "LLaMA is a family of open models.",
}


def load() -> str:
    one, five, _ = os.getloadavg()
    return f"load {one:.1f}/{five:.1f}"


LAST_CPU = [0.0]  # CPU seconds (user + system) of the last lecturecast process


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def lc(*args: str, quiet: bool = True) -> tuple[float, str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src") + os.pathsep + os.environ.get("PYTHONPATH", ""))
    t0, cpu0 = time.perf_counter(), _children_cpu()
    proc = subprocess.run([sys.executable, "-m", "lecturecast", *(["-q"] if quiet else []), *args],
                          capture_output=True, text=True, env=env)
    if proc.returncode:
        raise SystemExit(f"lecturecast {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    LAST_CPU[0] = _children_cpu() - cpu0
    return time.perf_counter() - t0, proc.stdout


def part_lecture(work: Path, minutes: float, asr: bool = True) -> None:
    from lecture_gen import make_lecture

    from lecturecast.script import format_lecture

    script = work / "check-lecture.md"
    script.write_text(format_lecture(make_lecture(minutes=minutes)), "utf-8")
    out = work / "check-lecture"
    seconds, _ = lc("video", str(script), "-o", str(out), "--engine", "piper", "-j", "2", "--no-check")
    length = json.loads((out / "build.json").read_text())["outputs"]["lecture"]["duration"]
    print(f"lecture: {length:.1f} s video ({length / 60:.1f} min), built in {seconds:.1f} s ({load()})")
    runs = (("check --no-asr", ["--no-asr"]), ("check (ASR)", ["-j", "2"]))
    for label, extra in runs if asr else runs[:1]:
        before = load()
        seconds, text = lc("check", str(script), "-o", str(out), "--json", *extra)
        s = json.loads(text)
        print(f"{label}: {seconds:.2f} s wall = {seconds / length:.3f}x the video, {LAST_CPU[0]:.2f} s CPU "
              f"= {LAST_CPU[0] / 2 / length:.3f}x on 2 idle cores ({before} before, {load()} after); "
              f"in-process stages {s['seconds']}; claims {s['claims']}, problems {s['problems']}, "
              f"segments {s['segments_checked_by_asr']}, WER {s['wer']}")


def part_samples(work: Path) -> None:
    total_err = total_words = 0
    for script in sorted((ROOT / "scripts").glob("*.md")):
        out = work / script.stem
        lc("video", str(script), "-o", str(out), "--engine", "piper", "-j", "2", "--no-check")
        seconds, _ = lc("check", str(script), "-o", str(out), "-j", "2", "--json")
        data = json.loads((out / "review.json").read_text())
        errs = sum(r["errors"] for r in data["audio"])
        words = sum(r["words"] for r in data["audio"])
        total_err, total_words = total_err + errs, total_words + words
        print(f"\n{script.name}: {len(data['audio'])} segments, {words} words, WER {errs / max(1, words):.1%} "
              f"(check {seconds:.1f} s, {load()})")
        for r in data["audio"]:
            wrong = "; ".join(f"{w['said'] or '-'}→{w['heard'] or '-'}" for w in r["wrong"])
            print(f"  {r['where']['segment']:<28} {r['words']:>4} words {r['errors']:>3} errors WER {r['wer']:.3f}"
                  f"{'  markup heard: ' + ','.join(r['markup_heard']) if r['markup_heard'] else ''}  {wrong}")
    print(f"\nsamples: {total_words} words, WER {total_err / max(1, total_words):.2%} against the original scripts")


def part_lexicon(work: Path) -> None:
    from lecturecast.model import Lecture, Meta, Section, Segment, Speech
    from lecturecast.review.asr import Recognizer
    from lecturecast.review.wer import join_compounds, normalise
    from lecturecast.voice import get_engine, synthesize_segment
    from lecturecast.voice.lexicon import course_lexicon

    course = dict(course_lexicon().entries)
    engine, recognizer = get_engine("piper"), Recognizer(2)
    score = {"without": 0, "with": 0}
    for term, text in NEW_TERMS.items():
        seg = Segment(id="s", blocks=(Speech(text),))
        row = []
        for label, lexicon in (("without", ((term, term),)), ("with", ())):
            lec = Lecture(Meta(lexicon=lexicon), (Section("A", (seg,)),))
            audio = synthesize_segment(seg, lec, engine, work / "lexicon-cache")
            heard = recognizer.transcribe(audio.wav)
            joined = f" {' '.join(join_compounds(normalise(term), normalise(heard))[1])} "
            plain = f" {' '.join(normalise(heard))} "
            ok = f" {' '.join(normalise(term))} " in joined or f" {' '.join(normalise(course.get(term, term)))} " in plain
            score[label] += ok
            row.append(f"{label}: {'heard' if ok else 'WRONG'} {heard!r}")
        print(f"{term:<11} ({course.get(term)!r}) " + " | ".join(row))
    print(f"lexicon: terms heard as intended without the new entries {score['without']}/{len(NEW_TERMS)}, "
          f"with them {score['with']}/{len(NEW_TERMS)}")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--parts", default="lexicon,samples,lecture")
    ap.add_argument("--minutes", type=float, default=22.0, help="planned minutes (22 gives a ≥ 20-minute video)")
    ap.add_argument("--skip-asr", action="store_true", help="lecture part: time only check --no-asr")
    ap.add_argument("--work", type=Path, default=None, help="working folder (default: a temp dir)")
    args = ap.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="lecturecast-check-"))
    work.mkdir(parents=True, exist_ok=True)
    print(f"# bench_check on {os.cpu_count()} cores, {load()}, work {work}", flush=True)
    for part in args.parts.split(","):
        t0 = time.perf_counter()
        {"lecture": lambda: part_lecture(work, args.minutes, not args.skip_asr), "samples": lambda: part_samples(work),
         "lexicon": lambda: part_lexicon(work)}[part]()
        print(f"# part {part}: {time.perf_counter() - t0:.0f} s ({load()})\n", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
