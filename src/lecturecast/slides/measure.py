"""Text geometry: boxes, runs, wrapping and fitting with real font metrics.

All coordinates are points on a 960 × 540 pt slide (13.333 × 7.5 in).  Slide PNGs are 1920 × 1080,
so 1 pt = 2 px; text is measured at exactly the pixel size the painter draws it with.

:func:`fit_text` is the one place that decides how text fits a frame: wrap at the largest size,
shrink in 2 pt steps down to the floor, and only then split what does not fit onto a continuation
(the caller makes a new slide from the leftover paragraphs).  Widths are checked against
``SAFETY`` × the frame width so PowerPoint/LibreOffice (whose shaping differs slightly) never wrap
a line we did not wrap.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, replace

from . import fonts
from .theme import Theme

PX_PER_PT = 2.0
SAFETY = 0.995  # fraction of the inner width lines may use
# Single line spacing as PowerPoint and LibreOffice (font-independent spacing, used for .pptx) lay
# it out: every line is 1.2 × the font size tall with the baseline 1.0 × the size below its top.
LINE_ASCENT, LINE_DESCENT = 1.0, 0.2
DEFAULT_INSET = (7.2, 3.6, 7.2, 3.6)  # PowerPoint's default text insets (0.1 in / 0.05 in)


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    w: float
    h: float

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def contains(self, other: "Rect", tol: float = 0.01) -> bool:
        return (other.x >= self.x - tol and other.y >= self.y - tol
                and other.right <= self.right + tol and other.bottom <= self.bottom + tol)


@dataclass(frozen=True)
class Run:
    text: str
    color: str | None = None  # None: the box colour
    bold: bool = False
    italic: bool = False


@dataclass(frozen=True)
class Para:
    runs: tuple[Run, ...]
    level: int = 0
    bullet: str | None = None  # "•", "1.", ... drawn in the hanging indent
    space_before: float = 0.0  # in units of the font size (0.4 = 40 % of the size)
    continued: bool = False  # the rest of a bullet split across slides: bullet indent, no bullet mark
    hang: float = 0.0  # hanging indent in units of the size (0: from the bullet's length)

    @property
    def text(self) -> str:
        return "".join(r.text for r in self.runs)


@dataclass(frozen=True)
class Style:
    mono: bool = False
    size: float = 28.0
    color: str = "#000000"
    bold: bool = False
    italic: bool = False
    align: str = "l"  # l | c
    valign: str = "t"  # t | m
    inset: tuple[float, float, float, float] = DEFAULT_INSET


@dataclass(frozen=True)
class Line:
    para: int
    start: int
    end: int
    top: float  # from the inner top of the box, before vertical alignment
    ascent: float
    descent: float
    width: float
    indent: float  # left offset of the text (bullet hanging indent)

    @property
    def height(self) -> float:
        return self.ascent + self.descent


@dataclass(frozen=True)
class TextBox:
    role: str  # title | subtitle | body | code | quote | card | label | footer | ...
    rect: Rect
    paras: tuple[Para, ...]
    style: Style
    lines: tuple[Line, ...] = ()
    placeholder: str | None = None  # title | body | subtitle: fill the layout's placeholder

    @property
    def content_height(self) -> float:
        return self.lines[-1].top + self.lines[-1].height if self.lines else 0.0

    @property
    def inner(self) -> Rect:
        l, t, r, b = self.style.inset
        return Rect(self.rect.x + l, self.rect.y + t, self.rect.w - l - r, self.rect.h - t - b)

    def text_rects(self) -> list[Rect]:
        """Where each laid-out line is drawn (pt), for overflow checks."""
        inner, out = self.inner, []
        offset = max(0.0, (inner.h - self.content_height) / 2) if self.style.valign == "m" else 0.0
        for line in self.lines:
            x = inner.x + line.indent + ((inner.w - line.indent - line.width) / 2 if self.style.align == "c" else 0)
            out.append(Rect(x, inner.y + offset + line.top, line.width, line.height))
        return out


@dataclass(frozen=True)
class ImageBox:
    rect: Rect
    path: str
    sha: str
    alt: str = ""


@dataclass(frozen=True)
class ShapeBox:
    rect: Rect
    fill: str | None
    border: str | None = None
    dashed: bool = False
    name: str = "decoration"
    shape: str = "rect"  # rect | round (rounded corners) | ellipse | arrow (pointing right)


def chain_for(theme: Theme, style: Style, run: Run | None = None) -> tuple[str, ...]:
    bold = style.bold or (run.bold if run else False)
    italic = style.italic or (run.italic if run else False)
    return theme.chain(mono=style.mono, bold=bold, italic=italic)


def indent_of(para: Para, size: float) -> tuple[float, float]:
    """(text left offset, bullet left offset) in pt for a paragraph at ``size``."""
    step = size * 1.1
    if para.bullet:
        hang = size * (para.hang or (0.9 if len(para.bullet) == 1 else 1.3 if len(para.bullet) == 2 else 1.9))
        return para.level * step + hang, para.level * step
    return para.level * step, para.level * step


_CJK = "\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_ATOM = re.compile(rf"[{_CJK}]\s*|[^\s{_CJK}]+\s*|\s+")


class _Widths:
    """Widths of character ranges of one paragraph's runs.  Whole runs are measured once (prefix sums);
    a range costs at most two measurements of cut runs plus a bisection, so wrapping stays linear even
    for a code line of thousands of highlighted runs."""

    def __init__(self, theme: Theme, style: Style, runs: tuple[Run, ...], size: float):
        self.theme, self.style, self.runs, self.px = theme, style, runs, size * PX_PER_PT
        self.starts: list[int] = []
        pos = 0
        for run in runs:
            self.starts.append(pos)
            pos += len(run.text)
        self.cum: list[float] = [0.0]  # cum[k] = width of runs[:k], extended as far as a range needs

    def _measure(self, k: int, a: int, b: int) -> float:
        run, pos = self.runs[k], self.starts[k]
        return fonts.text_width(run.text[a - pos:b - pos], chain_for(self.theme, self.style, run), self.px)

    def __call__(self, start: int, end: int) -> float:
        if end <= start or not self.runs:
            return 0.0
        first = max(0, bisect.bisect_right(self.starts, start) - 1)
        last = max(0, bisect.bisect_right(self.starts, end - 1) - 1)
        if first == last:
            return self._measure(first, start, end) / PX_PER_PT
        while len(self.cum) <= last:  # wrapping stops after the lines a box holds: measure no further
            k = len(self.cum) - 1
            self.cum.append(self.cum[-1] + self._measure(k, self.starts[k], self.starts[k] + len(self.runs[k].text)))
        head = self._measure(first, start, self.starts[first] + len(self.runs[first].text))
        tail = self._measure(last, self.starts[last], end)
        return (head + self.cum[last] - self.cum[first + 1] + tail) / PX_PER_PT


def wrap_para(theme: Theme, style: Style, para: Para, size: float, width: float,
              max_lines: int | None = None) -> list[tuple[int, int, float]]:
    """Greedy word wrap → ``[(start, end, width_pt), ...]`` (end excludes trailing spaces).

    With ``max_lines`` it may stop early once more than that many lines are known (callers only
    need to know the text overflows, and where)."""
    text = para.text
    if not text.strip():
        return [(0, 0, 0.0)]
    width_of = _Widths(theme, style, para.runs, size)
    lines: list[tuple[int, int, float]] = []
    line_start, line_end, line_w = None, 0, 0.0
    for m in _ATOM.finditer(text):
        if max_lines is not None and len(lines) > max_lines:
            return lines
        a, b = m.start(), m.end()
        core_end = a + len(m.group().rstrip())
        if core_end == a:  # pure whitespace atom
            if line_start is None and a == 0:  # leading indentation (code) is kept
                line_start, line_end = 0, 0
                line_w = width_of(a, b)
            elif line_start is not None:
                line_w += width_of(a, b)
            continue
        # no glyph is narrower than 0.2 em, which bounds how many characters one line can take
        max_chars = int(width / (0.2 * size)) + 2
        core_w = width_of(a, core_end) if core_end - a <= max_chars else float("inf")
        if line_start is not None and line_w + core_w <= width:
            line_end, line_w = core_end, line_w + core_w
            line_w += width_of(core_end, b)
            continue
        if line_start is not None:
            lines.append((line_start, line_end, width_of(line_start, line_end)))
        # start a new line with this atom, hard-splitting it if it alone is too wide
        while core_end - a > 1 and core_w > width:
            if max_lines is not None and len(lines) > max_lines:
                return lines
            lo, hi = a + 1, min(core_end, a + max_chars)  # binary search: longest prefix that fits
            while lo < hi:
                mid = (lo + hi + 1) // 2
                if width_of(a, mid) <= width:
                    lo = mid
                else:
                    hi = mid - 1
            lines.append((a, lo, width_of(a, lo)))
            a = lo
            if core_end - a <= max_chars:
                core_w = width_of(a, core_end)
        line_start, line_end = a, core_end
        line_w = core_w + width_of(core_end, b)
    if line_start is not None:
        lines.append((line_start, line_end, width_of(line_start, line_end)))
    return lines or [(0, 0, 0.0)]


def layout_lines(theme: Theme, style: Style, paras: tuple[Para, ...], inner_w: float,
                 max_h: float | None = None) -> tuple[Line, ...]:
    """Lines of ``paras``; with ``max_h`` layout stops after the first line that ends below it."""
    size = style.size
    pitch = size * (LINE_ASCENT + LINE_DESCENT)
    out: list[Line] = []
    y = 0.0
    for i, para in enumerate(paras):
        if i:
            y += para.space_before * size
        if max_h is not None and out and out[-1].top + out[-1].height > max_h + 0.01:
            break
        text_left, _ = indent_of(para, size)
        room = None if max_h is None else max(0, int((max_h - y) / pitch)) + 1
        for a, b, w in wrap_para(theme, style, para, size, (inner_w - text_left) * SAFETY, room):
            asc, desc = size * LINE_ASCENT, size * LINE_DESCENT
            out.append(Line(i, a, b, y, asc, desc, w, text_left))
            y += asc + desc
    return tuple(out)


def slice_runs(runs: tuple[Run, ...], start: int, end: int) -> tuple[Run, ...]:
    """The runs covering characters ``start:end`` (whole runs kept as they are, the two ends cut)."""
    out, pos = [], 0
    for run in runs:
        n = len(run.text)
        if pos >= end:
            break
        a, b = max(start, pos), min(end, pos + n)
        if a < b:
            out.append(run if (a, b) == (pos, pos + n) else replace(run, text=run.text[a - pos:b - pos]))
        pos += n
    return tuple(out)


def fit_text(theme: Theme, role: str, rect: Rect, paras: tuple[Para, ...], style: Style, *,
             min_size: float | None = None, overflow: str = "split",
             placeholder: str | None = None) -> tuple[TextBox, tuple[Para, ...]]:
    """Fit ``paras`` into ``rect``: shrink from ``style.size`` to ``min_size`` in 2 pt steps, then
    split (``overflow="split"``: returns the paragraphs left for a continuation slide) or cut the
    last line with an ellipsis (``overflow="ellipsis"``, for titles)."""
    floor = min(style.size, min_size if min_size is not None else style.size)
    inset = style.inset
    inner_w, inner_h = rect.w - inset[0] - inset[2], rect.h - inset[1] - inset[3]
    def attempt(size: float) -> tuple[Style, tuple[Line, ...], bool]:
        st = replace(style, size=size)
        lines = layout_lines(theme, st, paras, inner_w, inner_h)
        return st, lines, not lines or lines[-1].top + lines[-1].height <= inner_h + 0.01

    sizes = [style.size]
    while sizes[-1] - 2 >= floor - 1e-9:
        sizes.append(sizes[-1] - 2)
    if sizes[-1] > floor:
        sizes.append(floor)
    if len(sizes) > 2:  # when even the floor overflows, skip the sizes in between
        st, lines, ok = attempt(sizes[0])
        if ok:
            return TextBox(role, rect, paras, st, lines, placeholder), ()
        st, lines, ok = attempt(sizes[-1])
        sizes = sizes[1:] if ok else sizes[-1:]
    for size in sizes:
        st, lines, ok = attempt(size)
        if ok:
            return TextBox(role, rect, paras, st, lines, placeholder), ()
    # at the floor and still too tall
    fitting = [ln for ln in lines if ln.top + ln.height <= inner_h + 0.01]
    if not fitting:
        raise ValueError(f"{role} frame {rect} cannot hold one line at {size} pt")
    last = fitting[-1]
    if overflow == "ellipsis":
        keep = list(paras[:last.para])
        para = paras[last.para]
        cut = last.end
        while cut > last.start:
            trial = replace(para, runs=slice_runs(para.runs, 0, cut) + (Run("…"),))
            lines = layout_lines(theme, st, tuple(keep + [trial]), inner_w)
            if lines[-1].top + lines[-1].height <= inner_h + 0.01:
                return TextBox(role, rect, tuple(keep + [trial]), st, lines, placeholder), ()
            cut = para.text.rfind(" ", last.start, cut - 1) if " " in para.text[last.start:cut - 1] else cut - 1
        return TextBox(role, rect, tuple(keep), st, layout_lines(theme, st, tuple(keep), inner_w), placeholder), ()
    next_line = lines[len(fitting)]
    if next_line.para > last.para or next_line.start == 0:  # split between paragraphs
        head, tail = paras[:next_line.para], paras[next_line.para:]
    else:  # split inside a paragraph, at a line boundary
        para = paras[last.para]
        first = replace(para, runs=slice_runs(para.runs, 0, next_line.start))
        rest_runs = slice_runs(para.runs, next_line.start, len(para.text))
        rest = replace(para, runs=_lstrip_runs(rest_runs), continued=bool(para.bullet), space_before=0.0)
        head, tail = paras[:last.para] + (first,), (rest,) + paras[last.para + 1:]
    if not head:
        raise ValueError(f"{role} frame {rect} too small")
    box, _ = fit_text(theme, role, rect, head, replace(style, size=size), min_size=size, placeholder=placeholder)
    return box, tuple(tail)


def _lstrip_runs(runs: tuple[Run, ...]) -> tuple[Run, ...]:
    out = list(runs)
    while out and not out[0].text.strip():
        out.pop(0)
    if out:
        out[0] = replace(out[0], text=out[0].text.lstrip())
    return tuple(out)
