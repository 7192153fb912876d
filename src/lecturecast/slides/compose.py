"""Building blocks of a slide: titles, bullet bodies, code panels, cue images and cue cards.

Each function returns positioned items (:class:`TextBox`, :class:`ImageBox`, :class:`ShapeBox`) whose
text is already wrapped and fitted by :func:`measure.fit_text`; functions that may overflow return
one list of items per page (the first page plus continuation pages).
"""
from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from ..model import BulletItem, Bullets, Code, Cue, CueKind, Lecture
from . import visuals
from .highlight import highlight, language_label
from .images import inspect_image
from .measure import ImageBox, Para, Rect, Run, ShapeBox, Style, TextBox, fit_text
from .theme import Theme

Item = TextBox | ImageBox | ShapeBox
_BOLD = re.compile(r"\*\*(.+?)\*\*|__(.+?)__")
_SENTENCE = re.compile(r"(?<=[.!?…。！？])\s+")


def rich_runs(text: str) -> tuple[Run, ...]:
    """``**bold**`` → bold runs; other markdown is shown as written."""
    runs, pos = [], 0
    for m in _BOLD.finditer(text):
        if m.start() > pos:
            runs.append(Run(text[pos:m.start()]))
        runs.append(Run(m.group(1) or m.group(2), bold=True))
        pos = m.end()
    if pos < len(text) or not runs:
        runs.append(Run(text[pos:]))
    return tuple(runs)


def rect(values: tuple[float, float, float, float]) -> Rect:
    return Rect(*values)


def title_box(theme: Theme, text: str, frame: Rect | None = None, *, color: str | None = None,
              size: float | None = None, min_size: float | None = None, align: str = "l",
              valign: str = "m", placeholder: str | None = "title", role: str = "title") -> TextBox:
    style = Style(size=size or theme.size("title"), color=color or theme.color("title"), bold=True,
                  align=align, valign=valign)
    box, _ = fit_text(theme, role, frame or rect(theme.frame("title")), (Para(rich_runs(text.strip() or " ")),),
                      style, min_size=min_size or theme.size("title_min"), overflow="ellipsis",
                      placeholder=placeholder)
    return box


def plain_box(theme: Theme, role: str, text_lines: list[str], frame: Rect, size: float, color: str, *,
              min_size: float | None = None, bold: bool = False, align: str = "l", valign: str = "t",
              overflow: str = "ellipsis", placeholder: str | None = None) -> TextBox:
    paras = tuple(Para(rich_runs(t), space_before=0.3) for t in text_lines) or (Para((Run(" "),)),)
    box, _ = fit_text(theme, role, frame, paras, Style(size=size, color=color, bold=bold, align=align, valign=valign),
                      min_size=min_size, overflow=overflow, placeholder=placeholder)
    return box


def accent_bar(theme: Theme, frame: Rect) -> ShapeBox:
    return ShapeBox(Rect(frame.x + 7.2, frame.bottom + 4, 72, 4), theme.color("accent"), name="accent bar")


def bullet_paras(blocks: tuple[Bullets, ...]) -> tuple[Para, ...]:
    """Bullet paragraphs; numbering continues across consecutive ordered lists (authors often split
    "1. … 2. …" with narration in between, which the parser reads as separate one-item lists)."""
    paras: list[Para] = []
    counters: dict[int, int] = {}
    previous_ordered = False
    for block in blocks:
        if not (block.ordered and previous_ordered):
            counters = {}
        for item in block.items:
            paras.append(_bullet(item, block.ordered, counters))
        previous_ordered = block.ordered
    return align_numbers(tuple(paras))


def align_numbers(paras: tuple[Para, ...]) -> tuple[Para, ...]:
    """Numbered items of a list that reaches 10 share the wide hanging indent, so texts line up."""
    if not any(p.bullet and len(p.bullet) >= 3 and p.bullet[:-1].isdigit() for p in paras):
        return paras
    return tuple(replace(p, hang=1.9) if p.bullet and p.bullet[:-1].isdigit() else p for p in paras)


def _bullet(item: BulletItem, ordered: bool, counters: dict[int, int]) -> Para:
    level = max(0, min(item.level, 4))
    for deeper in [k for k in counters if k > level]:
        del counters[deeper]
    counters[level] = counters.get(level, 0) + 1
    mark = f"{counters[level]}." if ordered else ("•" if level == 0 else "–")
    return Para(rich_runs(item.text), level=level, bullet=mark, space_before=0.45 if level == 0 else 0.2)


