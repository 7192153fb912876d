"""Split a multi-part file into one lecture per part: a chat log per script asked for, any other file per
part (Video 1…5, episodes, parts, ``<start>`` records, repeated title blocks).

A teacher's chat log usually holds several scripts: "give me the history of RNNs", "continue",
"now the transformer architecture", "tell it as a story", a question about e-mail etiquette, "can you
continue with the script"…  ``import --split`` cuts the conversation at the teacher's prompts
(``>>> …`` lines) and imports each part on its own:

* a prompt that asks to go on (``continue``, ``go on``, ``keep going``, ``next part``…) or to add to the
  script (``add a code example``, ``also…``, ``expand…``) extends the most recent part that holds a
  script — even across an unrelated question in between;
* a part in which the importer finds nothing to say (a side question, chatter) is not a lecture; its
  lines are reported, never silently dropped;
* every part is imported from the *whole* text with the other parts' lines blanked (their prompts
  kept as context), so line numbers in its report and its segments' source lines are those of the
  original file, and every line is reported by exactly one part.

A file without prompts is cut (:func:`part_starts`) at its episode records (``<start>``), else at its
shallowest headings that name a part ("Video 3", "Épisode 2", "第2章", see ``words.yaml``), else at
repeated top-level title blocks (two or more ``#`` headings).  What comes before the first cut (the
series title, an introduction without narration) belongs to the first part.
"""
from __future__ import annotations

import logging
import os
import re
from dataclasses import dataclass

from ..textio import normalise_newlines
from . import ImportResult, import_script
from .lines import PROMPT
from .scan import scan

log = logging.getLogger(__name__)

_CONTINUE = re.compile(r"\b(?:continue|go on|keep going|carry on|next part|rest of (?:it|the script))\b"
                       r"|^\s*>>>\s*(?:(?:please|can you|could you|now)\s+)*(?:add|also|extend|expand|include|append)\b",
                       re.IGNORECASE)


@dataclass(frozen=True)
class Part:
    lines: tuple[int, ...]  # 0-based indexes of the source lines that belong to this part
    prompts: tuple[str, ...]
    result: ImportResult | None  # None: nothing to say here (not a script)

    @property
    def first_line(self) -> int:
        return self.lines[0] + 1

    @property
    def last_line(self) -> int:
        return self.lines[-1] + 1

    @property
    def spans(self) -> str:
        """The part's lines as ranges of the original file, e.g. ``609-705, 737-795``."""
        out, start = [], self.lines[0]
        for prev, cur in zip(self.lines, [*self.lines[1:], -1]):  # -1: the end (never prev + 1)
            if cur != prev + 1:
                out.append(f"{start + 1}-{prev + 1}" if prev > start else f"{start + 1}")
                start = cur
        return ", ".join(out)

    @property
    def segments(self) -> int:
        return len(self.result.lecture.segments) if self.result else 0


def _is_prompt(line: str) -> bool:
    return PROMPT.match(line.strip()) is not None


def new_requests(text: str) -> list[int]:
    """1-based line numbers of the teacher's prompts that ask for something new (not "continue",
    not "add …"): two or more mean the chat log probably holds several scripts."""
    return [i + 1 for i, line in enumerate(text.split("\n")) if _is_prompt(line) and not _CONTINUE.search(line)]


def split_hint(text: str, path: str | os.PathLike[str] | None = None, max_prompts: int = 50) -> str | None:
    """A note for a chat log that holds several scripts or a file of several parts (imported as one lecture)."""
    asked = new_requests(text)
    if not asked:
        lines = normalise_newlines(text).split("\n")
        starts = part_starts(lines, str(path) if path is not None else None, top_only=True)
        if len(starts) < 2:
            return None
        return (f"line {starts[0] + 1}: this file holds {len(starts)} parts (lines "
                f"{', '.join(str(s + 1) for s in starts[:8])}{', …' if len(starts) > 8 else ''}) and was imported "
                f"as one lecture; 'lecturecast import FILE --split -o DIR' makes one lecture per part")
    if not 2 <= len(asked) <= max_prompts:  # one request, or too many to check cheaply
        return None
    scripts = [p for p in split_conversation(text, path) if p.result is not None]
    if len(scripts) < 2:
        return None
    spans = "; ".join(p.spans for p in scripts[:5]) + ("; …" if len(scripts) > 5 else "")
    return (f"line {scripts[0].first_line}: this chat log holds {len(scripts)} scripts (lines {spans}) and was "
            f"imported as one lecture; 'lecturecast import FILE --split -o DIR' makes one lecture per script")


