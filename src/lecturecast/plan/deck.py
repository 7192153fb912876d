"""Which slides a lecture gets and what each says (see docs/slides.md, "Slides that teach").

Deck = title card + per section (a divider + per segment its slides) + references (when the
lecture has any) + closing card.  A segment is cut into slides at sentence boundaries
(:mod:`.chunks`); each slide gets a headline, 2–5 key points extracted from its part of the
narration (:mod:`.keypoints`), the structure :mod:`.facts` finds in it, and that part of the
narration as its notes.  No geometry here: ``lecturecast.slides`` picks a layout and measures text.

In the video a section's divider is on screen while the section's first sentence is spoken, when
that sentence takes ``DIVIDER_MIN``–``DIVIDER_MAX`` seconds; otherwise the divider stays in the deck
only and the section's first slide carries the section name as a kicker over its headline.
References are in the deck and handout only; nothing on screen refers to them.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Callable

from ..i18n import interface
from ..model import Bullets, Code, Cue, CueKind, Lecture, Section, Segment, estimate_seconds, format_clock
from ..templates import render
from . import facts
from .chunks import Chunk, chunk_segment
from .content import ContentPlan, SlideContent, Turn
from .images import cue_subject, match_image, todo_text
from .titles import title_caser
from .cuts import HARD_MAX, first_clause, shorten
from .keypoints import clean, compress, key_points
from .wording import Wording, count_words, split_sentences, wording

DIVIDER_MIN, DIVIDER_MAX = 2.5, 7.0  # seconds of the first sentence that may carry a divider


def _labels(w: Wording) -> tuple[tuple[str, str], ...]:
    return tuple((k, w.label(k)) for k in ("takeaways", "versus", "pros", "cons"))


# -- notes -----------------------------------------------------------------------------------
def chunk_notes(lecture: Lecture, segment: Segment, chunk: Chunk, first: bool, todo: tuple[str, ...]) -> str:
    entries: list[dict] = []
    for piece in chunk.pieces:
        cue = piece.note or (piece.show if isinstance(piece.show, Cue) else None)
        if cue is not None:
            entries.append({"kind": "cue", "cue": str(cue.kind), "text": cue.text, "here": False})
        elif piece.text or isinstance(piece.show, (Bullets, Code)):
            text = piece.text or _shown_text(piece.show)
            speaker = piece.speaker or lecture.meta.narrator
            last = entries[-1] if entries else None
            if last and last["kind"] == "speech" and last["speaker"] == speaker and last["block"] == piece.block:
                last["text"] += " " + text
                continue
            clock = format_clock(segment.clock) if first and not any(e["kind"] == "speech" for e in entries) else ""
            entries.append({"kind": "speech", "speaker": speaker, "clock": clock, "text": text, "here": False,
                            "block": piece.block, "spoken": bool(piece.words)})
    return render("slide_notes.j2", lecture, segment=segment, entries=entries, todo=list(todo)).strip()


def _shown_text(block: Bullets | Code | Cue | None) -> str:
    if isinstance(block, Bullets):
        return "\n".join(it.text for it in block.items)
    return block.text if isinstance(block, Code) else ""


# -- one slide of a segment -------------------------------------------------------------------
def _turns(chunk: Chunk, lecture: Lecture, w: Wording) -> tuple[Turn, ...]:
    spoken = chunk.sentences
    if len({p.speaker or lecture.meta.narrator for p in spoken}) < 2:
        return ()
    turns: list[tuple[str, list[str]]] = []
    for p in spoken:
        name = p.speaker or lecture.meta.narrator
        if turns and turns[-1][0] == name:
            turns[-1][1].append(p.text)
        else:
            turns.append((name, [p.text]))
    out = []
    for name, sentences in turns:
        best = key_points(sentences, w, limit=1)
        if best:
            out.append(Turn(name, best[0]))
    return tuple(out)


SHOWN_MAX = 40  # words of one bullet a slide shows as written (a slide body stays under ~45 words)


def _bullets_as_written(chunk: Chunk, w: Wording) -> tuple[Bullets, ...]:
    """The script's bullets; a spoken item longer than the repeat limit is shortened, and a shown-only
    item longer than a slide can hold is cut at a phrase boundary with "…" (its whole text stays in the
    notes), so a pasted wall of text never becomes dozens of slides."""
    out = []
    for p in chunk.pieces:
        if isinstance(p.show, Bullets):
            block = p.show
            limit = HARD_MAX if block.spoken else SHOWN_MAX
            items = tuple(replace(it, text=_fit_item(it.text, w, limit, block.spoken)) for it in block.items)
            out.append(replace(block, items=items))
    return tuple(out)


def _fit_item(text: str, w: Wording, limit: int, spoken: bool) -> str:
    if count_words(text) <= limit:
        return text
    return compress(text, w, limit) if spoken else shorten(text, w, limit) + " …"


def _visual(chunk: Chunk, lecture: Lecture, w: Wording) -> dict:
    cues = [c for c in chunk.cues if c.kind != CueKind.SCREEN_TEXT]
    screen = " · ".join(c.text.strip() for c in chunk.cues if c.kind == CueKind.SCREEN_TEXT)
    image, todo = None, []
    for cue in cues:
        found = match_image(cue, lecture)
        if found is not None and image is None:
            image = str(found)
        elif found is None:
            todo.append(todo_text(cue))
    subject = cue_subject(cues[0], w) if cues else ""
    text = " ".join(c.text for c in cues)
    hint = "layers" if w.mentions("layer_words", text) else "flow" if w.mentions("flow_words", text) else ""
    return {"image": image, "todo": tuple(todo), "subject": subject, "visual_hint": hint, "screen_text": screen}


def _caption(chunk: Chunk, w: Wording) -> str:
    """The sentence that introduces the code (spoken right before it), shortened for a caption."""
    before = []
    for p in chunk.pieces:
        if isinstance(p.show, Code):
            break
        if p.text:
            before.append(p.text)
        elif isinstance(p.show, Bullets):  # a list item introducing the code
            before.append(" ".join(it.text for it in p.show.items))
    if not before:
        return ""
    plain = clean(before[-1])
    if count_words(plain) <= HARD_MAX:
        return plain
    head = plain.split(",")[0] if "," in plain else plain
    return first_clause(plain, HARD_MAX, w) or shorten(head, w)


def _known(term: str, text: str) -> bool:
    return bool(term) and term.lower().rstrip("s") in text.lower()


def segment_slides(lecture: Lecture, segment: Segment, base_title: str, w: Wording) -> list[SlideContent]:
    out: list[SlideContent] = []
    cast = lecture.speakers
    for k, chunk in enumerate(chunk_segment(segment, w, lecture.meta.rate_wpm)):
        sentences = [p.text for p in chunk.sentences]
        visual = _visual(chunk, lecture, w)
        code = chunk.code
        kind = "code" if code else "content" if k == 0 or not chunk.cues else "cue"
        bullets = _bullets_as_written(chunk, w)
        dated = facts.dated_items(bullets, w)
        if dated:  # a list of dates is a timeline: its items become the events
            bullets = ()
        events = dated or facts.events(sentences, w)
        focus = facts.focus_term(sentences, w, base_title)
        if visual["subject"] and _known(focus, visual["subject"]):
            focus = ""  # the visual's card says it already
        if len(events) >= 3:
            focus = f"{events[0].label}–{events[-1].label}"
        own_title = bool(segment.title) and (k == 0 or code is not None)
        title = base_title if own_title or not focus else f"{base_title}: {focus}"
        block, at = chunk.start if k else (0, 0.0)
        marks = tuple((p.block, p.at) for p in chunk.sentences[1:])
        out.append(SlideContent(
            kind=kind, segment_id=segment.id, anchor=block, at=at, title=title,
            notes=chunk_notes(lecture, segment, chunk, k == 0, visual["todo"]),
            sentences=tuple(sentences), points=key_points(sentences, w), bullets=bullets,
            code=code, caption=_caption(chunk, w) if code else "", cues=tuple(chunk.cues),
            turns=_turns(chunk, lecture, w), events=events,
            steps=facts.steps(sentences, w) or (facts.listed_items(sentences) if visual["visual_hint"] else ()),
            sides=facts.sides(sentences, w, title, " ".join(c.text for c in chunk.cues)), numbers=facts.numbers(sentences, w),
            definition=facts.definition(sentences, w), quote=facts.quote(sentences, w), marks=marks,
            labels=_labels(w), cast=cast, **visual))
    return out


# -- cards -----------------------------------------------------------------------------------
def _card_lines(name: str, lecture: Lecture, **ctx: object) -> tuple[str, ...]:
    return tuple(ln.strip() for ln in render(name, lecture, **ctx).splitlines() if ln.strip())


def deck_facts(lecture: Lecture, case: Callable[[str], str] = str) -> dict:
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
    outline = [case(t) for t in titles] if len(titles) <= 6 else []  # a longer outline is clutter on a title card
    return {"summary": "  ·  ".join(x for x in (parts, minutes) if x), "outline": outline}


def has_divider(section: Section) -> bool:
    """A titled section gets a divider, unless it is one segment with no other title (its slides
    carry the section title already)."""
    if not section.title:
        return False
    return len(section.segments) != 1 or section.segments[0].title not in (None, "", section.title)


def _divider(lecture: Lecture, index: int, section: Section, first: SlideContent | None) -> SlideContent:
    """The divider; placed in the video over the section's first sentence when that fits."""
    notes = render("section_notes.j2", lecture, section=section, index=index).strip()
    card = SlideContent("section", title=section.title, notes=notes, index=index,
                        kicker=interface(lecture.meta.language)["part"].format(number=index),
                        lines=(format_clock(section.clock),))
    if first is None or not first.sentences or first.code is not None or first.cues or first.turns:
        return card
    seconds = estimate_seconds(count_words(first.sentences[0]), lecture.meta.rate_wpm)
    if len(first.marks) and DIVIDER_MIN <= seconds <= DIVIDER_MAX:
        return replace(card, segment_id=first.segment_id)
    return card


