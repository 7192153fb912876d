"""Contact sheet of a built lecture: the slides shown in its video, in order, as one small PNG.

    python benchmarks/contact_sheet.py output/rnn-history docs/contact-sheet.png [--cols 4] [--width 400]

Reads ``build.json`` (slides with a ``start`` are in the video; all slides when there is no video)
and tiles ``slides/NNN.png`` with the slide number, layout and seconds on screen under each.
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from lecturecast.assets import assets_dir


def contact_sheet(out_dir: Path, target: Path, cols: int = 4, width: int = 400) -> Path:
    manifest = json.loads((out_dir / "build.json").read_text("utf-8"))
    slides = manifest["slides"]
    if any(s.get("start") is not None for s in slides):
        slides = sorted((s for s in slides if s.get("start") is not None), key=lambda s: s["start"])
    height, label, pad = width * 9 // 16, 22, 8
    rows = (len(slides) + cols - 1) // cols
    sheet = Image.new("RGB", (cols * (width + pad) + pad, rows * (height + label + pad) + pad), (226, 229, 234))
    draw = ImageDraw.Draw(sheet)
    font = ImageFont.truetype(str(assets_dir() / "fonts" / "NotoSans-Regular.ttf"), 13)
    for k, s in enumerate(slides):
        x, y = pad + (k % cols) * (width + pad), pad + (k // cols) * (height + label + pad)
        with Image.open(out_dir / s["file"]) as im:
            sheet.paste(im.convert("RGB").resize((width, height), Image.LANCZOS), (x, y))
        shown = f"  {s['end'] - s['start']:.1f} s" if s.get("start") is not None else ""
        draw.text((x, y + height + 3), f"{s['number']}  {s.get('layout', s['kind'])}{shown}", fill=(60, 66, 75),
                  font=font)
    target.parent.mkdir(parents=True, exist_ok=True)
    sheet.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(target, optimize=True)
    return target


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("target", type=Path)
    ap.add_argument("--cols", type=int, default=4)
    ap.add_argument("--width", type=int, default=400)
    args = ap.parse_args()
    path = contact_sheet(args.out_dir, args.target, args.cols, args.width)
    print(f"{path}: {path.stat().st_size / 1024:.0f} KB")


if __name__ == "__main__":
    main()
