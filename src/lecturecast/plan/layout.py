"""Which slides a lecture gets and which text goes where (see docs/slides.md, "Slide-count rule").

Deck = title slide + per section (a divider slide + per segment its slides) + references slide
(when the lecture has references) + closing slide.  A segment's blocks are cut into *groups*; each
group becomes one slide (plus continuation slides when its text does not fit at the floor size):

* the first group starts at block 0 (anchor 0) and collects bullets, speech and the first shown cue;
* a ``Code`` block starts a new group (a code slide) unless the current group shows nothing yet;
* a shown cue (visual / cut / screen text) starts a new group (a cue slide) when the current group
  already shows a cue or code;
* ``Bullets`` after a code block start a new group (a content slide).

Music, sound, pause and note cues never make slides; like every cue they are listed in the notes.
Every slide's notes hold the segment's full narration with clock and speaker.
"""
from __future__ import annotations

import hashlib
import dataclasses
from dataclasses import dataclass, field, replace

from ..i18n import interface
from ..model import (Bullets, Code, Cue, CueKind, Lecture, Section, Segment, Speech, estimate_seconds,
                     format_clock)
from ..slides import compose
from ..slides.measure import ImageBox, Rect, ShapeBox, TextBox
from ..slides.theme import Theme
from ..slides.visuals import SHOWN_KINDS
from ..templates import render

Item = TextBox | ImageBox | ShapeBox
SLIDE_H = 540.0
KINDS = ("title", "section", "content", "code", "cue", "references", "closing", "continuation")


@dataclass(frozen=True)
class SlideSpec:
    number: int
    kind: str
    segment_id: str | None
    anchor: int
    notes: str
    key: str
    title: str = ""
    items: tuple[Item, ...] = ()
    layout: str = "content"  # title | section | content | title_only | blank (pptx layout to use)
    background: str = "#FFFFFF"
    part: int = 1  # continuation slides of one group share its anchor: part k of parts
    parts: int = 1


@dataclass(frozen=True)
class DeckPlan:
    slides: tuple[SlideSpec, ...]
    title: str = ""
    theme_fingerprint: str = ""
    lecture: Lecture | None = field(default=None, compare=False, repr=False)

    def for_segment(self, segment_id: str) -> tuple[SlideSpec, ...]:
        return tuple(s for s in self.slides if s.segment_id == segment_id)


@dataclass
class Group:
    anchor: int
    bullets: list[Bullets] = field(default_factory=list)
    code: Code | None = None
    cues: list[Cue] = field(default_factory=list)
    speech: list[str] = field(default_factory=list)
    spoken_since_cue: bool = False  # narration after the group's last cue (a new cue then changes the slide)

    @property
    def cue(self) -> Cue | None:
        return self.cues[0] if self.cues else None

    @property
    def shows(self) -> bool:
        return bool(self.bullets or self.code or self.cues)

    @property
    def kind(self) -> str:
        return "code" if self.code else ("content" if self.bullets or self.anchor == 0 else "cue")


def group_segment(segment: Segment) -> list[Group]:
    groups = [Group(0)]
    for i, block in enumerate(segment.blocks):
        cur = groups[-1]
        if isinstance(block, Speech):
            cur.speech.append(block.text)
            cur.spoken_since_cue = True
        elif isinstance(block, Bullets):
            if cur.code is not None:
                groups.append(Group(i, bullets=[block]))
            else:
                cur.bullets.append(block)
            if block.spoken:
                groups[-1].speech.append(" ".join(it.text for it in block.items))
                groups[-1].spoken_since_cue = True
        elif isinstance(block, Code):
            if cur.shows:
                groups.append(Group(i, code=block))
            else:
                cur.code = block
            if block.spoken:
                groups[-1].spoken_since_cue = True
        elif isinstance(block, Cue) and block.kind in SHOWN_KINDS:
            # a cue joins the slide on screen when that slide shows no code and either no cue yet or
            # no narration since its last cue (the video could not change slide between them anyway)
            if cur.code is None and not (cur.cues and cur.spoken_since_cue):
                cur.cues.append(block)
            else:
                groups.append(Group(i, cues=[block]))
            groups[-1].spoken_since_cue = False
    return groups


