"""First pass over a messy script: fences, chat parts, heading levels, speaker statistics."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ...errors import ScriptError, path_location
from .lines import BOLD_LINE, FENCE, HEADING, PROMPT, tidy_title
from .recognise import (Label, bold_cue_label, find_label, is_cue_word, is_meta_label, is_narrator, is_part_heading,
                        starts_with_part_word,
                        is_production_heading, is_references_heading, is_topic_label, looks_like_person, mode_of,
                        role_of)
from .timex import lead_timestamp, strip_emoji, strip_times

_YOU = re.compile(r"\b(?:you|your|you're|you'd|you'll|you've|yours)\b", re.IGNORECASE)
_WORD = re.compile(r"\w+")


@dataclass
class HeadingInfo:
    line: int  # 0-based index
    level: int  # 1..6 markdown, 7 bold line, 8 bold line starting with a clock
    title: str
    clock: float | None
    end: float | None
    kind: str  # title | mode | appendix | references | structural | meta
    duration: float | None = None
    part: str | None = None  # "section" / "segment" for part words ("Video 3", "Scene 2", "第2章")


@dataclass
class Scan:
    fences: dict[int, int] = field(default_factory=dict)  # opening line → closing line (0-based)
    in_fence: set[int] = field(default_factory=set)
    part_of: list[int] = field(default_factory=list)  # part number per line
    boundaries: set[int] = field(default_factory=set)  # lines that start a new part (prompt / <start>)
    chatter_parts: dict[int, str] = field(default_factory=dict)
    part_first: dict[int, int] = field(default_factory=dict)
    part_last: dict[int, int] = field(default_factory=dict)
    part_has_labels: set[int] = field(default_factory=set)
    headings: dict[int, HeadingInfo] = field(default_factory=dict)
    section_level: int = 7
    speech_labels: Counter = field(default_factory=Counter)  # 'Name: text' labels with speech on the line
    alone_labels: Counter = field(default_factory=Counter)
    speaker_cache: dict = field(default_factory=dict)
    heading_at: dict = field(default_factory=dict)  # line → heading_of() result (None: not a heading)  # '**Name:**' alone, speech on the next lines
    chat: bool = False
    narrators_differ: bool | None = None  # see narrators_differ(); None until first asked


_CLOCK_START = re.compile(r"^[\[(]?\d{1,2}:\d{2}")
PLAIN_PART_LEVEL = {"section": 7, "segment": 8}


def heading_of(line: str, speakers: "Scan | None" = None) -> tuple[int, str] | None:
    """``(level, text)`` of a heading line: markdown ``#``, a whole bold line, or a plain part line
    ("Video 3: Setup", "Épisode 2", "第2章 はじめに"); levels 7/8 rank below markdown levels."""
    s = line.strip()
    if not s:
        return None
    if s[0] not in "#*_":
        return _plain_part(s)
    m = HEADING.match(s)
    if m:
        return len(m.group(1)), m.group(2)
    m = BOLD_LINE.match(s)
    if m and len(s) <= 200:
        inner = m.group(1).strip()
        if _CLOCK_START.match(inner):
            return 8, inner  # **[0:00-0:10] Introduction**
        if "**" in inner or inner.startswith(("[", "(")) or bold_cue_label(inner):
            return None
        lab = find_label(s)
        if lab and (lab.rest or (speakers is not None and is_speaker(lab, speakers))):
            return None
        inner_lab = find_label(inner)
        if inner_lab and is_meta_label(inner_lab.name):
            return None
        if len(inner.split()) > 16 or inner.rstrip(":").endswith((".", "!", "?", '"', "”")):
            return None
        return 7, inner
    return None


def _plain_part(s: str) -> tuple[int, str] | None:
    if len(s) > 160 or s[-1:] in ".!?。！？\"”" or not s[:1].isalnum() and s[:1] not in "([【（":
        return None
    part = is_part_heading(s.lstrip("([【（ "))
    if part is None or len(s.split()) > 14:
        return None
    return PLAIN_PART_LEVEL[part], s


def scan(lines: list[str], where: str | None) -> Scan:
    sc = Scan()
    n = len(lines)
    i = 0
    part = 0
    words: Counter = Counter()
    yous: Counter = Counter()
    prose_lines: list[int] = []
    while i < n:
        s = lines[i].strip()
        if PROMPT.match(s) or "<start>" in s:
            sc.chat = sc.chat or bool(PROMPT.match(s))
            part += 1
            sc.boundaries.add(i)
        sc.part_of.append(part)
        fm = FENCE.match(lines[i]) if s[:3] in ("```", "~~~") else None
        if fm:
            j = _fence_end(lines, i, fm.group(1), where)
            sc.fences[i] = j
            for k in range(i, j + 1):
                sc.in_fence.add(k)
                if k > i:
                    sc.part_of.append(part)
            sc.part_first.setdefault(part, i)
            sc.part_last[part] = j
            i = j + 1
            continue
        if s and not PROMPT.match(s):
            sc.part_first.setdefault(part, i)
            sc.part_last[part] = i
            stamped = lead_timestamp(s)
            lab = find_label(stamped[1] if stamped else s)  # "00:00:12 Sprecher: …" counts Sprecher
            if lab and not is_meta_label(lab.name) and mode_of(lab.name) is None:
                follows = lab.rest or _next_text(lines, i)
                if follows:
                    key = lab.name.casefold()
                    (sc.speech_labels if lab.rest else sc.alone_labels)[key] += 1
                    if role_of(lab.name) or (lab.rest[:1] in ("\"", "“")):
                        sc.part_has_labels.add(part)
            elif stamped is not None:
                sc.part_has_labels.add(part)
            if not lab and not s.startswith(("#", "**", "*", "-", "[", "(", "...")):
                prose_lines.append(i)
        i += 1
    if sc.chat:
        for k in prose_lines:  # only chat sessions need the "is this answer talking to the user?" vote
            words[sc.part_of[k]] += len(_WORD.findall(lines[k]))
            yous[sc.part_of[k]] += len(_YOU.findall(lines[k]))
        for p in range(part + 1):
            if p in sc.part_has_labels:
                continue
            w, y = words[p], yous[p]
            if w >= 20 and y * 100 >= 2 * w:
                sc.chatter_parts[p] = f"answer talks to the user ({y}× 'you' in {w} words), not lecture content"
    _scan_headings(lines, sc)
    return sc


def _fence_end(lines: list[str], i: int, fence: str, where: str | None) -> int:
    """The line that closes the fence opened on line ``i`` (an unclosed fence is a located error)."""
    for j in range(i + 1, len(lines)):
        t = lines[j].strip()
        if t[:1] == fence[0] and set(t) == {fence[0]} and len(t) >= len(fence):
            return j
    raise ScriptError(f"code block opened with {fence} is never closed", location=path_location(where, i + 1),
                      hint=f"add a line {fence} after the code, or remove the stray {fence}")


def is_speaker(lab: Label, sc: "Scan") -> bool:
    """Is this label a person/role who speaks (not metadata like **Duration:** or **Break:**)?"""
    ck = (lab.name, lab.rest[:1] in ("\"", "“"))
    hit = sc.speaker_cache.get(ck)
    if hit is None:
        hit = sc.speaker_cache[ck] = _is_speaker(lab, sc)
    return hit


def narrators_differ(sc: "Scan") -> bool:
    """Two narrator roles that each head speech again and again ("Sprecher:" and "Sprecherin:",
    "Narrador:" and "Narradora:") are two voices, not the one default narrator (decided once per scan)."""
    if sc.narrators_differ is None:
        counts = sc.speech_labels + sc.alone_labels
        sc.narrators_differ = sum(1 for key, n in counts.items() if n >= 2 and is_narrator(key)) >= 2
    return sc.narrators_differ


def _is_speaker(lab: Label, sc: "Scan") -> bool:
    name = lab.name
    if is_narrator(name) or role_of(name):
        return True
    if is_meta_label(name) or mode_of(name) or bold_cue_label(name) or is_cue_word(name) or is_topic_label(name) \
            or is_part_heading(name):
        return False
    if not looks_like_person(name):
        return False
    if lab.rest[:1] in ("\"", "“"):
        return True
    key = name.casefold()
    if sc.speech_labels[key] >= 2:
        return True
    alone = sc.alone_labels[key]  # a recurring bold name that owns a good share of all such labels
    return alone >= 2 and alone * 4 >= sum(sc.alone_labels.values())


def _next_text(lines: list[str], i: int) -> bool:
    for j in range(i + 1, min(i + 3, len(lines))):
        t = lines[j].strip()
        if t:
            lab = find_label(t)
            return not (lab and not lab.rest) and not t.startswith("#")
    return False


def _scan_headings(lines: list[str], sc: Scan) -> None:
    infos: list[HeadingInfo] = []
    level1 = 0
    for i, raw in enumerate(lines):
        if i in sc.in_fence or sc.part_of[i] in sc.chatter_parts:
            continue
        lead = raw.lstrip()[:1]
        if not lead or (lead not in "#*_" and not starts_with_part_word(raw)):
            continue  # not a heading (lines missing from heading_at were checked and are none)
        found = heading_of(raw, sc)
        sc.heading_at[i] = found
        if not found:
            continue
        level, text = found
        title, start, end, duration = strip_times(strip_emoji(tidy_title(text)))
        title = title.strip(" \t:*_#[]")
        if level == 1:
            level1 += 1
        part = is_part_heading(title)
        if is_references_heading(title):
            kind = "references"
        elif mode_of(title) and start is None:
            kind = "mode"
        elif start is None and part is None and is_production_heading(title):
            kind = "appendix"
        else:
            kind = "structural"
        infos.append(HeadingInfo(i, level, title, start, end, kind, duration, part))
    if level1 == 1:
        top = next((h for h in infos if h.level == 1), None)
        if top is not None and top is infos[0]:
            top.kind = "title"
    by_part: dict[int, list[HeadingInfo]] = {}
    for h in infos:
        by_part.setdefault(sc.part_of[h.line], []).append(h)
    for part_infos in by_part.values():
        _untimed_parts(lines, part_infos, sc)
    structural = [h.level for h in infos if h.kind == "structural"]
    sc.section_level = min(structural) if structural else 7
    sc.headings = {h.line: h for h in infos}


def _untimed_parts(lines: list[str], infos: list[HeadingInfo], sc: Scan) -> None:
    """In a timed script, untimed top parts (index, template, tips) are not narration."""
    clocked = [h for h in infos if h.kind == "structural" and h.clock is not None]
    structural_n = sum(1 for h in infos if h.kind == "structural")
    if len(clocked) < max(2, 0.3 * structural_n):
        return
    for idx, h in enumerate(infos):
        if h.kind != "structural" or h.clock is not None or h.part is not None:
            continue
        timed_below = False
        for g in infos[idx + 1:]:
            if g.level <= h.level:
                break
            if g.kind == "structural" and g.clock is not None:
                timed_below = True
                break
        if not timed_below and not _has_clock_lines(lines, h, infos, idx, sc):
            h.kind = "appendix"


def _has_clock_lines(lines: list[str], h: HeadingInfo, infos: list[HeadingInfo], idx: int, sc: Scan) -> bool:
    stop = next((g.line for g in infos[idx + 1:] if g.level <= h.level), len(lines))
    for k in range(h.line + 1, stop):
        if k in sc.in_fence:
            continue
        t = lines[k].strip()
        if lead_timestamp(t) is not None:
            return True
        lab = find_label(t) if t else None
        if lab and (role_of(lab.name) or is_narrator(lab.name)):
            return True  # people talk here: it is script, not an appendix
    return False
