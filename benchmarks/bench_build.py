"""Build benchmarks (issue 6), each next to the naive alternative in the same run.

    python benchmarks/bench_build.py [--minutes 20] [--memory-minutes 60] [--skip-naive] [--json FILE]

Measures on a deterministic synthetic lecture (benchmarks/lecture_gen.py), offline piper voice:
  cold full build (empty cache), warm full rebuild (audio cached, clips/slides/outputs removed),
  no-change rebuild, one-segment narration edit, theme change, slides-only build,
  the naive moviepy render (ImageClip per segment + its audio, concatenate) of the same lecture — at the
  build's settings (10 fps, ultrafast, 2 threads: like for like) and at moviepy's defaults (24 fps,
  preset medium; first ``--naive-defaults-minutes``, scaled) —
  and peak memory (whole process tree, sampled from /proc) of a cold build of a longer lecture.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
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


def cpu_children() -> float:
    """User + system CPU seconds of the finished child processes (and theirs) so far."""
    r = resource.getrusage(resource.RUSAGE_CHILDREN)
    return r.ru_utime + r.ru_stime


def _perf_wrapped(cmd: list[str], out: Path) -> list[str]:
    """``cmd`` under ``perf stat -e task-clock`` when perf works here: CPU time of the whole process tree,
    including workers that exit without being waited for (``RUSAGE_CHILDREN`` misses those)."""
    perf = shutil.which("perf")
    if perf and subprocess.run([perf, "stat", "-x,", "-e", "task-clock", "true"], capture_output=True).returncode == 0:
        return [perf, "stat", "-x,", "-e", "task-clock", "-o", str(out), "--", *cmd]
    return cmd


def _perf_cpu(out: Path) -> float | None:
    for line in out.read_text().splitlines() if out.is_file() else []:
        fields = line.split(",")
        if len(fields) > 2 and fields[2].startswith("task-clock") and fields[0].replace(".", "", 1).isdigit():
            return float(fields[0]) / 1000  # msec → s
    return None


def timed(cmd: list[str], sample_memory: bool = False, cpu: dict | None = None, label: str = "") -> tuple[float, int]:
    """Wall seconds and peak tree RSS of ``cmd``; its CPU seconds (whole process tree) go to ``cpu[label]``."""
    stat = Path(tempfile.mkstemp(prefix="lc-bench-perf-")[1])
    run_cmd = cmd if sample_memory else _perf_wrapped(cmd, stat)
    t0, c0 = time.perf_counter(), cpu_children()
    proc = subprocess.Popen(run_cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
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
    if cpu is not None:
        measured = _perf_cpu(stat)
        cpu[label] = round(measured if measured is not None else cpu_children() - c0, 1)
        cpu["measured_with"] = "perf stat task-clock (process tree)" if measured is not None else "RUSAGE_CHILDREN"
    stat.unlink(missing_ok=True)
    return time.perf_counter() - t0, peak


def naive_moviepy(out_dir: Path, work: Path, *, fps: int, preset: str | None, threads: int | None,
                  minutes: float | None, label: str, cpu: dict) -> dict:
    """The naive render: one ImageClip per segment's first slide with its segment audio, concatenated,
    ``write_videofile`` at ``fps`` (``preset``/``threads`` None = moviepy's defaults).  ``minutes``:
    render only the segments that start in the first ``minutes`` and scale the time to the whole lecture."""
    settings = {k: v for k, v in (("preset", preset), ("threads", threads)) if v is not None}
    script = f"""
import json, sys
from pathlib import Path
from moviepy import ImageClip, AudioFileClip, concatenate_videoclips
out = Path({str(out_dir)!r})
m = json.loads((out / "build.json").read_text())
limit = {minutes!r}
clips, rendered = [], 0.0
for seg in m["segments"].values():
    if limit is not None and rendered >= limit * 60:
        break
    audio = AudioFileClip(str(out / seg["audio"]["file"]))
    first = seg["slides"][0]
    length = seg["end"] - seg["start"]
    clip = ImageClip(str(out / "slides" / f"{{first:03d}}.png")).with_duration(length)
    clips.append(clip.with_audio(audio.with_duration(min(audio.duration, length))))
    rendered += length
concatenate_videoclips(clips).write_videofile({str(work / f'naive-{label}.mp4')!r}, fps={fps}, codec="libx264",
    audio_codec="aac", logger=None, temp_audiofile={str(work / f'naive-{label}-audio.m4a')!r}, **{settings!r})
print(rendered)
"""
    stat = work / f"naive-{label}.perf"
    t0, c0 = time.perf_counter(), cpu_children()
    proc = subprocess.run(_perf_wrapped([sys.executable, "-c", script], stat), capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"naive moviepy render failed:\n{proc.stderr[-2000:]}")
    seconds, cpu_s = time.perf_counter() - t0, cpu_children() - c0
    cpu_s = _perf_cpu(stat) or cpu_s
    rendered = float(proc.stdout.strip().splitlines()[-1])
    segments_total = sum(seg["end"] - seg["start"] for seg in json.loads((out_dir / "build.json").read_text())["segments"].values())
    scale = segments_total / rendered
    cpu[f"naive_{label}"] = round(cpu_s * scale, 1)
    return {"fps": fps, "preset": preset or "moviepy default (medium)", "threads": threads or "moviepy default",
            "rendered_video_s": round(rendered, 1), "segments_video_s": round(segments_total, 1),
            "wall_s": round(seconds, 1), "cpu_s": round(cpu_s, 1),
            "scaled_to_all_segments_wall_s": round(seconds * scale, 1),
            "scaled_to_all_segments_cpu_s": round(cpu_s * scale, 1)}


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--minutes", type=float, default=20.0)
    ap.add_argument("--memory-minutes", type=float, default=60.0)
    ap.add_argument("--skip-naive", action="store_true")
    ap.add_argument("--wpm", type=int, default=163,
                    help="words per minute the lecture is written for (163: piper's pace, so --minutes is the built length)")
    ap.add_argument("--naive-defaults-minutes", type=float, default=4.0,
                    help="render this much with moviepy's 24 fps defaults and scale (0: the whole lecture)")
    ap.add_argument("--json", type=Path, default=None)
    args = ap.parse_args()
    from lecturecast.script import format_lecture

    work = Path(tempfile.mkdtemp(prefix="lc-bench-"))
    results: dict[str, object] = {
        "machine": f"{platform.node()} {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "lecture_minutes_planned": args.minutes, "words_per_minute": args.wpm,
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
    }
    cpu: dict[str, float] = {}
    results["cpu_s"] = cpu
    script = work / "lecture.md"
    script.write_text(format_lecture(make_lecture(minutes=args.minutes, wpm=args.wpm)), "utf-8")
    out, cache = work / "out", work / "cache"
    base = ["video", str(script), "-o", str(out), "--cache", str(cache), "--engine", "piper", "-j", "2"]

    results["cold_full_build_s"], _ = timed(cpu=cpu, label="cold_full_build", cmd=_cli(*base))
    manifest = json.loads((out / "build.json").read_text())
    length = manifest["timing"]["total"]
    results["lecture_length_s"] = length
    results["lecture_length_min"] = round(length / 60, 2)
    results["cold_ratio_to_length"] = results["cold_full_build_s"] / length

    results["no_change_rebuild_s"], _ = timed(cpu=cpu, label="no_change_rebuild", cmd=_cli(*base))

    # warm = every synthesised sentence and segment WAV cached; everything derived from them is redone
    # (slide PNGs, clips, still-GOP template, join, speed-ups, AAC chunks and track, handout pages)
    for kind in ("slide", "clip", "stillgop", "join", "speed", "aacchunk", "aacmix", "aac", "handout"):
        shutil.rmtree(cache / kind, ignore_errors=True)
    shutil.rmtree(out)
    results["warm_full_rebuild_s"], _ = timed(cpu=cpu, label="warm_full_rebuild", cmd=_cli(*base))

    text = script.read_text("utf-8")
    script.write_text(text.replace("In part 7,", "In part 7, which matters most,", 1), "utf-8")
    results["one_segment_edit_s"], _ = timed(cpu=cpu, label="one_segment_edit", cmd=_cli(*base))
    edited = json.loads((out / "build.json").read_text())
    results["one_segment_edit_stages_s"] = edited["stage_seconds"]
    results["one_segment_edit_rebuilt"] = {
        kind: sum(1 for seg in edited["segments"].values() if seg.get(kind, {}).get("rebuilt"))
        for kind in ("audio", "clip")}
    results["one_segment_edit_voicetrack"] = edited["outputs"].get("voicetrack")

    theme = work / "theme.yaml"
    theme.write_text("colors:\n  accent: '#B03A2E'\n", "utf-8")
    script.write_text(script.read_text("utf-8").replace("---\n", f"---\ntheme: {theme.name}\n", 1), "utf-8")
    results["theme_change_s"], _ = timed(cpu=cpu, label="theme_change", cmd=_cli(*base))

    results["slides_only_s"], _ = timed(cpu=cpu, label="slides_only", cmd=_cli("slides", str(script), "-o", str(work / "slides-only"), "-j", "2"))

    if not args.skip_naive:
        # like for like: moviepy at the build's fps (10), x264 preset (ultrafast) and threads (-j 2);
        # then moviepy's defaults at 24 fps (preset medium), labelled, on the first minutes, scaled
        fps = int(edited.get("options", {}).get("fps", 10))
        same = naive_moviepy(out, work, fps=fps, preset="ultrafast", threads=2, minutes=None, label="same-settings",
                             cpu=cpu)
        results["naive_moviepy_same_settings"] = same
        results["naive_same_settings_over_cold_build"] = {
            "wall": round(same["scaled_to_all_segments_wall_s"] / results["cold_full_build_s"], 1),
            "cpu": round(same["scaled_to_all_segments_cpu_s"] / cpu["cold_full_build"], 1)}
        results["naive_same_settings_over_warm_build"] = {
            "wall": round(same["scaled_to_all_segments_wall_s"] / results["warm_full_rebuild_s"], 1),
            "cpu": round(same["scaled_to_all_segments_cpu_s"] / cpu["warm_full_rebuild"], 1)}
        results["naive_moviepy_defaults_24fps"] = naive_moviepy(
            out, work, fps=24, preset=None, threads=None, minutes=args.naive_defaults_minutes or None,
            label="defaults-24fps", cpu=cpu)

    if args.memory_minutes > 0:
        long_script = work / "long.md"
        long_script.write_text(format_lecture(make_lecture(minutes=args.memory_minutes, wpm=args.wpm)), "utf-8")
        secs, peak = timed(cpu=cpu, label="memory_build", sample_memory=True, cmd=_cli("video", str(long_script), "-o", str(work / "long"), "--cache",
                                str(work / "cache-long"), "--engine", "piper", "-j", "2"))
        results["memory_lecture_minutes"] = args.memory_minutes
        results["memory_build_s"] = secs
        results["peak_tree_rss_mb"] = round(peak / 1e6, 1)

    results["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    results = {k: round(v, 2) if isinstance(v, float) else v for k, v in results.items()}
    text = json.dumps(results, indent=2)
    print(text)
    if args.json:
        args.json.write_text(text + "\n")
    shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
