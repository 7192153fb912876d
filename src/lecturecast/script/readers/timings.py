"""JSON sentence-timings reader: ``[[text, start, end], …]`` or ``[{"text", "start", "end"}, …]``
(or such a list under ``sentences`` / ``segments`` / ``items``) → a lecture with clocks."""
from __future__ import annotations

import json
import re

from ..report import ImportReport, ImportResult, LineRecord
from .timed import TimedText, group_segments, timed_lecture


def recognises(text: str, lines: list[str]) -> bool:
    return text.lstrip()[:1] in ("[", "{")


def read(text: str, lines: list[str], path: str | None, title: str) -> ImportResult | None:
    s = text.lstrip()
    if not s.startswith(("[", "{")):
        return None
    try:
        data = json.loads(s)
    except (ValueError, RecursionError):
        return None
    if isinstance(data, dict):
        data = data.get("sentences") or data.get("segments") or data.get("items")
    if not isinstance(data, list) or not data:
        return None
    report = ImportReport(path=path, format="json")
    items: list[tuple[float, float, str, int, int]] = []
    for entry in data:
        if isinstance(entry, (list, tuple)) and len(entry) >= 3 and isinstance(entry[0], str):
            txt, start, end = entry[0], entry[1], entry[2]
        elif isinstance(entry, dict) and isinstance(entry.get("text"), str):
            txt, start, end = entry["text"], entry.get("start"), entry.get("end")
        else:
            return None
        if not isinstance(start, (int, float)) or not isinstance(end, (int, float)) or isinstance(start, bool):
            return None
        items.append((float(start), float(end), txt.strip(), 1, 1))
    # map each sentence to the line that holds its text (json.dumps-style files have one string per line)
    cursor = 0
    located: list[tuple[float, float, str, int, int]] = []
    for start, end, txt, _, _ in items:
        needle = json.dumps(txt, ensure_ascii=False)[:40]
        needle2 = json.dumps(txt)[:40]
        line = next((k for k in range(cursor, len(lines)) if needle in lines[k] or needle2 in lines[k]), None)
        if line is not None:
            cursor = line + 1
        no = (line + 1) if line is not None else 1
        located.append((start, end, txt, no, no))
    text_lines = {no for *_, no, _ in located}
    for k, raw in enumerate(lines):
        if raw.strip():
            used = (k + 1) in text_lines
            kind = "narration" if used else ("clock" if re.search(r"\d", raw) else "separator")
            report.records.append(LineRecord(k + 1, raw, kind, True, ""))
    timed = [TimedText(start, end, txt, no, no) for start, end, txt, no, _ in located if txt]
    sections = group_segments(timed, title)
    return ImportResult(timed_lecture(title, sections, report, path), report)