def key_sentences(text: str, max_words: int = 36) -> str:
    """The first sentence(s) of ``text``, up to ``max_words`` words (whole sentences when possible)."""
    sentences = [s for s in _SENTENCE.split(" ".join(text.split())) if s]
    out: list[str] = []
    count = 0
    for sentence in sentences:
        n = len(sentence.split())
        if out and count + n > max_words:
            break
        out.append(sentence)
        count += n
        if count >= max_words * 0.6:
            break
    result = " ".join(out)
    words = result.split()
    return result if len(words) <= max_words * 1.5 else " ".join(words[:max_words]) + " …"


def paginate(theme: Theme, role: str, frame: Rect, paras: tuple[Para, ...], style: Style, floor: float,
             placeholder: str | None = None) -> list[TextBox]:
    """Boxes for ``paras``: one when they fit (shrinking down to ``floor``), otherwise as few pages as
    at the floor size but at the largest size that still needs no more pages (balanced pages)."""
    def greedy(size: float, min_size: float) -> list[TextBox]:
        pages, rest = [], paras
        while rest:
            box, rest = fit_text(theme, role, frame, rest, replace(style, size=size), min_size=min_size,
                                 placeholder=placeholder)
            pages.append(box)
        return pages

    pages = greedy(style.size, floor)
    if len(pages) == 1:
        return pages
    size = style.size
    while size > floor:
        trial = greedy(size, size)
        if len(trial) <= len(pages):
            return trial
        size -= 2
    return greedy(floor, floor)  # one size on every page


def body_pages(theme: Theme, paras: tuple[Para, ...], frame: Rect, *, size: float | None = None,
               color: str | None = None, italic: bool = False, placeholder: str | None = "body",
               role: str = "body", valign: str = "t") -> list[TextBox]:
    """Fit ``paras`` into ``frame``; more than one box when they need continuation slides.
    ``valign="m"`` centres short bodies vertically (no empty lower half)."""
    style = Style(size=size or theme.size("body"), color=color or theme.color("text"), italic=italic,
                  valign=valign)
    return paginate(theme, role, frame, paras, style, theme.size("body_min"), placeholder)


def quote_pages(theme: Theme, text: str, frame: Rect) -> list[list[Item]]:
    """Key sentences of a segment without bullets: large, vertically centred, with an accent rule."""
    inner = Rect(frame.x + 24, frame.y, frame.w - 24, frame.h)
    style = Style(size=theme.size("body") + 4, color=theme.color("text"), italic=True, valign="m")
    pages: list[list[Item]] = []
    for box in paginate(theme, "body", inner, (Para(rich_runs(text)),), style, theme.size("body_min"), "body"):
        top = box.inner.y + max(0.0, (box.inner.h - box.content_height) / 2)
        pages.append([ShapeBox(Rect(frame.x + 7.2, top, 5, box.content_height), theme.color("accent"),
                               name="quote rule"), box])
    return pages


def code_pages(theme: Theme, code: Code, frame: Rect) -> list[list[Item]]:
    paras = highlight(code.text, code.language, theme)
    style = Style(mono=True, size=theme.size("code"), color=theme.color("code_text"), inset=(16, 12, 16, 12))
    label = language_label(code.language, code.text)
    pages: list[list[Item]] = []
    for box in paginate(theme, "code", frame, paras, style, theme.size("code_min")):
        items: list[Item] = [ShapeBox(frame, theme.color("code_bg"), theme.color("muted"), name="code panel"), box]
        if label:
            items.append(plain_box(theme, "label", [label], Rect(frame.x, frame.bottom + 2, 320, 26),
                                   12, theme.color("muted")))
        pages.append(items)
    return pages


def fit_image(path: Path, frame: Rect) -> Rect:
    info = inspect_image(path)
    w, h = info.width, info.height
    scale = min(frame.w / w, frame.h / h)
    iw, ih = w * scale, h * scale
    return Rect(frame.x + (frame.w - iw) / 2, frame.y + (frame.h - ih) / 2, iw, ih)


CARD_PAD = 18.0


def _card(theme: Theme, frame: Rect, label: str, *, dashed: bool, hint_h: float) -> tuple[list[Item], Rect]:
    """A cue card's frame and label, and the rectangle left for its body (above ``hint_h`` of hint)."""
    pad = CARD_PAD
    items: list[Item] = [ShapeBox(frame, theme.color("card_bg"), theme.color("card_border"), dashed=dashed,
                                  name="cue card")]
    items.append(plain_box(theme, "card_label", [label], Rect(frame.x + pad, frame.y + pad, frame.w - 2 * pad, 30),
                           16, theme.color("card_label"), bold=True))
    body = Rect(frame.x + pad, frame.y + pad + 34, frame.w - 2 * pad, frame.h - 2 * pad - 34 - hint_h)
    return items, body