def part_starts(lines: list[str], where: str | None = None, *, top_only: bool = False) -> list[int]:
    """0-based first lines of the parts of a file without prompts (fewer than two: not a multi-part file).
    ``top_only``: only parts that stand at the top of the file (records, ``#`` part headings, title blocks)."""
    sc = scan(lines, where)
    if len(sc.boundaries) >= 2:
        return sorted(sc.boundaries)
    parts = [h for h in sc.headings.values() if h.part == "section" and h.kind == "structural"]
    if parts:
        top = min(h.level for h in parts)
        starts = sorted(h.line for h in parts if h.level == top)
        under_a_title = any(h.level < top for h in sc.headings.values() if h.line < starts[0])
        if len(starts) >= 2 and not (top_only and under_a_title):
            return starts
    titles = sorted(h.line for h in sc.headings.values() if h.level == 1)
    return titles if len(titles) >= 2 else []


def _ranges(lines: list[str], where: str | None = None) -> list[tuple[int, int]]:
    starts = [i for i, line in enumerate(lines) if _is_prompt(line)]
    if not starts:
        starts = part_starts(lines, where)
        if starts:
            starts[0] = 0  # the series title / introduction belongs to the first part
    if not starts or starts[0] > 0:
        starts = [0, *starts]
    return [(a, b) for a, b in zip(starts, [*starts[1:], len(lines)]) if b > a]


def _import(lines: list[str], members: set[int], path: str | None) -> ImportResult:
    """Import the ``members`` lines alone, at their own line numbers.  The teacher's later prompts stay
    visible (and are left out of the report): the importer recognises the model's chatter by the
    prompt that follows it ("Sure! Here is…", "I hope this helps")."""
    first = min(members)
    text = "\n".join(line if i in members or (i > first and _is_prompt(line)) else ""
                     for i, line in enumerate(lines))
    result = import_script(text, path)
    result.report.records[:] = [r for r in result.report.records if r.line - 1 in members]
    return result


def split_conversation(text: str, path: str | os.PathLike[str] | None = None) -> list[Part]:
    """The parts of a conversation, in order (those with ``result=None`` hold no script)."""
    where = str(path) if path is not None else None
    lines = normalise_newlines(text).split("\n")
    if len(lines) > 1 and lines[-1] == "":
        lines.pop()  # the final newline does not start a line
    groups: list[list[tuple[int, int]]] = []
    has_script: list[bool] = []
    alone: dict[tuple[int, int], ImportResult] = {}  # each range imported on its own (reused below)
    for a, b in _ranges(lines, where):
        alone[(a, b)] = _import(lines, set(range(a, b)), where)
        going_on = _is_prompt(lines[a]) and _CONTINUE.search(lines[a]) is not None
        target = next((k for k in range(len(groups) - 1, -1, -1) if has_script[k]), None) if going_on else None
        if target is not None:
            groups[target].append((a, b))
        else:
            groups.append([(a, b)])
            has_script.append(bool(alone[(a, b)].lecture.segments))
    parts = []
    for group in groups:
        members = sorted(i for a, b in group for i in range(a, b))
        prompts = tuple(lines[a].strip() for a, _ in group if _is_prompt(lines[a]))
        result = alone[group[0]] if len(group) == 1 else _import(lines, set(members), where)
        parts.append(Part(tuple(members), prompts, result if result.lecture.segments else None))
    log.debug("split %s into %d part(s), %d with a script", where, len(parts), sum(1 for p in parts if p.result))
    return parts
