"""``lecturecast audio``: the narration only — one WAV per segment and a back-to-back voiceover.

Writes ``<out>/audio/<segment-id>.wav``, ``<out>/audio/timings.json`` (sentence timings, engine per
segment) and ``<out>/voiceover.wav`` (segments back to back with a pad, music cues mixed in, −16 LUFS).
The full build (``lecturecast video``) places segments by the timing schedule instead.
"""
from __future__ import annotations

import argparse
import json
import logging
import os
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..fsutil import write_text_atomic
from .common import add_output_argument, add_script_argument, default_output_dir

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("audio", help="synthesise the narration: a WAV per segment and voiceover.wav")
    add_script_argument(p)
    add_output_argument(p)
    p.add_argument("--engine", choices=("gtts", "piper", "espeak", "auto"), default="auto",
                   help="speech engine (auto: gTTS when reachable, else the bundled piper voice)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="parallel synthesis processes (default 1)")
    p.add_argument("--cache", type=Path, default=None, help="audio cache (default: <output>/../.cache)")
    p.add_argument("--gap", type=float, default=0.5, help="silence between segments in voiceover.wav (s)")
    p.set_defaults(func=cmd_audio)


_WORKER_ENGINE = None


def _init_worker(engine) -> None:
    global _WORKER_ENGINE
    _WORKER_ENGINE = engine


def _work(args):
    from ..voice import synthesize_segment

    segment, lecture, cache, out_wav = args
    return synthesize_segment(segment, lecture, _WORKER_ENGINE, cache, out_wav=out_wav)


def cmd_audio(args: argparse.Namespace) -> int:
    from ..script import load_lecture
    from ..voice import get_engine, mix_voiceover

    out = default_output_dir(args.script, args.output)
    cache = args.cache or out.parent / ".cache"
    lecture = load_lecture(args.script)
    engine = get_engine(args.engine)  # auto: probes once and says which engine speaks
    segments = lecture.segments
    jobs = [(seg, lecture, cache, out / "audio" / f"{seg.id}.wav") for seg in segments]
    _init_worker(engine)
    if args.jobs > 1 and len(jobs) > 1:
        with ProcessPoolExecutor(max_workers=min(args.jobs, os.cpu_count() or 1), initializer=_init_worker,
                                 initargs=(engine,)) as pool:
            audios = list(pool.map(_work, jobs))
    else:
        audios = [_work(j) for j in jobs]
    placements, music, t = [], [], 0.0
    report = []
    for seg, audio in zip(segments, audios):
        placements.append((t, audio.wav))
        music += [(t + m.start, t + m.end, m.asset, m.kind) for m in audio.music if m.asset]
        report.append({"segment": seg.id, "start": round(t, 3), "duration": round(audio.duration, 3),
                       "engine": audio.engine, "key": audio.key,
                       "sentences": [{"text": s.text, "start": round(s.start, 3), "end": round(s.end, 3),
                                      "speaker": s.speaker, "block": s.block_index, "engine": s.engine}
                                     for s in audio.sentences]})
        t += audio.duration + args.gap
    total = max([t - args.gap] + [m[1] for m in music]) if audios else 0.0
    write_text_atomic(out / "audio" / "timings.json", json.dumps(report, indent=2, ensure_ascii=False))
    result = mix_voiceover(placements, music, total, out / "voiceover.wav")
    engines = sorted({a.engine for a in audios if a.engine})
    print(f"{len(audios)} segment(s), {result.duration:.1f} s, {result.lufs:.1f} LUFS, "
          f"spoken by {', '.join(engines) or '-'}: {out / 'voiceover.wav'}")
    return 0
