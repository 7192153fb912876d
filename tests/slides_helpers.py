"""Model objects for the slides tests (built directly, no parser involved)."""
from __future__ import annotations

import re

from lecturecast.model import (BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment,
                               Speech)

LONG = ("Recurrent networks read a sequence one element at a time and keep a hidden state that summarises "
        "everything seen so far, which is exactly why they struggle with long-range dependencies. ")


def sample_lecture(path: str | None = None, theme: str | None = None) -> Lecture:
    meta = Meta(title="Understanding LSTM Networks", subtitle="Memory for neural networks",
                author="Dr. Ada Example", date="2026-11-25", theme=theme)
    intro = Segment(
        id="intro", title="Why memory matters", clock=0.0,
        blocks=(
            Cue(CueKind.MUSIC, "Intro music plays"),
            Speech("Welcome back. Today we look at how networks remember things over time."),
            Bullets((BulletItem("Sequences are everywhere"), BulletItem("Text, audio, **sensor** data", 1),
                     BulletItem("Plain RNNs forget quickly"))),
            Speech("By the end you will know what an LSTM cell does.", speaker="Host"),
        ))
    visual = Segment(
        id="lstm-layers", clock=75.0,
        blocks=(
            Speech("Let us look inside the cell."),
            Cue(CueKind.VISUAL, "Visuals of LSTM layers appear on screen"),
            Speech("The forget gate decides what to drop. The input gate decides what to add."),
            Cue(CueKind.CUT, "Cut to animation illustrating the cell state flowing through time"),
            Speech("The cell state is the conveyor belt of memory."),
        ))
    code = Segment(
        id="code", title="An LSTM in PyTorch", clock=180.0,
        blocks=(
            Speech("Here is the whole model in a few lines."),
            Code("import torch\n\nclass Model(torch.nn.Module):\n    def __init__(self):\n"
                 "        super().__init__()\n        self.lstm = torch.nn.LSTM(32, 64)  # hidden size 64\n\n"
                 "    def forward(self, x):\n        return self.lstm(x)[0]\n", language="python"),
            Speech("Notice that the hidden size is the only real decision."),
        ))
    long_seg = Segment(
        id="long", title="A very long list", clock=240.0,
        blocks=(Bullets(tuple(BulletItem(f"Point {i}: " + LONG) for i in range(6))),
                Speech(LONG * 3)))
    multi = Segment(
        id="multi", title="Languages 🌍", clock=300.0,
        blocks=(Speech("नमस्ते दुनिया — 你好，世界 — emoji 🎉👩‍🏫 all render.", speaker="Guest"),
                Cue(CueKind.SCREEN_TEXT, "नमस्ते · 你好 · 🎉"),
                Cue(CueKind.PAUSE, "pause", seconds=2.0)))
    return Lecture(
        meta=meta,
        sections=(Section("Motivation", (intro, visual)), Section("Practice", (code, long_seg, multi))),
        references=("Hochreiter & Schmidhuber (1997). Long Short-Term Memory. Neural Computation 9(8).",
                    "Olah, C. (2015). Understanding LSTM Networks. colah.github.io"),
        path=path,
    )


def big_lecture(n_segments: int = 40) -> Lecture:
    segs = tuple(
        Segment(id=f"s{i}", title=f"Topic {i}", clock=60.0 * i,
                blocks=(Speech(f"Segment {i}. " + LONG), Bullets((BulletItem("First idea"), BulletItem("Second idea"))),
                        Speech("And that is the point.")))
        for i in range(n_segments))
    half = n_segments // 2
    return Lecture(meta=Meta(title="Benchmark lecture"),
                   sections=(Section("One", segs[:half]), Section("Two", segs[half:])))


# -- what a slide says ----------------------------------------------------------------------------
_TOKEN = re.compile(r"[\w'’-]+")
NOT_BODY = ("title", "footer", "kicker", "label", "caption", "code")


def _tokens(text: str) -> list[str]:
    return [w.lower() for w in _TOKEN.findall(text)]


def longest_copied_run(slide_text: str, narration: str) -> int:
    """The most consecutive words of one line of ``slide_text`` that also occur consecutively in
    ``narration``."""
    said = _tokens(narration)
    index: dict[str, list[int]] = {}
    for i, w in enumerate(said):
        index.setdefault(w, []).append(i)
    best = 0
    for line in slide_text.splitlines():
        shown = _tokens(line)
        for i in range(len(shown)):
            for j in index.get(shown[i], ()):
                n = 0
                while i + n < len(shown) and j + n < len(said) and shown[i + n] == said[j + n]:
                    n += 1
                best = max(best, n)
    return best


def body_words(spec) -> int:
    """Words in a slide's body (not its headline, footer, labels, caption or code)."""
    from lecturecast.slides.measure import TextBox

    return sum(len(_TOKEN.findall(p.text)) for item in spec.items if isinstance(item, TextBox)
               and item.role not in NOT_BODY for p in item.paras)


