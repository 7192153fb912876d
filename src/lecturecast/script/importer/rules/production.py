"""Production material — kept as notes (speaker notes, handout, canonical ``[note: …]``), never staged.

* everything under a production heading (*Production Notes*, *Checklist*, *Shot list* …) until a heading
  of the same or a higher level, or a part / timed heading (the narration after it is narration again);
* Markdown table rows (timing tables, shot lists);
* checklist items (``- [ ] …``, ``☐ …``).
"""
from __future__ import annotations

from ..assemble import Assembler
from ..lines import CHECKLIST, TABLE_RULE, is_table_row, table_cells
from ..timex import find_time


def ends_production(a: Assembler, i: int) -> bool:
    h = a.heading
    if not h:
        return False
    if h[0] <= (a.appendix_level or 0):
        return True
    info = a.sc.headings.get(i)
    if info is None or info.kind != "structural":
        return False
    written = find_time(h[1], heading=True)  # a clock ends it; "(60-90 seconds)" under a production part does not
    return info.part is not None or (written is not None and written.exact and written.start is not None)


def under_production_heading(a: Assembler, i: int, s: str) -> int | None:
    """Any line inside a production section (a heading ends it when it is as high or names a part/time)."""
    if a.mode != "appendix" or ends_production(a, i):
        return None
    if is_table_row(s):
        return table_row(a, i, s)
    if CHECKLIST.match(a.lines[i]):
        return checklist(a, i, s)
    a.note(s.lstrip("-*+•#> \t"), i)
    return i + 1


def table_row(a: Assembler, i: int, s: str) -> int | None:
    """``| 0:00 | Intro | 30 s |``: one note per row (cells joined with ' | '); ``|---|`` rules are kept as used."""
    if not is_table_row(s):
        return None
    cells = table_cells(s)
    if all(TABLE_RULE.match(c) or not c.strip(" :-") for c in cells):
        a.rec(i, "note")
        return i + 1
    a.note(" | ".join(c for c in cells), i)
    return i + 1


def checklist(a: Assembler, i: int, s: str) -> int | None:
    """``- [ ] check the microphone``: a task for the producer."""
    m = CHECKLIST.match(a.lines[i])
    if not m:
        return None
    done = any(mark in s[:8] for mark in ("[x]", "[X]", "✓", "✔", "☑", "☒", "✅", "■"))
    a.note(("[x] " if done else "[ ] ") + m.group(1), i)  # plain marks: every font has them (handout, notes)
    return i + 1