# -- notes ----------------------------------------------------------------------------------------
def segment_notes(lecture: Lecture, segment: Segment, anchor: int = 0) -> str:
    entries = []
    first = True
    for i, block in enumerate(segment.blocks):
        marker = anchor > 0 and i == anchor
        if isinstance(block, Speech):
            text = block.text
        elif isinstance(block, (Bullets, Code)) and block.spoken:
            text = "\n".join(it.text for it in block.items) if isinstance(block, Bullets) else block.text
        elif isinstance(block, Cue):
            entries.append({"kind": "cue", "cue": str(block.kind), "text": block.text, "here": marker})
            continue
        else:
            if marker:
                entries.append({"kind": "cue", "cue": "slide", "text": "code/bullets shown", "here": True})
            continue
        speaker = getattr(block, "speaker", None) or lecture.meta.narrator
        clock = format_clock(segment.clock) if first else ""
        entries.append({"kind": "speech", "speaker": speaker, "clock": clock, "text": text, "here": marker})
        first = False
    return render("slide_notes.j2", lecture, segment=segment, entries=entries).strip()


# -- planning -------------------------------------------------------------------------------------
def _slide_titles(lecture: Lecture, section: Section, groups: list[tuple[Segment, Group]]) -> list[str]:
    """A title per group: the segment's title, else the section's (else the lecture's).  A run of
    consecutive slides that would share one title is numbered, "The Early Years (2/3)", so a
    teacher can tell the slides apart and see how far the topic goes."""
    bases = [seg.title or section.title or lecture.title for seg, _ in groups]
    out: list[str] = []
    i = 0
    while i < len(bases):
        j = i
        while j + 1 < len(bases) and bases[j + 1] == bases[i]:
            j += 1
        n = j - i + 1
        out += [f"{bases[i]} ({k}/{n})" if n > 1 else bases[i] for k in range(1, n + 1)]
        i = j + 1
    return out


def _title_lines(name: str, lecture: Lecture, **ctx: object) -> list[str]:
    return [ln.strip() for ln in render(name, lecture, **ctx).splitlines() if ln.strip()]


def _deck_facts(lecture: Lecture) -> dict:
    """What the title card may say when the script gives no subtitle/author: size and outline."""
    segs = lecture.segments
    seconds = estimate_seconds(sum(s.words for s in segs), lecture.meta.rate_wpm) if segs else 0.0
    clocks = [s.clock for s in segs if s.clock is not None]
    if clocks and max(clocks) > seconds:
        seconds = max(clocks) + (segs[-1].duration or 0.0)
    titles: list[str] = []
    for sec in lecture.sections:
        if sec.title and sec.title != lecture.title and sec.title not in titles:
            titles.append(sec.title)
    n = len(lecture.sections)
    ui = interface(lecture.meta.language)
    parts = f"{n} {ui['section_one'] if n == 1 else ui['section_many']}" if n else ""
    minutes = ui["about_minutes"].format(minutes=max(1, round(seconds / 60))) if seconds else ""
    return {"summary": "  ·  ".join(x for x in (parts, minutes) if x), "outline": titles}


def _title_slide(lecture: Lecture, theme: Theme) -> list[dict]:
    facts = _deck_facts(lecture)
    lines = _title_lines("title_card.j2", lecture, **facts)
    title, rest = (lines[0] if lines else lecture.title), lines[1:]
    tbox = compose.title_box(theme, title, Rect(72, 0, 816, 170), size=theme.size("deck_title"), min_size=28,
                             valign="t")
    boxes = [tbox]
    if rest:
        boxes.append(compose.plain_box(theme, "subtitle", [rest[0]], Rect(72, 0, 816, 80), theme.size("subtitle"),
                                       theme.color("text"), min_size=18, placeholder="subtitle"))
    if len(rest) > 1:
        boxes.append(compose.plain_box(theme, "byline", rest[1:], Rect(72, 0, 816, 96), theme.size("byline"),
                                       theme.color("muted"), min_size=14))
    # stack title, accent bar, subtitle and byline tightly and centre the block on the slide
    heights = [b.content_height + b.style.inset[1] + b.style.inset[3] + 1 for b in boxes]
    gaps = [22.0, 14.0][:len(boxes) - 1]
    y = max(40.0, (SLIDE_H - sum(heights) - sum(gaps)) / 2 - 12)
    items: list[Item] = []
    for k, (box, h) in enumerate(zip(boxes, heights)):
        items.append(dataclasses.replace(box, rect=Rect(72, y, 816, h)))
        if k == 0:
            items.append(compose.accent_bar(theme, Rect(72, y, 816, h)))
        y += h + (gaps[k] if k < len(gaps) else 0)
    notes = render("title_notes.j2", lecture).strip()
    return [dict(kind="title", segment_id=None, anchor=0, notes=notes, title=title, items=items, layout="title")]