def shown_text(spec) -> str:
    """The slide's words a viewer reads besides the headline and code."""
    from lecturecast.slides.measure import TextBox

    return "\n".join(p.text for i in spec.items if isinstance(i, TextBox) and i.role not in ("title", "code")
                     for p in i.paras)


# -- image comparison ---------------------------------------------------------------------------
def _box_mean(a, k: int = 7):
    import numpy as np

    c = np.pad(a, ((1, 0), (1, 0))).cumsum(0).cumsum(1)
    s = c[k:, k:] - c[:-k, k:] - c[k:, :-k] + c[:-k, :-k]
    return s / (k * k)


def ssim(img_a, img_b, size=(480, 270)) -> float:
    """Mean SSIM of two PIL images (grayscale, downscaled, 7×7 box windows)."""
    import numpy as np

    a = np.asarray(img_a.convert("L").resize(size), dtype=np.float64)
    b = np.asarray(img_b.convert("L").resize(size), dtype=np.float64)
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = _box_mean(a), _box_mean(b)
    var_a = _box_mean(a * a) - mu_a ** 2
    var_b = _box_mean(b * b) - mu_b ** 2
    cov = _box_mean(a * b) - mu_a * mu_b
    num = (2 * mu_a * mu_b + c1) * (2 * cov + c2)
    den = (mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2)
    return float((num / den).mean())


def soffice_pdf(pptx, outdir, timeout: int = 180, fonts_conf=None):
    """Convert ``pptx`` with LibreOffice (own profile dir, only the shipped fonts) → PDF path."""
    from lecturecast.slides.office import soffice_pdf as convert

    return convert(pptx, outdir, fonts_conf=fonts_conf, timeout=timeout)


def pdf_pages(pdf, outdir, dpi: int = 72, size: tuple[int, int] | None = None):
    """Rasterise every page with pdftoppm → sorted PNG paths (``size``: exactly that many pixels,
    e.g. 1920 × 1080; 13.333 in at 144 dpi would round to 1921)."""
    import subprocess
    from pathlib import Path

    scale = ["-scale-to-x", str(size[0]), "-scale-to-y", str(size[1])] if size else ["-r", str(dpi)]
    subprocess.run(["pdftoppm", *scale, "-png", str(pdf), str(Path(outdir) / "page")], check=True,
                   timeout=300)
    return sorted(Path(outdir).glob("page-*.png"))


def pdf_words(pdf):
    """``{page_number: [(xmin, ymin, xmax, ymax, word), ...]}`` from ``pdftotext -bbox``."""
    import re
    import subprocess

    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, timeout=300,
                          text=True).stdout
    pages: dict[int, list] = {}
    for n, page in enumerate(html.split("<page ")[1:], 1):
        pages[n] = [(float(a), float(b), float(c), float(d), w) for a, b, c, d, w in re.findall(
            r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', page)]
    return pages


def lo_layout_problems(plan, pdf, tol: float = 3.0, fixed=()) -> list[str]:
    """Compare LibreOffice's PDF with the plan: every word inside a text frame of its slide, and
    each frame has as many text lines as the plan laid out (so LO wrapped exactly where we did).
    ``fixed``: rectangles (x, y, w, h) of a template's own text, whose words are not ours."""
    from lecturecast.slides.measure import TextBox

    problems = []
    words = pdf_words(pdf)
    if len(words) != len(plan.slides):
        return [f"PDF has {len(words)} pages, plan {len(plan.slides)} slides"]
    for page, spec in enumerate(plan.slides, 1):
        boxes = [i for i in spec.items if isinstance(i, TextBox)]
        per_box: dict[int, list] = {id(b): [] for b in boxes}
        for x0, y0, x1, y1, w in words[page]:
            cy = (y0 + y1) / 2
            if any(fx - tol <= x0 and x1 <= fx + fw + tol and fy - tol <= cy <= fy + fh + tol
                   for fx, fy, fw, fh in fixed):
                continue  # the template's own text (a school name in its band)
            inside = [b for b in boxes if b.rect.x - tol <= x0 and x1 <= b.rect.right + tol
                      and b.rect.y - tol <= cy <= b.rect.bottom + tol]
            if not inside:
                problems.append(f"slide {spec.number}: word {w!r} at ({x0:.0f},{y0:.0f})-({x1:.0f},{y1:.0f}) "
                                "outside every text frame")
                continue
            per_box[id(inside[0])].append(cy)
        for b in boxes:
            ys = sorted(per_box[id(b)])
            lo_lines = sum(1 for i, y in enumerate(ys) if i == 0 or y - ys[i - 1] > b.style.size * 0.5)
            ours = sum(1 for ln in b.lines if b.paras[ln.para].text[ln.start:ln.end].strip())
            if ys and lo_lines != ours:
                problems.append(f"slide {spec.number}: {b.role} has {lo_lines} lines in LibreOffice, {ours} planned")
    return problems
