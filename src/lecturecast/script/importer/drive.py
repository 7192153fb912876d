"""The line loop of the importer: parts of a chat log, then each line through the rule list (rules/)."""
from __future__ import annotations

from .assemble import Assembler
from .lines import PROMPT, TRANSCRIPT, strip_markdown
from .recognise import find_label
from .rules import dispatch
from .vocab import vocab


def run(a: Assembler) -> None:
    lines, sc = a.lines, a.sc
    n = len(lines)
    i = 0
    while i < n:
        s = lines[i].strip()
        if not s:
            a.flush()
            a.blank = True
            a.skip_para = None
            i += 1
            continue
        if i in sc.boundaries:
            i = _boundary(a, i)
            continue
        if sc.part_of[i] in sc.chatter_parts:
            i = _chatter_part(a, i, s)
            continue
        i = dispatch(a, i, s)
        a.blank = False
    a.flush()


def _chatter_part(a: Assembler, i: int, s: str) -> int:
    """A whole answer addressed to the teacher (advice, not a script): every line reported, none used."""
    reason = a.sc.chatter_parts[a.sc.part_of[i]]
    if i in a.sc.fences:
        for k in range(i, a.sc.fences[i] + 1):
            if a.lines[k].strip():
                a.rec(k, "chatter", False, reason)
        return a.sc.fences[i] + 1
    if TRANSCRIPT.match(s):
        a.rec(i, "transcript", False, "classroom transcript line")
    else:
        a.rec(i, "chatter", False, reason)
    return i + 1


def _boundary(a: Assembler, i: int) -> int:
    """A new part of a chat log: a ``>>>`` prompt or an episode record's ``<start>``."""
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
        if lab and vocab().meta_fields.get(lab.name.casefold()) == "title":
            a.pending_title = lab.rest.strip(' "“”*') or None
            a.part_titled = True
            a.rec(i, "title", True, "")
        else:
            a.lines[i] = after
            dispatch(a, i, after)
        if before.strip():
            a.report.notes.append(f"line {i + 1}: the prompt before <start> was dropped: {before.strip()[:80]!r}")
    else:
        a.rec(i, "prompt", False, "prompt before <start>")
    return i + 1
