"""Parse the canonical script format (Markdown + YAML front matter) into a :class:`Lecture`.

See docs/script-format.md.  ``parse_canonical(format_lecture(x)) == x`` for every valid lecture.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass, field
from typing import Literal

from .textio import normalise_newlines
from ..errors import ScriptError, path_location
from ..model import (Block, BulletItem, Bullets, Code, Cue, Lecture, Meta, Section, Segment, SourceSpan,
                     Speech)
from .frontmatter import KNOWN_KEYS, meta_from_yaml
from .syntax import (BULLET, CUE_KINDS, CUE_LINE, FENCE, REFERENCE_TITLES, SECONDS_PREFIX, is_label, numbered_id,
                     parse_clock_exact, split_segment_heading)
from .values import MAX_CUE_SECONDS, MAX_SECONDS, checked_seconds

log = logging.getLogger(__name__)

_SPACES = re.compile(r"\s+")
_HEADING = re.compile(r"^(#{1,6})(?:[ \t]+(.*))?$")


_FM_KEY = re.compile(r"^([A-Za-z_][\w-]*)[ \t]*:")


def has_front_matter(text: str) -> bool:
    """True when the text starts with a ``---`` line followed by ``key: value`` settings.

    A file that merely starts with a horizontal rule (``---`` then prose) is not canonical; it is imported.
    """
    text = text.lstrip("\ufeff")
    if not re.match(r"^---[ \t]*(?:\n|$)", text):
        return False
    lines = text.split("\n", 200)[1:200]
    first = next((ln for ln in lines if not ln.lstrip().startswith("#")), "")
    if first.strip() in ("---", "..."):
        return True  # empty front matter
    m = _FM_KEY.match(first)
    if not m:
        return False  # a horizontal rule followed by prose (or a blank line): not front matter
    if m.group(1) in KNOWN_KEYS:
        return True
    # an unknown first key: front matter only if it is closed and holds no speaker-like 'Name: "…"' prose
    for line in lines[1:]:
        if line.strip() in ("---", "..."):
            return not re.match(r'^[^:]+:[ \t]+["“]', first)
        if not line.strip():
            return False
    return False


def split_front_matter(text: str, where: str | None = None) -> tuple[str, list[str], int]:
    """Return (yaml text, body lines, 1-based number of the first body line)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return "", lines, 1
    for i in range(1, len(lines)):
        if lines[i].strip() in ("---", "..."):
            return "\n".join(lines[1:i]), lines[i + 1:], i + 2
    raise ScriptError("front matter starting on line 1 is never closed", location=path_location(where, 1),
                      hint="add a line '---' after the settings")


def clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


@dataclass
class _Seg:
    id: str | None
    title: str | None
    clock: float | None
    duration: float | None
    line: int
    end: int
    blocks: list[Block] = field(default_factory=list)


@dataclass
class _Sec:
    title: str
    line: int
    segs: list[_Seg] = field(default_factory=list)
    refs: list[str] | None = None  # body lines when this might be the references section