def _recap(lecture: Lecture, slides: list[SlideContent], w: Wording) -> None:
    """The last slide of the lecture becomes a recap of the script's conclusion: the last section
    when its title says it concludes, else the last segment when its narration sums up."""
    if not lecture.sections or not slides:
        return
    last = lecture.sections[-1]
    concluding = w.mentions("conclusion_titles", last.title or "")
    segs = last.segments if concluding else lecture.sections[-1].segments[-1:]
    narration = " ".join(s.narration for s in segs)
    if not (concluding or w.mentions("summary_markers", narration)):
        return
    ids = {s.id for s in segs}
    k = max((i for i, s in enumerate(slides) if s.segment_id in ids and s.sentences and s.kind != "section"),
            default=None)
    if k is None or slides[k].code is not None:
        return
    shown = tuple(p for s in slides if s.segment_id in ids and s is not slides[k] for p in s.points)
    fresh = key_points(split_sentences(narration), w, limit=4, exclude=shown)
    points = tuple(dict.fromkeys(slides[k].points + fresh))[:4]
    if len(points) < 3:  # the conclusion repeats what its slides said: add each section's main point
        points = tuple(dict.fromkeys(points + _section_points(lecture, last, w, shown + points)))[:4]
    if len(points) >= 2:
        slides[k] = replace(slides[k], recap=True, points=points)


