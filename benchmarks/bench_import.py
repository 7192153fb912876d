"""Import every evaluation script and measure what the importer used, kept as notes and left unused.

    PYTHONPATH=src python benchmarks/bench_import.py [FOLDER] [-o benchmarks/results/import.txt]

Per file: format, detected language, sections, segments, the longest segment's narration (seconds at
the lecture's rate), non-empty lines, narration lines (lines read as speech: narration, speaker turns,
spoken bullets) and how many of them are unused, note lines (production material kept as notes), all
unused lines by kind, import time; then the reasons of the unused lines.
"""
from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

from lecturecast.script import import_script, read_script_text
from lecturecast.script.importer.shape import speaking_seconds

_HERE = Path(__file__).resolve()
EVAL = next((p / "shared" / "eval" / "scripts" for p in _HERE.parents
             if (p / "shared" / "eval" / "scripts").is_dir()), _HERE.parents[2] / "shared" / "eval" / "scripts")
SPEECH_KINDS = ("narration", "speaker", "bullet")


def measure(path: Path) -> tuple[dict, Counter]:
    text = read_script_text(path)
    t0 = time.perf_counter()
    res = import_script(text, path)
    elapsed = time.perf_counter() - t0
    lec, rep = res.lecture, res.report
    speech = [r for r in rep.records if r.kind in SPEECH_KINDS]
    unused_speech = [r for r in speech if not r.used]
    longest = max((speaking_seconds(seg.narration, lec.meta.rate_wpm) for seg in lec.segments), default=0.0)
    reasons = Counter(f"[{r.kind}] {r.reason.split(' (')[0][:70]}" for r in rep.unused)
    row = {
        "file": path.name[:34], "format": rep.format, "lang": lec.meta.language, "sections": len(lec.sections),
        "segments": len(lec.segments), "longest_s": round(longest), "lines": len(rep.records),
        "speech": len(speech), "speech_unused": len(unused_speech),
        "speech_unused_pct": round(100 * len(unused_speech) / max(1, len(speech)), 1),
        "notes": sum(1 for r in rep.records if r.kind == "note"),
        "unused": len(rep.unused), "unused_kinds": dict(Counter(r.kind for r in rep.unused)),
        "seconds": round(elapsed, 2),
    }
    return row, reasons


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", nargs="?", type=Path, default=EVAL)
    ap.add_argument("-o", "--output", type=Path, default=Path(__file__).parent / "results" / "import.txt")
    args = ap.parse_args(argv)
    files = sorted(p for p in args.folder.iterdir() if p.suffix in (".md", ".srt", ".vtt", ".json", ".txt")
                   and p.name.lower() != "readme.md")
    cols = ("file", "format", "lang", "sections", "segments", "longest_s", "lines", "speech", "speech_unused",
            "speech_unused_pct", "notes", "unused", "seconds")
    out = [" | ".join(cols), " | ".join("---" for _ in cols)]
    details = []
    for path in files:
        row, reasons = measure(path)
        out.append(" | ".join(str(row[c]) for c in cols))
        if reasons:
            details.append(f"{path.name}: " + "; ".join(f"{n}× {why}" for why, n in reasons.most_common()))
    text = "\n".join(out + ["", "Unused lines (count × [kind] reason):"] + details) + "\n"
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8")
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
