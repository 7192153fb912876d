"""The line loop of the importer: decide what each line is and feed the :class:`Assembler`."""
from __future__ import annotations

import re

from ...model import Cue, CueKind, SourceSpan
from .assemble import Assembler
from .handlers import _cue, _fence, _heading, _label, _mark_consumed, _meta, _next_nonblank
from .lines import BOLD_LINE, BULLET, CLOCK_LINE, PROMPT, SEPARATOR, TRANSCRIPT, clock_value, strip_markdown, tidy_title
from .recognise import CHATTER, find_label, is_meta_label
from .scan import heading_of

_WRAPPED = re.compile(r"^(?:\*\*|__|\*|_)?([\[(].*[\])])(?:\*\*|__|\*|_)?[.:]?$")
_ITALIC_LINE = re.compile(r"^(?:\*[^*].*\*|_[^_].*_)$")
_ABOUT = re.compile(r".*\b(?:script|episode|lecture|story|continuation|podcast) (?:on|about) (.{3,80}?)[:.!]*$",
                    re.IGNORECASE)
_LINK_LINE = re.compile(r"^\[([^\]]+)\]\(([^)\s]+)\)$")


def run(a: Assembler) -> None:
    lines, sc = a.lines, a.sc
    n = len(lines)
    i = 0
    while i < n:
        raw = lines[i]
        s = raw.strip()
        if not s:
            a.flush()
            a.blank = True
            a.skip_para = None
            i += 1
            continue
        part = sc.part_of[i]
        if i in sc.boundaries:
            i = _boundary(a, i)
            continue
        if part in sc.chatter_parts:
            if i in sc.fences:
                for k in range(i, sc.fences[i] + 1):
                    if lines[k].strip():
                        a.rec(k, "chatter", False, sc.chatter_parts[part])
                i = sc.fences[i] + 1
            else:
                a.rec(i, "transcript" if TRANSCRIPT.match(s) else "chatter", False,
                      "classroom transcript line" if TRANSCRIPT.match(s) else sc.chatter_parts[part])
                i += 1
            continue
        if i in sc.fences:
            i = _fence(a, i)
            a.blank = False
            continue
        if a.lines[i].strip():
            _line(a, i, a.lines[i].strip())
        a.blank = False
        i += 1
    a.flush()


def _boundary(a: Assembler, i: int) -> int:
    s = a.lines[i].strip()
    a.flush()
    a.force_section = True
    a.pending_title = None
    a.speaker = None
    a.pending_speaker = False
    a.in_quote = False
    a.mode = None
    a.appendix_level = None
    a.clock_in_section = False
    a.part_titled = False
    if PROMPT.match(s):
        prompt = s[3:].strip()
        a.rec(i, "prompt", False, "the teacher's prompt to the chat model")
        a.pending_title = prompt[:1].upper() + prompt[1:] if prompt else None
        return i + 1
    before, _, after = s.partition("<start>")
    after = after.replace("<end>", "").strip()
    a.pending_title = None
    if after:
        lab = find_label(strip_markdown(after))
        if lab and is_meta_label(lab.name) and "title" in lab.name.casefold():
            a.pending_title = lab.rest.strip(' "“”*') or None
            a.part_titled = True
            a.rec(i, "title", True, "")
        else:
            a.lines[i] = after
            _line(a, i, after)
        if before.strip():
            a.report.notes.append(f"line {i + 1}: the prompt before <start> was dropped: {before.strip()[:80]!r}")
    else:
        a.rec(i, "prompt", False, "prompt before <start>")
    return i + 1


