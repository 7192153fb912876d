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
from pathlib import Path

from ..fsutil import write_text_atomic
from ..pipeline.lock import writing_to
from ..pipeline.pool import run_all
from ..script import load_lecture
from .common import add_output_argument, add_root_argument, add_script_argument, add_wait_argument, default_output_dir

log = logging.getLogger(__name__)


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "audio", help="synthesise the narration: a WAV per segment and voiceover.wav",
        description="Synthesise the narration only, without slides or video: audio/<segment-id>.wav per segment, "
                    "audio/timings.json (sentence timings and the engine that spoke each segment) and "
                    "voiceover.wav (segments back to back with --gap seconds between them, music cues mixed in, "
                    "-16 LUFS). Sentences are cached, so running it again after an edit re-speaks only what "
                    "changed. 'lecturecast video' places the segments by the script's clocks instead.")
    add_script_argument(p)
    add_output_argument(p)
    add_root_argument(p)
    p.add_argument("--engine", choices=("gtts", "piper", "espeak", "auto"), default="auto",
                   help="speech engine (auto: gTTS when reachable, else the bundled piper voice)")
    p.add_argument("-j", "--jobs", type=int, default=1, help="parallel synthesis processes (default 1)")
    p.add_argument("--cache", type=Path, default=None, help="audio cache (default: <output>/../.cache)")
    p.add_argument("--gap", type=float, default=0.5, help="silence between segments in voiceover.wav (s)")
    add_wait_argument(p)
    p.set_defaults(func=cmd_audio)


def _work(engine, segment, lecture, cache, out_wav):
    from ..voice import synthesize_segment

    return synthesize_segment(segment, lecture, engine, cache, out_wav=out_wav)


def cmd_audio(args: argparse.Namespace) -> int:
    from ..voice import get_engine  # voice loads numpy/pydub: only when this command runs

    out = default_output_dir(args.script, args.output)
    cache = args.cache or out.parent / ".cache"
    lecture = load_lecture(args.script, root=args.root)
    engine = get_engine(args.engine)  # auto: probes once and says which engine speaks
    wavs = [out / "audio" / f"{seg.id}.wav" for seg in lecture.segments]
    singles = [out / "audio" / "timings.json", out / "voiceover.wav"]
    with writing_to(out, wait=args.wait) as owned:
        owned.claim(wavs, AUDIO_GROUP)
        owned.claim(singles)
        audios = _synthesize_all(lecture, engine, cache, wavs, args.jobs)
        owned.prune(AUDIO_GROUP, wavs)  # our WAVs of segments the script no longer has
        result = _write_voiceover(lecture, audios, args.gap, out)
        owned.record(wavs, AUDIO_GROUP)
        owned.record(singles)
        owned.save()
    engines = sorted({name for a in audios for name in a.engine.split("+") if name})
    print(f"{len(audios)} segment(s), {result.duration:.1f} s, {result.lufs:.1f} LUFS, "
          f"spoken by {', '.join(engines) or '-'}: {out / 'voiceover.wav'}")
    return 0


AUDIO_GROUP = "audio-command"  # audio/<segment-id>.wav (the build's are audio/NNN-<id>.wav)


def _synthesize_all(lecture, engine, cache: Path, wavs: list[Path], jobs: int) -> list:
    work = [(engine, seg, lecture, cache, wav) for seg, wav in zip(lecture.segments, wavs)]
    # the pool forwards the workers' warnings (engine fallbacks) to this console
    return run_all(_work, work, jobs=min(jobs, os.cpu_count() or 1))


def _write_voiceover(lecture, audios: list, gap: float, out: Path):
    from ..voice import mix_voiceover

    placements, music, t = [], [], 0.0
    report = []
    for seg, audio in zip(lecture.segments, audios):
        placements.append((t, audio.wav))
        music += [(t + m.start, t + m.end, m.asset, m.kind) for m in audio.music if m.asset]
        report.append({"segment": seg.id, "start": round(t, 3), "duration": round(audio.duration, 3),
                       "engine": audio.engine, "key": audio.key,
                       "sentences": [{"text": s.text, "start": round(s.start, 3), "end": round(s.end, 3),
                                      "speaker": s.speaker, "block": s.block_index, "engine": s.engine}
                                     for s in audio.sentences]})
        t += audio.duration + gap
    total = max([t - gap] + [m[1] for m in music]) if audios else 0.0
    write_text_atomic(out / "audio" / "timings.json", json.dumps(report, indent=2, ensure_ascii=False))
    return mix_voiceover(placements, music, total, out / "voiceover.wav")
