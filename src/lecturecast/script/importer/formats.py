"""Timed-text inputs: SubRip captions (.srt) and JSON sentence timings ([text, start, end] lists)."""
from __future__ import annotations

import json
import re

from ...model import Section, Segment, SourceSpan, Speech
from ..syntax import numbered_id
from .report import ImportReport, LineRecord

_SRT_TIME = re.compile(r"^(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})[ \t]*-->[ \t]*(\d{1,2}):(\d{2}):(\d{2})[,.](\d{1,3})")
_SENTENCE_END = re.compile(r"[.!?…][\"”')\]]*$")
GROUP_SECONDS = 30.0  # captions are grouped into segments of about this length, at sentence ends


def looks_like_srt(lines: list[str]) -> bool:
    head = [x.strip() for x in lines[:12] if x.strip()]
    return len(head) >= 2 and head[0].isdigit() and bool(_SRT_TIME.match(head[1]))


def _secs(h: str, m: str, s: str, ms: str) -> float:
    return round(int(h) * 3600 + int(m) * 60 + int(s) + int(ms.ljust(3, "0")) / 1000, 3)


def _group(items: list[tuple[float, float, str, int, int]], title: str) -> tuple[Section, ...]:
    """Sentence-ish items (start, end, text, first line, last line) → one section of ~30 s segments."""
    used: set[str] = set()
    segs: list[Segment] = []
    buf: list[tuple[float, float, str, int, int]] = []

    def close() -> None:
        if buf:
            text = re.sub(r"\s+", " ", " ".join(t for _, _, t, _, _ in buf)).strip()
            start, end = buf[0][0], buf[-1][1]
            span = SourceSpan(buf[0][3], buf[-1][4])
            segs.append(Segment(numbered_id(title, used), (Speech(text, None, span),), None, start,
                                round(end - start, 3), span))
            buf.clear()

    for item in items:
        buf.append(item)
        if item[1] - buf[0][0] >= GROUP_SECONDS and _SENTENCE_END.search(item[2].strip()):
            close()
    close()
    return (Section(title, tuple(segs), SourceSpan(1, 1)),) if segs else ()


def import_srt(lines: list[str], report: ImportReport, title: str) -> tuple[Section, ...]:
    report.format = "srt"
    items: list[tuple[float, float, str, int, int]] = []
    i, n = 0, len(lines)
    while i < n:
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        if s.isdigit() and i + 1 < n and _SRT_TIME.match(lines[i + 1].strip()):
            m = _SRT_TIME.match(lines[i + 1].strip())
            assert m is not None
            start, end = _secs(*m.groups()[:4]), _secs(*m.groups()[4:])
            report.records.append(LineRecord(i + 1, lines[i], "metadata", True, ""))
            report.records.append(LineRecord(i + 2, lines[i + 1], "clock", True, ""))
            j = i + 2
            texts = []
            while j < n and lines[j].strip():
                texts.append(re.sub(r"<[^>\n]{1,40}>", "", lines[j]).strip())
                report.records.append(LineRecord(j + 1, lines[j], "narration", True, ""))
                j += 1
            if texts:
                items.append((start, end, " ".join(texts), i + 1, j))
            i = j
            continue
        report.records.append(LineRecord(i + 1, lines[i], "chatter", False, "not part of a numbered SRT cue"))
        i += 1
    return _group(items, title)


def import_json_timings(text: str, lines: list[str], report: ImportReport, title: str) -> tuple[Section, ...] | None:
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
    report.format = "json"
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
    return _group([x for x in located if x[2]], title)
