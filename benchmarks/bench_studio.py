"""Studio benchmark: edit one sentence in the page → the regenerated segment is playable in the page.

Copies scripts/rnn-history.md (and its images) to a temporary folder, builds it once with the CLI
(offline piper voice), starts ``lecturecast studio`` (real uvicorn), drives Debian's chromium with
Playwright, and for several segments: replaces one word of a sentence, clicks "Save & regenerate",
and stops the clock when that segment's <audio> element has loaded the new file's metadata.
Raw output: benchmarks/results/studio.txt.  Also writes docs/studio.png (a screenshot of the page).

    PYTHONPATH=src python benchmarks/bench_studio.py [--edits 3] [--no-screenshot]
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from studio_helpers import launch_chromium, run_cli, studio_server  # noqa: E402

SEGMENTS = ("lstm", "gru", "first-models", "where-next", "vanishing-gradient")
WAIT_MS = 600_000


def edit_once(page, seg_id: str, example: int) -> float:  # type: ignore[no-untyped-def]
    """Add a clause to the first sentence (a number never used before, so the cache cannot have it)."""
    area = page.locator(f"#text-{seg_id}")
    text = area.input_value()
    first_end = text.index(".") + 1
    area.fill(text[:first_end - 1] + f", as example {example} will show" + text[first_end - 1:])
    old = page.locator(f'[data-audio-of="{seg_id}"]').get_attribute("src")
    t0 = time.perf_counter()
    page.click(f"#seg-{seg_id} button[type=submit]")
    page.wait_for_function(
        """([id, old]) => { const a = document.querySelector(`[data-audio-of="${id}"]`);
            return a && a.getAttribute('src') !== old && a.readyState >= 1
                   && document.querySelector(`[data-state-of="${id}"]`).textContent === 'ready'; }""",
        arg=[seg_id, old], timeout=WAIT_MS, polling=20)
    return time.perf_counter() - t0


def screenshot(page, base: str) -> str:  # type: ignore[no-untyped-def]
    """docs/studio.png: the lecture, the segment table and the first segment's editor."""
    shot = ROOT / "docs" / "studio.png"
    page.set_viewport_size({"width": 1280, "height": 1500})
    page.goto(base + "/")
    page.wait_for_function("() => document.querySelector('main').dataset.idle === 'yes'")
    page.evaluate("""() => new Promise(done => { const v = document.querySelector('video#video');
        v.addEventListener('seeked', () => done(), {once: true}); v.currentTime = 40; })""")
    page.screenshot(path=str(shot), full_page=False)
    return f"screenshot {shot.relative_to(ROOT)}: {shot.stat().st_size // 1024} KB"


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process and its waited-for children (ffmpeg runs), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return sum(int(x) for x in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def cli_segment_edit(folder: Path) -> str:
    """The same kind of edit without the studio, for comparison: change a sentence in the file, then
    ``lecturecast segment`` (a new process: imports and voice loading included)."""
    script = folder / "rnn-history.md"
    text = script.read_text("utf-8")
    marker = "Most of the networks you have met so far"
    script.write_text(text.replace(marker, f"{marker}, {random.randrange(1000, 10 ** 6)} of them,", 1), "utf-8")
    t0 = time.perf_counter()
    proc = run_cli("segment", "rnn-history.md", "why-sequences", "--engine", "piper", "--wait", "600", cwd=folder)
    assert proc.returncode == 0, proc.stderr
    return (f"same kind of edit with the CLI instead (edit the file, lecturecast segment, own process): "
            f"{time.perf_counter() - t0:.2f} s; load {os.getloadavg()[0]:.2f}")


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--edits", type=int, default=3)
    ap.add_argument("--no-screenshot", action="store_true")
    ap.add_argument("--cache", type=Path, default=ROOT / "output" / ".cache",
                    help="artifact cache shared with earlier runs (the cold build is not what is measured)")
    args = ap.parse_args()
    from playwright.sync_api import sync_playwright

    lines = [f"# bench_studio  {time.strftime('%Y-%m-%d %H:%M:%S')}  {platform.platform()}  cpus={os.cpu_count()}",
             f"# load average at start: {os.getloadavg()}"]
    os.environ["LECTURECAST_CACHE"] = str(args.cache.resolve())
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(ROOT / "scripts" / "rnn-history.md", folder / "rnn-history.md")
        shutil.copytree(ROOT / "scripts" / "images", folder / "images")
        t0 = time.perf_counter()
        built = run_cli("video", "rnn-history.md", "--engine", "piper", cwd=folder, timeout=1800)
        assert built.returncode == 0, built.stderr
        lines.append(f"CLI build before the studio starts (lecturecast video, piper, cache {args.cache}): "
                     f"{time.perf_counter() - t0:.2f} s")
        pids: list[int] = []
        with studio_server(folder / "rnn-history.md", cwd=folder, pids=pids) as base, sync_playwright() as p:
            browser = launch_chromium(p)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            t0 = time.perf_counter()
            page.goto(base + "/")
            page.wait_for_function("() => document.querySelector('main').dataset.idle === 'yes'", timeout=WAIT_MS)
            lines.append(f"page load until idle: {time.perf_counter() - t0:.2f} s")
            if not args.no_screenshot:
                lines.append(screenshot(page, base))
                page.set_viewport_size({"width": 1280, "height": 900})
            page.wait_for_timeout(15000)  # let the studio finish loading the voice (off the critical path)
            times = []
            for n in range(args.edits):
                seg_id = SEGMENTS[n % len(SEGMENTS)]
                cpu0 = cpu_seconds(pids[0])
                seconds = edit_once(page, seg_id, random.randrange(1000, 10 ** 6))
                cpu = cpu_seconds(pids[0]) - cpu0
                m = json.loads((folder / "output" / "rnn-history" / "build.json").read_text("utf-8"))
                stages = {k: round(v, 2) for k, v in m["stage_seconds"].items()}
                lines.append(f"edit {n + 1} segment {seg_id}: playable in the page after {seconds:.2f} s "
                             f"(CPU time of the studio process + its ffmpeg runs: {cpu:.2f} s); "
                             f"rebuilt {m['rebuilt']}; engine stages {stages}; load {os.getloadavg()[0]:.2f}")
                times.append(seconds)
            lines.append(f"edit -> playable: median {statistics.median(times):.2f} s, min {min(times):.2f} s, "
                         f"max {max(times):.2f} s over {len(times)} edits (target <= 5 s)")
            lines.append(cli_segment_edit(folder))
            browser.close()
    text = "\n".join(lines) + "\n"
    out = ROOT / "benchmarks" / "results" / "studio.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(text, "utf-8")
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