def _card_hint(theme: Theme, frame: Rect, hint: str, hint_h: float, size: float) -> Item:
    """The small line at the bottom of a cue card saying which image file to add."""
    pad = CARD_PAD
    return plain_box(theme, "card_hint", [hint],
                     Rect(frame.x + pad, frame.bottom - pad - hint_h + 8, frame.w - 2 * pad, hint_h - 8),
                     size, theme.color("card_label"), min_size=10, align="c")


def cue_items(theme: Theme, cue: Cue, lecture: Lecture | None, frame: Rect) -> list[Item]:
    """The cue's image when one matches, else a card describing the visual that belongs here."""
    if cue.kind != CueKind.SCREEN_TEXT:
        found = visuals.match_image(cue, lecture)
        if found is not None:
            return [ImageBox(fit_image(found, frame), str(found), visuals.file_sha(found), alt=cue.text)]
    screen = cue.kind == CueKind.SCREEN_TEXT
    label = "ON SCREEN" if screen else ("CUT TO" if cue.kind == CueKind.CUT else "VISUAL TO ADD")
    hint_h = 0.0 if screen else 56.0
    items, body = _card(theme, frame, label, dashed=not screen, hint_h=hint_h)
    items.append(plain_box(theme, "card", [cue.text.strip() or label.title()], body,
                           theme.size("card") + (8 if screen else 0), theme.color("card_text"),
                           min_size=16, align="c", valign="m", bold=screen))
    if not screen:
        hint = f"Add an image: {cue.asset or 'assets/images/' + visuals.suggested_name(cue)}"
        items.append(_card_hint(theme, frame, hint, hint_h, 14))
    return items


def cues_items(theme: Theme, cues: list[Cue] | tuple[Cue, ...], lecture: Lecture | None, frame: Rect) -> list[Item]:
    """One cue: :func:`cue_items`.  Several cues with no narration between them (they would come on
    screen at the same moment): the first matching image with a note of how many more visuals the
    notes list, else one card listing every visual to add."""
    cues = list(cues)
    if len(cues) == 1:
        return cue_items(theme, cues[0], lecture, frame)
    for cue in cues:
        if cue.kind != CueKind.SCREEN_TEXT and visuals.match_image(cue, lecture) is not None:
            caption_h = 30.0
            items = cue_items(theme, cue, lecture, Rect(frame.x, frame.y, frame.w, frame.h - caption_h))
            more = len(cues) - 1
            items.append(plain_box(theme, "card_hint", [f"+ {more} more visual{'s' if more > 1 else ''} "
                                                        "(listed in the notes)"],
                                   Rect(frame.x, frame.bottom - caption_h + 4, frame.w, caption_h - 4), 14,
                                   theme.color("muted"), min_size=10, align="c"))
            return items
    screen_only = all(c.kind == CueKind.SCREEN_TEXT for c in cues)
    label = "ON SCREEN" if screen_only else f"VISUALS TO ADD ({len(cues)})"
    hint_h = 0.0 if screen_only else 40.0
    items, body = _card(theme, frame, label, dashed=not screen_only, hint_h=hint_h)
    paras = tuple(Para(rich_runs(("On screen: " if c.kind == CueKind.SCREEN_TEXT and not screen_only else "")
                                 + (c.text.strip() or "Visual")), bullet=f"{k}.", space_before=0.35)
                  for k, c in enumerate(cues, 1))
    paras = align_numbers(paras)
    style = Style(size=theme.size("card") - 2, color=theme.color("card_text"), valign="m")
    box, rest = fit_text(theme, "card", body, paras, style, min_size=12, overflow="split")
    shown = len(box.paras) - (1 if rest and rest[0].continued else 0)
    while rest and shown > 0:  # too many to list: say how many more the notes hold
        more = Para((Run(f"… and {len(cues) - shown} more (listed in the notes)", italic=True),),
                    space_before=0.35)
        box, rest = fit_text(theme, "card", body, paras[:shown] + (more,), replace(style, size=12), min_size=12,
                             overflow="split")
        shown -= 1
    items.append(box)
    if not screen_only:
        hint = f"Add images to assets/images/, e.g. {visuals.suggested_name(cues[0])}"
        items.append(_card_hint(theme, frame, hint, hint_h, 12))
    return items
