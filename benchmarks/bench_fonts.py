"""How the deck renders in LibreOffice on a machine without our fonts (issue 10, item 5).

    PYTHONPATH=src python benchmarks/bench_fonts.py [--out benchmarks/results/fonts.txt]

One slide of every kind of the test lecture is written to deck.pptx; LibreOffice converts it under
three fontconfig setups (``lecturecast.slides.office.fontconfig_file``):

* ``bundled``  — only assets/fonts (what the tests use);
* ``no-noto``  — the machine's fonts with every Noto file hidden (Debian: DejaVu Sans is the sans);
* ``arial-like`` — also DejaVu hidden, so the sans is Liberation Sans (Arial's metrics: what a
  Windows/macOS machine without Noto offers);

each with the deck as written (``a:latin`` carries panose/pitchFamily substitution hints) and with
those hints stripped (the deck before this change).  Per setup: the fonts LibreOffice embedded in
the PDF (pdffonts), SSIM of each page against our PNG, and the number of layout problems (text
boxes with another line count than planned, words outside their frame; tests/slides_helpers.py).
"""
from __future__ import annotations

import argparse
import dataclasses
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from PIL import Image  # noqa: E402

from lecturecast.slides.deck import plan_deck  # noqa: E402
from lecturecast.slides import render_png, write_pptx  # noqa: E402
from lecturecast.slides.office import fontconfig_file, soffice_pdf  # noqa: E402
from lecturecast.slides.theme import builtin  # noqa: E402
from slides_helpers import lo_layout_problems, pdf_pages, sample_lecture, ssim  # noqa: E402

SETUPS = {
    "bundled": dict(folders=None, system=False, reject=()),
    "no-noto": dict(folders=[], system=True, reject=("*/noto/*", "*Noto*")),
    "arial-like": dict(folders=[], system=True, reject=("*/noto/*", "*Noto*", "*/dejavu/*", "*DejaVu*")),
}


def strip_hints(deck: Path, out: Path) -> Path:
    """The same deck without panose/pitchFamily/charset on its font elements."""
    with zipfile.ZipFile(deck) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename.endswith(".xml"):
                data = re.sub(rb' (?:panose|pitchFamily|charset)="[^"]*"', b"", data)
            dst.writestr(item, data)
    return out


def run(plan, theme, deck: Path, setup: str, work: Path, pngs: list[Path]) -> str:
    work.mkdir(parents=True, exist_ok=True)
    conf = fontconfig_file(SETUPS[setup]["folders"], system=SETUPS[setup]["system"],
                           reject=SETUPS[setup]["reject"], where=work)
    pdf = soffice_pdf(deck, work, fonts_conf=conf)
    fonts = sorted({re.sub(r"^[A-Z]{6}\+", "", ln.split()[0])
                    for ln in subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                                             check=True).stdout.splitlines()[2:]})
    pages = pdf_pages(pdf, work, size=(1920, 1080))
    scores = []
    for spec, page, png in zip(plan.slides, pages, pngs):
        with Image.open(page) as lo, Image.open(png) as ours:
            scores.append(f"{spec.kind}={ssim(lo, ours):.3f}")
    problems = lo_layout_problems(plan, pdf)
    boxes = {p.split(":")[0] + ":" + p.split(":")[1].split()[0] for p in problems}
    return (f"  fonts: {', '.join(fonts)}\n  ssim: {' '.join(scores)}\n"
            f"  layout problems: {len(problems)} in {len(boxes)} text boxes\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", help="also write the report to this file")
    args = parser.parse_args()
    theme = builtin()
    full = plan_deck(sample_lecture(), theme)
    picked: dict[str, object] = {}
    for spec in full.slides:
        picked.setdefault(spec.kind, spec)
    plan = dataclasses.replace(full, slides=tuple(picked.values()))
    report = []
    with tempfile.TemporaryDirectory(prefix="bench-fonts-") as tmp:
        root = Path(tmp)
        pngs = [render_png(spec, theme, root / f"ours-{spec.number}.png") for spec in plan.slides]
        deck = write_pptx(plan, theme, root / "deck.pptx")
        plain = strip_hints(deck, root / "plain.pptx")
        for setup in SETUPS:
            for label, path in (("with hints", deck), ("without hints", plain)):
                report.append(f"{setup}, {label}:\n" + run(plan, theme, path, setup, root / f"{setup}-{path.stem}", pngs))
    text = "\n".join(report)
    print(text)
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