class _Parser:
    def __init__(self, meta: Meta, where: str | None):
        self.meta = meta
        self.where = where
        self.sections: list[_Sec] = []
        self.speaker: str | None = None
        self.para: list[str] = []
        self.para_line = 0
        self.para_speaker: str | None = None
        self.bullets: list[tuple[int, str]] = []
        self.bullets_line = 0
        self.bullets_ordered = False
        self.bullets_spoken = False
        self.bullets_speaker: str | None = None
        self.label_pending: str | None | Literal[False] = False  # a 'Name:' line waiting for its list/paragraph
        self.last_line = 0
        self.prev_was_speech = False  # previous line ended a speech paragraph directly (no blank)

    # -- helpers ---------------------------------------------------------------------------------
    def seconds(self, value: float | None, what: str, no: int, limit: float = MAX_SECONDS) -> float:
        """A time kept to the millisecond; a located error when it is beyond ``limit``."""
        kept = checked_seconds(value, limit) if value is not None else None
        if kept is None:
            most = "one hour" if limit == MAX_CUE_SECONDS else "99:59:59"
            raise ScriptError(f"the {what[:60]} is longer than {most}", location=path_location(self.where, no),
                              hint="write the time the lecture really needs")
        return kept

    def _speaker_name(self, label: str) -> str | None:
        name = clean(label)
        return None if name.casefold() == self.meta.narrator.casefold() else name

    def seg(self, line: int) -> _Seg:
        if not self.sections:
            self.sections.append(_Sec(self.meta.title, line))
        sec = self.sections[-1]
        if sec.refs is not None:
            sec.refs = None  # content: not a references section after all
        if not sec.segs:
            sec.segs.append(_Seg(None, None, None, None, line, line))
            self.speaker = None
        return sec.segs[-1]

    def add(self, block: Block, line: int, end: int) -> None:
        s = self.seg(line)
        s.blocks.append(block)
        s.end = max(s.end, end)

    def flush_para(self) -> None:
        if self.para:
            text = clean(" ".join(self.para))
            end = self.para_line + len(self.para) - 1
            if text:
                self.add(Speech(text, self.para_speaker, SourceSpan(self.para_line, end)), self.para_line, end)
            self.para = []

    def flush_bullets(self) -> None:
        if self.bullets:
            items = tuple(BulletItem(clean(t), lvl) for lvl, t in self.bullets)
            end = self.last_line
            self.add(Bullets(items, self.bullets_spoken, self.bullets_ordered,
                             self.bullets_speaker if self.bullets_spoken else None,
                             SourceSpan(self.bullets_line, max(end, self.bullets_line))), self.bullets_line, end)
            self.bullets = []

    def flush(self) -> None:
        self.flush_para()
        self.flush_bullets()
        self.label_pending = False

    # -- line handlers -----------------------------------------------------------------------------
    def heading(self, level: int, rest: str, no: int) -> None:
        self.flush()
        self.prev_was_speech = False
        if level == 1:
            title = clean(rest)
            self.sections.append(_Sec(title or self.meta.title, no,
                                      refs=[] if title.casefold().rstrip(":") in REFERENCE_TITLES else None))
            self.speaker = None
            return
        clock_text, title, dur, sid = split_segment_heading(rest)
        title = clean(title)
        if title.startswith("\\"):
            title = title[1:].strip()  # "\\ x" is the title "x"
        if not self.sections:
            self.sections.append(_Sec(self.meta.title, no))
        sec = self.sections[-1]
        if sec.refs is not None:
            sec.refs = None
        clock = self.seconds(parse_clock_exact(clock_text), f"clock {clock_text}", no) if clock_text else None
        duration = self.seconds(float(dur), f"duration ({dur}s)", no) if dur else None
        sec.segs.append(_Seg(sid, title or None, clock, duration, no, no))
        self.speaker = None

    def cue(self, m: re.Match[str], no: int) -> None:
        self.flush()
        self.prev_was_speech = False
        kind = CUE_KINDS[m.group(1).lower()]
        content = clean(m.group(2) or "")
        seconds = None
        sm = SECONDS_PREFIX.match(content)
        if sm:
            seconds = self.seconds(float(sm.group(1)), f"cue length {sm.group(1)}s", no, MAX_CUE_SECONDS)
            content = clean(sm.group(2) or "")
        self.add(Cue(kind, content, m.group(3).strip() if m.group(3) else None, seconds, SourceSpan(no, no)), no, no)

    def bullet(self, m: re.Match[str], no: int) -> None:
        indent, marker, text = len(m.group(1)), m.group(2), m.group(3)
        if not self.bullets:
            spoken = bool(self.para) or self.label_pending is not False
            speaker = self.para_speaker if self.para else (self.label_pending if self.label_pending is not False else None)
            self.flush_para()
            self.label_pending = False
            self.bullets_line = no
            self.bullets_ordered = marker[0].isdigit()
            self.bullets_spoken = spoken
            self.bullets_speaker = speaker if spoken else None
            level = 0
        else:
            level = min(indent // 2, self.bullets[-1][0] + 1)
        self.bullets.append((level, text))

    def text_line(self, line: str, no: int) -> None:
        if self.bullets:  # lazy continuation of the last item
            lvl, t = self.bullets[-1]
            self.bullets[-1] = (lvl, t + " " + line.strip())
            return
        if not self.para:
            m = is_label(line.strip())
            if m:
                speaker = self._speaker_name(m.group(1))
                self.speaker = speaker
                if m.group(2) is None or not m.group(2).strip():
                    self.label_pending = speaker
                    return
                line = m.group(2)
            elif self.label_pending is not False:
                self.speaker = self.label_pending
            self.label_pending = False
            self.para_line = no
            self.para_speaker = self.speaker
        self.para.append(line.strip())


def parse_canonical(text: str, path: str | os.PathLike[str] | None = None) -> Lecture:
    """Parse canonical text.  Raises :class:`ScriptError` with ``path:line`` for malformed input."""
    where = str(path) if path is not None else None
    text = normalise_newlines(text)
    fm, body, first = split_front_matter(text, where)
    meta = meta_from_yaml(fm, where, 1)
    p = _Parser(meta, where)
    i = 0
    while i < len(body):
        stripped = body[i].strip()
        fence = FENCE.match(stripped) if stripped[:1] in "`~" else None
        if fence:
            i = _code_block(p, fence, body, i, first)
        else:
            _line(p, body[i], first + i)
            i += 1
    p.flush()
    return _finish(p, meta, where, path)


def _code_block(p: _Parser, fence: re.Match[str], lines: list[str], i: int, first: int) -> int:
    """The fenced code block opening at ``lines[i]`` (file line ``first + i``); the index after it."""
    no = first + i
    p.flush()
    marker = fence.group(1)
    words = fence.group(2).split()
    spoken = bool(words) and words[-1].lower() == "spoken"
    if spoken:
        words = words[:-1]
    j = i + 1
    while j < len(lines):
        s = lines[j].strip()
        if s and s[0] == marker[0] and set(s) == {marker[0]} and len(s) >= len(marker):
            break
        j += 1
    else:
        raise ScriptError(f"code block opened with {marker} is never closed", location=path_location(p.where, no),
                          hint=f"add a line {marker} after the code")
    p.add(Code("\n".join(lines[i + 1:j]), words[0] if words else None, spoken, SourceSpan(no, first + j)),
          no, first + j)
    p.prev_was_speech = False
    return j + 1


def _line(p: _Parser, raw: str, no: int) -> None:
    """One line outside code blocks: blank, reference, heading, separator, cue, bullet or text."""
    stripped = raw.strip()
    if not stripped:
        p.flush_para()
        p.flush_bullets()
        if p.label_pending is not False:
            p.speaker = p.label_pending
        p.label_pending = False
        return
    sec = p.sections[-1] if p.sections else None
    if sec is not None and sec.refs is not None and not stripped.startswith("#"):
        bm = BULLET.match(raw)
        sec.refs.append(clean(bm.group(3) if bm else stripped))
        return
    hm = _HEADING.match(stripped)
    if hm:
        p.heading(len(hm.group(1)), hm.group(2) or "", no)
    elif stripped in ("---", "***", "___") or (stripped.startswith("<!--") and stripped.endswith("-->")):
        p.flush()
    elif (cm := CUE_LINE.match(stripped)) is not None:
        p.cue(cm, no)
    elif (bm := BULLET.match(raw)) is not None:
        p.bullet(bm, no)
        p.last_line = no
    else:
        p.text_line(raw, no)
        if p.bullets:
            p.last_line = no


def _finish(p: _Parser, meta: Meta, where: str | None, path: object) -> Lecture:
    used: set[str] = set()
    seen: dict[str, int] = {}
    for sec in p.sections:
        for s in sec.segs:
            if s.id:
                if s.id in seen:
                    raise ScriptError(f"segment id '{s.id}' is used twice (first on line {seen[s.id]})",
                                      location=path_location(where, s.line), hint="give each '## … {#id}' its own id")
                seen[s.id] = s.line
                used.add(s.id)
    sections: list[Section] = []
    references: list[str] = []
    for sec in p.sections:
        if sec.refs is not None and not sec.segs:
            references.extend(r for r in sec.refs if r)
            continue
        segs = []
        for s in sec.segs:
            sid = s.id or numbered_id(s.title or sec.title, used)
            segs.append(Segment(sid, tuple(s.blocks), s.title, s.clock, s.duration, SourceSpan(s.line, max(s.end, s.line))))
        sections.append(Section(sec.title, tuple(segs), SourceSpan(sec.line, sec.line)))
    return Lecture(meta, tuple(sections), tuple(references), str(path) if path is not None else None)