def _line(a: Assembler, i: int, s: str) -> None:
    sc = a.sc
    if PROMPT.match(s):
        a.rec(i, "prompt", False, "the teacher's prompt to the chat model")
        return
    if TRANSCRIPT.match(s):
        a.rec(i, "transcript", False, "classroom transcript line")
        return
    h = sc.heading_at[i] if (i in sc.heading_at and s == a.lines[i].strip()) else heading_of(s, sc)
    if a.mode == "appendix" and not (h and h[0] <= (a.appendix_level or 0)):
        a.rec(i, "appendix", False, f"under '{a.appendix_name}' (not narration)")
        return
    if SEPARATOR.match(s):
        a.flush()
        a.rec(i, "separator")
        return
    if a.mode == "references" and not h:
        m = BULLET.match(s)
        if m or not a.references or a.blank:
            a.references.append(strip_markdown(m.group(3) if m else s))
        else:
            a.references[-1] += " " + strip_markdown(s)
        a.rec(i, "reference")
        return
    if h:
        nxt = _next_nonblank(a, i)
        if h[0] == 7 and s.rstrip("*").endswith(":") and nxt is not None and _LINK_LINE.match(a.lines[nxt].strip()):
            # **The Goonies:** + a link line: an audio insert, not a heading
            ll = _LINK_LINE.match(a.lines[nxt].strip())
            a.flush()
            url = ll.group(2)
            a.add(Cue(CueKind.SOUND, f"{tidy_title(h[1])}: {ll.group(1)} ({url})", None,
                      source=SourceSpan(i + 1, nxt + 1)), i + 1, nxt + 1)
            a.rec(i, "cue")
            a.rec(nxt, "cue")
            a.lines[nxt] = ""
            return
        _heading(a, i, h[0], h[1])
        return
    cm = CLOCK_LINE.match(s)
    if cm:
        start, end = clock_value(cm.group(1)), clock_value(cm.group(2)) if cm.group(2) else None
        if start is not None:
            seg = a.new_segment(None, i)
            a.set_clock(start, end, i, segment=seg)
            a.rec(i, "clock")
            return
    # a chatty first/last line of an answer (or of the file)
    part = sc.part_of[i]
    edge = i in (sc.part_first.get(part), sc.part_last.get(part))
    if a.skip_para and not a.in_quote and not (a.skip_para[0] == "metadata" and find_label(s)):
        a.rec(i, a.skip_para[0], False, a.skip_para[1])
        return
    if edge and CHATTER.match(strip_markdown(s)) and not a.in_quote and a.speaker is None:
        a.flush()
        a.skip_para = ("chatter", "the chat model talking to the teacher")
        a.rec(i, "chatter", False, "the chat model talking to the teacher")
        tm = _ABOUT.match(strip_markdown(s)[:300])
        if tm and a.force_section:  # "Here's a continuation of the script on ULM fine-tuning:" names the part
            topic = re.sub(r"^(?:the|a|an) ", "", tm.group(1).strip(), flags=re.IGNORECASE)
            a.pending_title = topic[:1].upper() + topic[1:]
        return
    wm = _WRAPPED.match(s)
    if wm and not find_label(s):
        inner = wm.group(1)
        if not CLOCK_LINE.match(inner) and not _LINK_LINE.match(s):
            _cue(a, inner, i)
            return
    if s.startswith(("[", "**[")) and "]" not in s:
        end = next((k for k in range(i + 1, min(i + 40, len(a.lines))) if "]" in a.lines[k]), None)
        if end is not None:
            inner = " ".join(x.strip() for x in a.lines[i:end + 1]).strip("*")
            _cue(a, inner, i, end)
            _mark_consumed(a, i, end)
            return
    lab = find_label(s)
    if lab:
        if _label(a, i, s, lab):
            return
    bm = BULLET.match(a.lines[i])
    if bm and not (a.in_quote and a.para and not a.blank and False):
        a.bullet(bm, i)
        return
    if a.continuation(s, i):
        return
    bl = BOLD_LINE.match(s)
    if bl:
        inner = bl.group(1)
        ilab = find_label(inner)
        if ilab and is_meta_label(ilab.name):
            _meta(a, i, ilab.name, ilab.rest)
            return
        _cue(a, inner, i)
        return
    if not a.seen_content and _ITALIC_LINE.match(s) and s[1:2] not in ("\"", "“"):
        a.rec(i, "metadata", False, "editor's note before the script")
        return
    ll = _LINK_LINE.match(s)
    if ll and a.speaker is None and a.prev_kind == "insert":
        a.add(Cue(CueKind.SOUND, f"{ll.group(1)} ({ll.group(2)})", None, source=SourceSpan(i + 1, i + 1)), i + 1, i + 1)
        a.rec(i, "cue")
        return
    if a.mode in ("visual", "screen", "note"):
        kind = {"visual": CueKind.VISUAL, "screen": CueKind.SCREEN_TEXT}.get(a.mode, CueKind.NOTE)
        a.flush()
        a.add(Cue(kind, strip_markdown(s), source=SourceSpan(i + 1, i + 1)), i + 1, i + 1)
        a.rec(i, "cue")
        return
    if a.blank and a.para:
        a.flush_para()
    a.narration(s, i)