def has_divider(section: Section) -> bool:
    """A titled section gets a divider slide, unless it is one untitled segment (its slides carry the
    section title already, and a divider before every single slide only adds clicks)."""
    if not section.title:
        return False
    return len(section.segments) != 1 or section.segments[0].title not in (None, "", section.title)


def _section_slide(lecture: Lecture, theme: Theme, index: int, section: Section) -> list[dict]:
    fg = theme.color("section_text")
    clock = format_clock(section.clock)
    label = interface(lecture.meta.language)["part"].format(number=index) + (f"  ·  {clock}" if clock else "")
    items: list[Item] = [
        compose.plain_box(theme, "label", [label], Rect(72, 150, 816, 44), 24, fg),
        compose.title_box(theme, section.title, Rect(72, 200, 816, 190), color=fg,
                          size=theme.size("section_title"), min_size=28, valign="t"),
    ]
    notes = render("section_notes.j2", lecture, section=section, index=index).strip()
    return [dict(kind="section", segment_id=None, anchor=0, notes=notes, title=section.title, items=items,
                 layout="section", background=theme.color("section_bg"))]


def _group_slides(lecture: Lecture, theme: Theme, section: Section, segment: Segment, group: Group,
                  title: str) -> list[dict]:
    tbox = compose.title_box(theme, title)
    head: list[Item] = [tbox, compose.accent_bar(theme, tbox.rect)]
    body = compose.rect(theme.frame("body"))
    pages: list[list[Item]] = []
    if group.code is not None:
        pages = compose.code_pages(theme, group.code, Rect(body.x + 7.2, body.y, body.w - 14.4, body.h - 8))
    else:
        paras = compose.bullet_paras(tuple(group.bullets))
        italic = False
        if not paras and group.speech and not (group.cue and group.cue.kind == CueKind.SCREEN_TEXT):
            paras = (compose.Para(compose.rich_runs(compose.key_sentences(" ".join(group.speech)))),)
            italic = True
        visual = compose.rect(theme.frame("visual_right"))
        big = theme.size("body_max") if "body_max" in dict(theme.sizes) else None
        if group.cues and paras:
            left = compose.rect(theme.frame("body_left"))
            if len(group.cues) >= 3:  # a list of visuals needs the wider column
                gap = visual.x - left.right
                split = body.x + round(body.w * 0.4)
                left = Rect(body.x, left.y, split - body.x - gap / 2, left.h)
                visual = Rect(split + gap / 2, visual.y, body.right - split - gap / 2, visual.h)
            boxes = compose.body_pages(theme, paras, left, italic=italic, size=None if italic else big, valign="m")
            pages = [[boxes[0], *compose.cues_items(theme, group.cues, lecture, visual)]]
            pages += [[b] for b in compose.body_pages(theme, _rest(boxes), body, valign="m")] if len(boxes) > 1 else []
        elif group.cues:
            pages = [compose.cues_items(theme, group.cues, lecture, Rect(body.x + 130, body.y, body.w - 260, body.h))]
        elif paras and italic:
            pages = compose.quote_pages(theme, paras[0].text, body)
        elif paras:
            pages = [[b] for b in compose.body_pages(theme, paras, body, size=big, valign="m")]
        else:
            pages = [[]]
    out = []
    for k, page in enumerate(pages):
        kind = group.kind if k == 0 else "continuation"
        cont = interface(lecture.meta.language)["continued"]
        items = head if k == 0 else [compose.title_box(theme, f"{title} ({cont})"), head[1]]
        out.append(dict(kind=kind, segment_id=segment.id, anchor=group.anchor,
                        notes=segment_notes(lecture, segment, group.anchor), title=title,
                        items=[*items, *page], layout="content", part=k + 1, parts=len(pages)))
    return out