def _section_points(lecture: Lecture, conclusion: Section, w: Wording, shown: tuple[str, ...]) -> tuple[str, ...]:
    """The best point of each section before the conclusion, in order."""
    out: list[str] = []
    for section in lecture.sections:
        if section is conclusion:
            break
        narration = " ".join(seg.narration for seg in section.segments)
        best = key_points(split_sentences(narration), w, limit=1, exclude=shown + tuple(out))
        out += best
    return tuple(out)


def plan_slides(lecture: Lecture) -> ContentPlan:
    """Every slide of ``lecture`` as content (no geometry)."""
    w, case = wording(lecture.meta.language), title_caser(lecture)
    out = [SlideContent("title", title=lecture.title, notes=render("title_notes.j2", lecture).strip(),
                        lines=_card_lines("title_card.j2", lecture, **deck_facts(lecture, case)))]
    previous_title = ""
    for index, section in enumerate(lecture.sections, 1):
        section_slides: list[SlideContent] = []
        for segment in section.segments:
            base = segment.title or section.title or lecture.title
            slides = segment_slides(lecture, segment, base, w)
            if slides and base == previous_title and slides[0].title == base:
                focus = facts.focus_term(list(slides[0].sentences), w, base)
                slides[0] = replace(slides[0], title=f"{base}: {focus}" if focus else base)
            previous_title = base
            section_slides += slides
        if has_divider(section):
            divider = _divider(lecture, index, section, section_slides[0] if section_slides else None)
            if divider.segment_id is not None:  # the divider takes the first sentence: the slide starts at the second
                block, at = section_slides[0].marks[0]
                section_slides[0] = replace(section_slides[0], anchor=block, at=at, marks=section_slides[0].marks[1:])
            elif section_slides and section_slides[0].title != section.title:
                section_slides[0] = replace(section_slides[0], kicker=section.title)
            out.append(divider)
        out += section_slides
    _recap(lecture, out, w)
    if lecture.references:
        out.append(SlideContent("references", title=interface(lecture.meta.language)["references"],
                                references=lecture.references,
                                notes=render("references_notes.j2", lecture).strip()))
    out.append(SlideContent("closing", title=lecture.title, notes=render("closing_notes.j2", lecture).strip(),
                            lines=_card_lines("closing_card.j2", lecture)
                            or (interface(lecture.meta.language)["thank_you"],)))
    return ContentPlan(tuple(replace(s, title=case(s.title), kicker=case(s.kicker),
                                     lines=tuple(case(x) if x == lecture.title else x for x in s.lines))
                             for s in out), lecture)
