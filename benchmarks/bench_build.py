"""Build benchmarks (issue 6), each next to the naive alternative in the same run.

    python benchmarks/bench_build.py [--minutes 20] [--memory-minutes 60] [--skip-naive] [--json FILE]

Measures on a deterministic synthetic lecture (benchmarks/lecture_gen.py), offline piper voice:
  cold full build (empty cache), warm full rebuild (audio cached, clips/slides/outputs removed),
  no-change rebuild, one-segment narration edit, theme change, slides-only build,
  the naive moviepy render (ImageClip per slide + its audio, concatenate, 24 fps) of the same lecture,
  and peak memory (whole process tree, sampled from /proc) of a cold build of a longer lecture.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from lecture_gen import make_lecture  # noqa: E402


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "lecturecast", "-q", *args]


def _tree_rss(pid: int) -> int:
    """Sum of RSS (bytes) of ``pid`` and all its descendants (Linux /proc)."""
    total, stack, seen = 0, [pid], set()
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue
    while stack:
        p = stack.pop()
        if p in seen:
            continue
        seen.add(p)
        try:
            for line in Path(f"/proc/{p}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
        except OSError:
            pass
        stack.extend(children.get(p, []))
    return total


def timed(cmd: list[str], sample_memory: bool = False) -> tuple[float, int]:
    t0 = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    peak = 0
    stop = threading.Event()

    def sampler() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_rss(proc.pid))
            time.sleep(0.2)

    thread = threading.Thread(target=sampler, daemon=True)
    if sample_memory and sys.platform.startswith("linux"):
        thread.start()
    _, err = proc.communicate()
    stop.set()
    if proc.returncode != 0:
        raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{err}")
    return time.perf_counter() - t0, peak


def naive_moviepy(out_dir: Path, work: Path) -> float:
    """The naive render: one ImageClip per slide with its segment audio, concatenated, 24 fps."""
    script = f"""
import json, sys
from pathlib import Path
from moviepy import ImageClip, AudioFileClip, concatenate_videoclips
out = Path({str(out_dir)!r})
m = json.loads((out / "build.json").read_text())
clips = []
for seg in m["segments"].values():
    audio = AudioFileClip(str(out / seg["audio"]["file"]))
    first = seg["slides"][0]
    clip = ImageClip(str(out / "slides" / f"{{first:03d}}.png")).with_duration(seg["end"] - seg["start"])
    clips.append(clip.with_audio(audio.with_duration(min(audio.duration, seg["end"] - seg["start"]))))
concatenate_videoclips(clips).write_videofile({str(work / 'naive.mp4')!r}, fps=24, codec="libx264",
    audio_codec="aac", logger=None, threads=2)
"""
    seconds, _ = timed([sys.executable, "-c", script])
    return seconds


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--memory-minutes", type=float, default=60.0)
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    from lecturecast.script import format_lecture

    work = Path(tempfile.mkdtemp(prefix="lc-bench-"))
    results: dict[str, object] = {
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "lecture_minutes_planned": args.minutes,
    }
    script = work / "lecture.md"
    script.write_text(format_lecture(make_lecture(minutes=args.minutes)), "utf-8")
    out, cache = work / "out", work / "cache"
    base = ["video", str(script), "-o", str(out), "--cache", str(cache), "--engine", "piper", "-j", "2"]

    results["cold_full_build_s"], _ = timed(_cli(*base))
    manifest = json.loads((out / "build.json").read_text())
    length = manifest["timing"]["total"]
    results["lecture_length_s"] = length
    results["cold_ratio_to_length"] = results["cold_full_build_s"] / length

    results["no_change_rebuild_s"], _ = timed(_cli(*base))

    # warm = every synthesised sentence and segment WAV cached; everything derived from them is redone
    # (slide PNGs, clips, still-GOP template, join, speed-ups, AAC chunks and track, handout pages)
    for kind in ("slide", "clip", "stillgop", "join", "speed", "aacchunk", "aacmix", "aac", "handout"):
        shutil.rmtree(cache / kind, ignore_errors=True)
    shutil.rmtree(out)
    results["warm_full_rebuild_s"], _ = timed(_cli(*base))

    text = script.read_text("utf-8")
    script.write_text(text.replace("In part 7,", "In part 7, which matters most,", 1), "utf-8")
    results["one_segment_edit_s"], _ = timed(_cli(*base))
    edited = json.loads((out / "build.json").read_text())
    results["one_segment_edit_stages_s"] = edited["stage_seconds"]
    results["one_segment_edit_rebuilt"] = {
        kind: sum(1 for seg in edited["segments"].values() if seg.get(kind, {}).get("rebuilt"))
        for kind in ("audio", "clip")}
    results["one_segment_edit_voicetrack"] = edited["outputs"].get("voicetrack")

    theme = work / "theme.yaml"
    theme.write_text("colors:\n  accent: '#B03A2E'\n", "utf-8")
    script.write_text(script.read_text("utf-8").replace("---\n", f"---\ntheme: {theme.name}\n", 1), "utf-8")
    results["theme_change_s"], _ = timed(_cli(*base))

    results["slides_only_s"], _ = timed(_cli("slides", str(script), "-o", str(work / "slides-only"), "-j", "2"))

    if not args.skip_naive:
        results["naive_moviepy_render_s"] = naive_moviepy(out, work)
        results["naive_over_cold_build"] = results["naive_moviepy_render_s"] / results["cold_full_build_s"]
        results["naive_over_warm_build"] = results["naive_moviepy_render_s"] / results["warm_full_rebuild_s"]

    if args.memory_minutes > 0:
        long_script = work / "long.md"
        long_script.write_text(format_lecture(make_lecture(minutes=args.memory_minutes)), "utf-8")
        secs, peak = timed(_cli("video", str(long_script), "-o", str(work / "long"), "--cache",
                                str(work / "cache-long"), "--engine", "piper", "-j", "2"), sample_memory=True)
        results["memory_lecture_minutes"] = args.memory_minutes
        results["memory_build_s"] = secs
        results["peak_tree_rss_mb"] = round(peak / 1e6, 1)

    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
