"""The importer's line grammar: an ordered list of small rules (see docs/script-format.md, "Line kinds").

Every rule has one signature, ``rule(a, i, s) -> int | None``: ``a`` is the :class:`~..assemble.Assembler`
(the lecture being built and the state of the line loop), ``i`` the 0-based line index, ``s`` the
stripped line.  A rule either claims the line (and any lines after it that belong to it) and returns
the index of the next line to read, or declines with ``None``; the loop tries the rules in the order
of :data:`RULES` and the last rule (prose) always claims.  A rule that claims only the start of a line
(a timestamp before a speaker turn) leaves the rest in ``a.rest``: the loop reads it with the rules
that come after that rule.  A new script shape is a new rule (or a new
row in ``words.yaml``), never a branch inside another rule.
"""
from __future__ import annotations

from typing import Callable

from ..assemble import Assembler
from ..scan import heading_of
from . import chat, cues, lists, production, prose, speakers, structure, timing

Rule = Callable[[Assembler, int, str], "int | None"]

RULES: tuple[tuple[str, Rule], ...] = (
    ("code fence", structure.code_fence),
    ("prompt", chat.prompt),
    ("transcript", chat.transcript),
    ("production section", production.under_production_heading),
    ("separator", structure.separator),
    ("reference", structure.reference),
    ("heading", structure.heading),
    ("time", timing.timestamp),
    ("skipped paragraph", chat.skipped_paragraph),
    ("chatter", chat.chatter),
    ("table row", production.table_row),
    ("checklist", production.checklist),
    ("cue", cues.bracketed),
    ("long cue", cues.multiline),
    ("speaker label", speakers.label),
    ("list item", lists.item),
    ("continuation", lists.continuation),
    ("bold line", cues.bold_line),
    ("editor note", prose.editor_note),
    ("media link", cues.media_link),
    ("mode content", cues.mode_content),
    ("prose", prose.narration),
)
RULE_NAMES = tuple(name for name, _ in RULES)


def dispatch(a: Assembler, i: int, s: str, after: str | None = None) -> int:
    """Try the rules in order on line ``i`` (starting after the rule named ``after``); the index of the next line."""
    start = RULE_NAMES.index(after) + 1 if after else 0
    seen = s == a.original[i].strip()  # the first pass looked at this very text (absent: not a heading)
    a.heading = a.sc.heading_at.get(i) if seen else heading_of(s, a.sc)
    for name, rule in RULES[start:]:
        nxt = rule(a, i, s)
        if nxt is None:
            continue
        if a.rest is not None:  # the rule claimed the start of the line only ("[00:12:30] Sam: …")
            rest, a.rest = a.rest, None
            a.lines[i] = rest
            a.blank = False
            return dispatch(a, i, rest, after=name)
        return nxt
    return i + 1  # pragma: no cover - prose always claims