def _rest(boxes: list[TextBox]) -> tuple:
    return tuple(p for b in boxes[1:] for p in b.paras)


def _references(lecture: Lecture, theme: Theme) -> list[dict]:
    if not lecture.references:
        return []
    paras = tuple(compose.Para(compose.rich_runs(ref), bullet=f"{i}.", space_before=0.35)
                  for i, ref in enumerate(lecture.references, 1))
    boxes = compose.body_pages(theme, paras, compose.rect(theme.frame("body")), size=24)
    notes = render("references_notes.j2", lecture).strip()
    out = []
    for k, box in enumerate(boxes):
        ui = interface(lecture.meta.language)
        title = ui["references"] if k == 0 else f"{ui['references']} ({ui['continued']})"
        tbox = compose.title_box(theme, title)
        out.append(dict(kind="references" if k == 0 else "continuation", segment_id=None, anchor=0, notes=notes,
                        title=title, items=[tbox, compose.accent_bar(theme, tbox.rect), box], layout="content",
                        part=k + 1, parts=len(boxes)))
    return out


def _closing(lecture: Lecture, theme: Theme) -> list[dict]:
    lines = _title_lines("closing_card.j2", lecture) or [interface(lecture.meta.language)["thank_you"]]
    frame = Rect(72, 170, 816, 120)
    items: list[Item] = [compose.title_box(theme, lines[0], frame, size=theme.size("deck_title"), min_size=28,
                                           align="c"),
                         compose.plain_box(theme, "subtitle", lines[1:] or [" "], Rect(72, 300, 816, 170),
                                           theme.size("subtitle") - 4, theme.color("text"), min_size=16, align="c",
                                           placeholder="subtitle")]
    notes = render("closing_notes.j2", lecture).strip()
    return [dict(kind="closing", segment_id=None, anchor=0, notes=notes, title=lines[0], items=items, layout="title")]


def _footer(theme: Theme, number: int, total: int) -> TextBox:
    x, y, w, h = theme.frame("footer")
    return compose.plain_box(theme, "footer", [f"{number} / {total}"], Rect(x + w - 160, y, 160, h),
                             theme.size("footer"), theme.color("muted"), align="c")


def slide_key(spec: SlideSpec, fingerprint: str) -> str:
    data = repr((spec.kind, spec.layout, spec.background, spec.items, fingerprint))
    return hashlib.sha256(data.encode("utf-8")).hexdigest()[:24]


def plan_deck(lecture: Lecture, theme: Theme) -> DeckPlan:
    """Lay out every slide of ``lecture`` with ``theme`` (text measured, fitted and split)."""
    raw: list[dict] = _title_slide(lecture, theme)
    for index, section in enumerate(lecture.sections, 1):
        if has_divider(section):
            raw += _section_slide(lecture, theme, index, section)
        groups = [(segment, group) for segment in section.segments for group in group_segment(segment)]
        for (segment, group), title in zip(groups, _slide_titles(lecture, section, groups)):
            raw += _group_slides(lecture, theme, section, segment, group, title)
    raw += _references(lecture, theme)
    raw += _closing(lecture, theme)
    total = len(raw)
    slides = []
    for n, data in enumerate(raw, 1):
        data.setdefault("background", theme.color("background"))
        items = list(data.pop("items"))
        if data["kind"] not in ("title", "section", "closing"):
            items.append(_footer(theme, n, total))
        spec = SlideSpec(number=n, key="", items=tuple(items), **data)
        slides.append(replace(spec, key=slide_key(spec, theme.fingerprint)))
    return DeckPlan(tuple(slides), lecture.title, theme.fingerprint, lecture)
