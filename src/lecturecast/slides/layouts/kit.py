"""Shared pieces of the built-in layouts: the headline block, panels, chips and the body frame."""
from __future__ import annotations

from ...plan.content import SlideContent
from ...plan.images import file_sha
from ...plan.wording import count_words
from .. import fonts, icons
from ..compose import accent_bar, plain_box, rect, title_box
from ..measure import PX_PER_PT, SAFETY, ImageBox, Para, Rect, Run, ShapeBox, Style, TextBox, chain_for, fit_text
from ..theme import Theme

Item = TextBox | ImageBox | ShapeBox
Page = list[Item]
PALETTE = ("accent", "accent_2", "accent_3", "accent_4")


def header(theme: Theme, content: SlideContent, title: str | None = None) -> Page:
    """Headline with its accent bar, and the kicker (section name) over it when there is one."""
    frame = rect(theme.frame("title"))
    items: Page = []
    if content.kicker:
        items.append(plain_box(theme, "kicker", [content.kicker.upper()],
                               Rect(frame.x, max(4.0, frame.y - 16), frame.w, 28), 16, theme.color("accent"),
                               bold=True, min_size=11))
    tbox = title_box(theme, title if title is not None else content.title, frame)
    return items + [tbox, accent_bar(theme, tbox.rect)]


def body(theme: Theme) -> Rect:
    return rect(theme.frame("body"))


def colour(theme: Theme, index: int) -> str:
    return theme.color(PALETTE[index % len(PALETTE)])


def speaker_colour(theme: Theme, content: SlideContent, name: str) -> str:
    cast = list(content.cast)
    return colour(theme, cast.index(name) if name in cast else len(cast) + sum(map(ord, name)))


def text(theme: Theme, role: str, lines: list[str] | str, frame: Rect, size: float, *, color: str | None = None,
         bold: bool = False, italic: bool = False, align: str = "l", valign: str = "t", min_size: float = 12,
         placeholder: str | None = None) -> TextBox:
    """A text box that shrinks to fit ``frame`` and cuts with an ellipsis only as a last resort."""
    lines = [lines] if isinstance(lines, str) else lines
    paras = tuple(Para((Run(t or " "),), space_before=0.25) for t in lines) or (Para((Run(" "),)),)
    style = Style(size=size, color=color or theme.color("text"), bold=bold, italic=italic, align=align, valign=valign)
    size = _word_fit(theme, style, " ".join(lines), frame, min_size)
    style = Style(size=size, color=style.color, bold=bold, italic=italic, align=align, valign=valign)
    box, _ = fit_text(theme, role, frame, paras, style, min_size=min_size, overflow="ellipsis", placeholder=placeholder)
    return box


def _word_fit(theme: Theme, style: Style, words: str, frame: Rect, min_size: float) -> float:
    """The largest size from ``style.size`` down to ``min_size`` (2 pt steps) at which the widest
    word fits the frame, so no word is broken across lines ("Encoder-decode / r")."""
    inner = frame.w - style.inset[0] - style.inset[2]
    chain = chain_for(theme, style)
    widest = max(words.split(), key=len, default="")
    size = style.size
    while size - 2 >= min_size and fonts.text_width(widest, chain, size * PX_PER_PT) / PX_PER_PT > inner * SAFETY:
        size -= 2
    return size


def bullets(theme: Theme, points: list[str] | tuple[str, ...], frame: Rect, size: float, *, mark: str = "•",
            color: str | None = None, min_size: float = 14, placeholder: str | None = "body",
            valign: str = "m") -> TextBox:
    paras = tuple(Para((Run(p),), bullet=mark, space_before=0.5) for p in points) or (Para((Run(" "),)),)
    style = Style(size=size, color=color or theme.color("text"), valign=valign)
    box, _ = fit_text(theme, "body", frame, paras, style, min_size=min_size, overflow="ellipsis",
                      placeholder=placeholder)
    return box


def panel(theme: Theme, frame: Rect, *, fill: str | None = None, shape: str = "round", name: str = "panel") -> ShapeBox:
    return ShapeBox(frame, fill or theme.color("panel"), None, shape=shape, name=name)


def chip(theme: Theme, label: str, frame: Rect, fill: str, *, size: float = 18, shape: str = "round") -> Page:
    """A filled label (speaker name, comparison side, step number)."""
    return [ShapeBox(frame, fill, None, shape=shape, name="chip"),
            text(theme, "label", label, frame, size, color=theme.color("on_accent"), bold=True, align="c",
                 valign="m", min_size=10)]


def card(theme: Theme, subject: str, frame: Rect) -> Page:
    """A typographic card of what a visual is about: the subject set large on a colour field (the
    colour follows the subject, so neighbouring cards differ), with a Lucide icon when one matches
    the subject (:mod:`..icons`) — a designed card, never a placeholder."""
    fill = colour(theme, sum(map(ord, subject)))
    icon = icons.match_icon(subject)
    side = min(84.0, frame.h * 0.3)
    top = frame.y + 24 + (side + 14 if icon else 0)
    inner = Rect(frame.x + 28, top, frame.w - 56, frame.bottom - 48 - top)
    rule = Rect(inner.x, frame.bottom - 40, 64, 6)
    items: Page = [ShapeBox(frame, fill, None, shape="round", name="visual card")]
    if icon:
        path = icons.icon_png(icon, theme.color("on_accent"), 256)
        items.append(ImageBox(Rect(frame.x + 28, frame.y + 28, side, side), str(path), file_sha(path),
                              alt=f"icon: {icon} (Lucide)"))
    return items + [text(theme, "card", subject or " ", inner, 34 if count_words(subject) <= 6 else 28,
                         color=theme.color("on_accent"), bold=True, valign="m" if not icon else "t", min_size=16),
                    ShapeBox(rule, theme.color("on_accent"), None, name="card rule")]
