"""Text layouts: headline + points, statement, definition, quote and the closing recap."""
from __future__ import annotations

from ...plan.content import SlideContent
from ...plan.keypoints import BODY_MAX, fit_body
from ...plan.wording import count_words
from ..compose import body_pages, bullet_paras
from ..measure import Para, Rect, ShapeBox
from ..theme import Theme
from .kit import Page, body, bullets, card, header, text
from .registry import register


MAX_ITEMS = 6  # list items on one slide; more are set too small to read from the back of a room


def _word_pages(paras: tuple[Para, ...], budget: int = BODY_MAX) -> list[tuple[Para, ...]]:
    """Split paragraphs into as few pages as keep each within ``budget`` words and ``MAX_ITEMS`` items,
    balanced (ten items become 5 + 5, never 9 + 1); a long item stays whole."""
    if not paras:
        return []
    total = sum(count_words(p.text) for p in paras)
    n = max(-(-total // max(1, budget)), -(-len(paras) // MAX_ITEMS))
    words_each, items_each = -(-total // n), -(-len(paras) // n)
    pages: list[list[Para]] = [[]]
    used = 0
    for para in paras:
        k = count_words(para.text)
        if pages[-1] and (used >= words_each or used + k > budget or len(pages[-1]) >= items_each):
            pages.append([])
            used = 0
        pages[-1].append(para)
        used += k
    return [tuple(p) for p in pages if p]


class Points:
    """Headline + 2–5 points (the script's own bullets when it has them), with a typographic card of
    the visual the script asks for beside them when there is one."""

    name = "points"

    def fits(self, content: SlideContent) -> float:
        return 0.5 if content.kind in ("content", "cue") else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        frame = body(theme)
        subject = (content.subject or content.screen_text) if content.cues and not content.image else ""
        if subject:
            left = Rect(frame.x, frame.y, frame.w * 0.56, frame.h)
            right = Rect(left.right + 24, frame.y + 10, frame.right - left.right - 24, frame.h - 20)
        else:
            left, right = frame, None
        if content.bullets:
            paras = bullet_paras(content.bullets)
            pages: list[Page] = []
            for chunk in _word_pages(paras, BODY_MAX - count_words(subject)):
                pages += [[b] for b in body_pages(theme, chunk, left, size=theme.size("body_max"), valign="m")]
        else:
            points = list(fit_body(content.points, BODY_MAX - count_words(subject))) or \
                ([content.subject] if content.subject else [])
            pages = [[bullets(theme, points, left, theme.size("body_max"))]] if points else [[]]
        head = header(theme, content)
        out = [[*head, *page] for page in pages]
        if right is not None:
            out[0] += card(theme, subject, right)
        return out


class Statement:
    """One thing to remember, set large: words the script puts on screen, or a lone point."""

    name = "statement"

    def fits(self, content: SlideContent) -> float:
        if content.kind not in ("content", "cue") or content.bullets:
            return 0.0
        if content.screen_text and len(content.points) <= 1:
            return 0.9
        return 0.55 if len(content.points) == 1 and not content.cues else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        frame = body(theme)
        words = content.screen_text or content.points[0]
        inner = Rect(frame.x + 40, frame.y, frame.w - 80, frame.h - 10)
        box = text(theme, "body", words, inner, 44, color=theme.color("title"), bold=True, align="c", valign="m",
                   min_size=20, placeholder="body")
        return [[*header(theme, content), box]]


class Definition:
    """A term and what it is, with up to two further points under it."""

    name = "definition"

    def fits(self, content: SlideContent) -> float:
        if content.kind != "content" or content.bullets or content.definition is None:
            return 0.0
        return 0.66

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        assert content.definition is not None  # score() is 0 without one: never composed
        term, meaning = content.definition
        frame = body(theme)
        panel_h = 190.0
        items: Page = [*header(theme, content),
                       ShapeBox(Rect(frame.x, frame.y + 6, frame.w, panel_h), theme.color("panel"), None,
                                shape="round", name="definition panel"),
                       ShapeBox(Rect(frame.x, frame.y + 6, 10, panel_h), theme.color("accent"), None,
                                name="definition band"),
                       text(theme, "term", term, Rect(frame.x + 36, frame.y + 22, frame.w - 60, 64), 40,
                            color=theme.color("accent"), bold=True, min_size=22, valign="m"),
                       text(theme, "body", meaning, Rect(frame.x + 36, frame.y + 88, frame.w - 60, panel_h - 96), 30,
                            min_size=16, valign="t", placeholder="body")]
        rest = [p for p in content.points if term.lower() not in p.lower()][:2]
        if rest:
            items.append(bullets(theme, rest, Rect(frame.x, frame.y + panel_h + 24, frame.w,
                                                   frame.h - panel_h - 24), 24, min_size=14, placeholder=None))
        return [items]


class Quote:
    name = "quote"

    def fits(self, content: SlideContent) -> float:
        return 0.7 if content.kind == "content" and content.quote and not content.bullets else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        assert content.quote is not None  # score() is 0 without one: never composed
        said, who = content.quote
        frame = body(theme)
        items: Page = [*header(theme, content),
                       text(theme, "quote mark", "“", Rect(frame.x, frame.y - 10, 90, 110), 96,
                            color=theme.color("accent"), bold=True, min_size=40),
                       text(theme, "body", said, Rect(frame.x + 90, frame.y + 10, frame.w - 130, frame.h - 90), 34,
                            italic=True, valign="m", min_size=18, placeholder="body")]
        if who:
            items.append(text(theme, "byline", f"— {who}", Rect(frame.x + 90, frame.bottom - 70, frame.w - 130, 44),
                              24, color=theme.color("muted"), min_size=14))
        return [items]


class Recap:
    """The closing recap: the conclusion's key points, ticked."""

    name = "recap"

    def fits(self, content: SlideContent) -> float:
        return 0.92 if content.recap and content.points else 0.0

    def compose(self, content: SlideContent, theme: Theme) -> list[Page]:
        frame = body(theme)
        items: Page = [*header(theme, content, content.label("takeaways")),
                       bullets(theme, list(content.points), Rect(frame.x + 10, frame.y, frame.w - 20, frame.h),
                               theme.size("body_max"), mark="✓", color=theme.color("text"))]
        return [items]


for _layout in (Points(), Statement(), Definition(), Quote(), Recap()):
    register(_layout)
