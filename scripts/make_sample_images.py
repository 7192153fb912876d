"""Draw the diagrams the sample lectures show for their visual cues.

    python scripts/make_sample_images.py   # writes scripts/images/{rnn-loop,lstm-cell,fine-tune-head}.png

Plain Pillow drawings with the bundled Noto Sans, 1600×900 (16:9), so the samples (rnn-history.md,
podcast-ulm.md) build with real pictures instead of cue cards.  Re-run after changing a drawing; the PNGs are committed.
"""
from __future__ import annotations

import math
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
FONTS = ROOT / "assets" / "fonts"
OUT = Path(__file__).resolve().parent / "images"
W, H = 1600, 900
INK, MUTED, BG = (33, 37, 41), (110, 117, 125), (255, 255, 255)
BLUE, ORANGE, GREEN, RED, PURPLE = (52, 101, 164), (230, 126, 34), (46, 139, 87), (192, 57, 43), (125, 60, 152)


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(str(FONTS / ("NotoSans-Bold.ttf" if bold else "NotoSans-Regular.ttf")), size)


def arrow(d: ImageDraw.ImageDraw, points: list[tuple[float, float]], color=INK, width: int = 6, head: int = 22) -> None:
    d.line(points, fill=color, width=width, joint="curve")
    (x0, y0), (x1, y1) = points[-2], points[-1]
    a = math.atan2(y1 - y0, x1 - x0)
    left = (x1 - head * math.cos(a - 0.45), y1 - head * math.sin(a - 0.45))
    right = (x1 - head * math.cos(a + 0.45), y1 - head * math.sin(a + 0.45))
    d.polygon([(x1, y1), left, right], fill=color)


def box(d: ImageDraw.ImageDraw, xy: tuple[int, int, int, int], label: str, color, size: int = 40,
        text_color=BG, radius: int = 18) -> None:
    d.rounded_rectangle(xy, radius=radius, fill=color)
    d.text(((xy[0] + xy[2]) / 2, (xy[1] + xy[3]) / 2), label, font=font(size, bold=True), fill=text_color,
           anchor="mm")


def rnn_loop() -> Image.Image:
    im = Image.new("RGB", (W, H), BG)
    d = ImageDraw.Draw(im)
    for k, word in enumerate(["The", "cat", "sat"]):
        x = 40 + k * 190
        shade = 170 + 30 * k
        box(d, (x, 400, x + 170, 510), word, (shade, shade, 255), size=54, text_color=INK, radius=16)
    arrow(d, [(620, 455), (760, 455)], width=10, head=34)
    box(d, (770, 330, 1190, 580), "RNN", BLUE, size=110)
    arrow(d, [(850, 330), (850, 170), (1110, 170), (1110, 322)], color=ORANGE, width=14, head=40)
    d.text((980, 95), "hidden state h", font=font(64, True), fill=ORANGE, anchor="mm")
    arrow(d, [(1200, 455), (1330, 455)], width=10, head=34)
    d.text((1345, 455), "next\nword?", font=font(60, True), fill=INK, anchor="lm")
    d.text((W / 2, 760), "h(t) = tanh(W·x(t) + U·h(t-1) + b)", font=font(72), fill=MUTED, anchor="mm")
    return im


def lstm_cell() -> Image.Image:
    im = Image.new("RGB", (W, H), BG)
    d = ImageDraw.Draw(im)
    arrow(d, [(30, 150), (1570, 150)], color=PURPLE, width=16, head=44)
    d.text((40, 50), "cell state c", font=font(60, True), fill=PURPLE, anchor="lm")
    gates = [("forget", RED, 300), ("input", GREEN, 800), ("output", ORANGE, 1300)]
    for name, color, x in gates:
        d.rounded_rectangle((x - 220, 420, x + 220, 640), radius=28, fill=color)
        d.text((x, 530), name, font=font(80, True), fill=BG, anchor="mm")
        arrow(d, [(x, 820), (x, 650)], color=MUTED, width=10, head=34)
    for x, op in ((300, "×"), (800, "+")):
        d.ellipse((x - 55, 95, x + 55, 205), fill=BG, outline=INK, width=8)
        d.text((x, 148), op, font=font(80, True), fill=INK, anchor="mm")
        arrow(d, [(x, 410), (x, 212)], color=INK, width=10, head=34)
    arrow(d, [(1300, 410), (1300, 300), (1560, 300)], color=INK, width=10, head=34)
    d.text((1440, 250), "h(t)", font=font(60, True), fill=INK, anchor="mm")
    d.line([(60, 820), (1500, 820)], fill=MUTED, width=10)
    d.text((60, 870), "x(t), h(t-1)", font=font(52, True), fill=INK, anchor="lm")
    return im


def fine_tune_head() -> Image.Image:
    im = Image.new("RGB", (W, H), BG)
    d = ImageDraw.Draw(im)
    for k in range(4):  # the pretrained layers, bottom to top
        y = 700 - k * 130
        shade = 200 - k * 15
        d.rounded_rectangle((380, y, 1220, y + 105), radius=20, fill=(shade, shade, shade + 10))
        d.text((800, y + 52), "pretrained", font=font(56), fill=INK, anchor="mm")
    d.text((190, 560), "frozen", font=font(60, True), fill=MUTED, anchor="mm")
    arrow(d, [(800, 300), (800, 200)], color=INK, width=12, head=40)
    box(d, (520, 40, 1080, 190), "new head", GREEN, size=80)
    d.text((1110, 115), "your\nlabels", font=font(56, True), fill=GREEN, anchor="lm")
    return im


def main() -> None:
    OUT.mkdir(exist_ok=True)
    for name, draw in (("rnn-loop.png", rnn_loop), ("lstm-cell.png", lstm_cell),
                       ("fine-tune-head.png", fine_tune_head)):
        draw().save(OUT / name, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
