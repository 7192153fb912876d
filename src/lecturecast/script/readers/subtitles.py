"""Subtitle reader: SubRip (.srt) and WebVTT (.vtt) captions in any language → a lecture with clocks.

Each cue's start and end become clocks; cues are grouped into segments of ~20–60 s closed at sentence
ends (``. ! ? …`` and the CJK ``。！？``) and pauses; caption lines are re-flowed into paragraphs (joined
without spaces between CJK characters).  WebVTT voice tags (``<v Host>…``) give the speaker; other tags,
cue settings, ``NOTE``/``STYLE``/``REGION`` blocks are not narration (and reported).
"""
from __future__ import annotations

import re

from ..report import ImportReport, ImportResult, LineRecord
from .timed import TimedText, group_segments, join_text, timed_lecture

_TIME = r"(?:(\d{1,2}):)?(\d{1,2}):(\d{2})[,.](\d{1,3})"
_CUE_TIME = re.compile(r"^[ \t]{0,4}" + _TIME + r"[ \t]{1,4}-->[ \t]{1,4}" + _TIME + r"(?:[ \t].{0,200})?$")
_VOICE = re.compile(r"<v(?:\.[\w.-]{1,40})?[ \t]{1,4}([^>\n]{1,60})>")
_TAG = re.compile(r"</?[a-zA-Z][^>\n]{0,60}>|<\d{1,2}:\d{2}[:.\d]{0,10}>|\{\\[^}\n]{0,40}\}")
_VTT_BLOCKS = ("NOTE", "STYLE", "REGION")


def recognises(text: str, lines: list[str]) -> bool:
    head = [x.strip() for x in lines[:12] if x.strip()]
    if head and head[0].lstrip("\ufeff").startswith("WEBVTT"):
        return True
    return len(head) >= 2 and head[0].isdigit() and bool(_CUE_TIME.match(head[1]))


def _seconds(groups: tuple[str | None, ...]) -> float:
    h, m, s, ms = groups
    return round(int(h or 0) * 3600 + int(m or 0) * 60 + int(s or 0) + int((ms or "0").ljust(3, "0")) / 1000, 3)


def _clean(line: str) -> tuple[str, str | None]:
    voice = _VOICE.search(line)
    text = _TAG.sub("", line)
    text = text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")
    return " ".join(text.split()), (voice.group(1).strip() if voice else None)


def read(text: str, lines: list[str], path: str | None, title: str) -> ImportResult:
    vtt = bool(lines) and lines[0].lstrip("\ufeff").startswith("WEBVTT")
    report = ImportReport(path=path, format="vtt" if vtt else "srt")
    items: list[TimedText] = []
    i, n = 0, len(lines)
    speaker: str | None = None
    while i < n:
        s = lines[i].strip()
        if not s:
            i += 1
            continue
        m = _CUE_TIME.match(s)
        if m is None and i + 1 < n and _CUE_TIME.match(lines[i + 1].strip()):  # a cue number / identifier
            report.records.append(LineRecord(i + 1, lines[i], "metadata", True, ""))
            i += 1
            continue
        if m is None:
            i = _other_block(lines, i, vtt, report)
            continue
        start, end = _seconds(m.groups()[:4]), _seconds(m.groups()[4:])
        report.records.append(LineRecord(i + 1, lines[i], "clock", True, ""))
        j, text_ = i + 1, ""
        while j < n and lines[j].strip():
            piece, voice = _clean(lines[j])
            speaker = voice or speaker
            text_ = join_text(text_, piece)
            report.records.append(LineRecord(j + 1, lines[j], "narration", True, "" if piece else ""))
            j += 1
        if text_:
            items.append(TimedText(start, end, text_, i + 1, max(j, i + 1), speaker))
        i = j
    sections = group_segments(items, title)
    return ImportResult(timed_lecture(title, sections, report, path), report)


def _other_block(lines: list[str], i: int, vtt: bool, report: ImportReport) -> int:
    """The WEBVTT header and NOTE/STYLE/REGION blocks (to the next blank line), or a stray line."""
    s = lines[i].strip()
    if vtt and s.lstrip("\ufeff").startswith("WEBVTT"):  # the header and its "Kind: …" lines
        j = i
        while j < len(lines) and lines[j].strip() and not _CUE_TIME.match(lines[j].strip()):
            report.records.append(LineRecord(j + 1, lines[j], "metadata", True, ""))
            j += 1
        return j
    if vtt and s.split(" ", 1)[0] in _VTT_BLOCKS:
        kind = s.split(" ", 1)[0]
        j = i
        while j < len(lines) and lines[j].strip():
            report.records.append(LineRecord(j + 1, lines[j], "metadata", False, f"WebVTT {kind} block (not narration)"))
            j += 1
        return j
    report.records.append(LineRecord(i + 1, lines[i], "chatter", False, "not part of a subtitle cue"))
    return i + 1
