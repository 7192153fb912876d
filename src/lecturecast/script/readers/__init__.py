"""Readers of timed-text inputs, each producing a :class:`~..report.ImportResult` (a Lecture and its report).

Like pandoc's readers, each format is one module that no other reader imports: ``subtitles`` (SRT and
WebVTT, any language) and ``timings`` (JSON sentence timings).  :func:`read_timed` tries them in order;
anything else is a script for the line grammar of :mod:`..importer`.
"""
from __future__ import annotations

from ..report import ImportResult
from . import subtitles, timings

READERS = (subtitles, timings)


def read_timed(text: str, lines: list[str], path: str | None, title: str) -> ImportResult | None:
    """The first reader that recognises the text reads it; None when none does."""
    for reader in READERS:
        if reader.recognises(text, lines):
            result = reader.read(text, lines, path, title)
            if result is not None:
                return result
    return None
