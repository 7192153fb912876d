"""Replace one segment's text in a canonical script, leaving every other byte of the file alone.

The studio (and any other editor) sends the *body* of a segment — what follows its ``## … {#id}``
heading, in canonical syntax. :func:`replace_segment_body` parses it in place, re-writes just that
segment through the canonical formatter (:func:`~.formatter.format_segment`, the same code
:func:`~.formatter.format_lecture` uses) and splices it over the segment's old lines.  It refuses
(``ScriptError``) any edit that would change another segment, the front matter or the segment ids —
for example a ``## heading`` typed into the text, which would start a new segment.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass

from ..errors import ScriptError, path_location
from ..model import Lecture, Segment
from .canonical import has_front_matter, parse_canonical
from .formatter import format_segment
from .textio import decode_script_bytes, normalise_newlines

_UTF8_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class ScriptFile:
    """A canonical script as read from disk: its text (LF line ends), how to write it back, its hash."""

    text: str
    crlf: bool
    bom: bool
    digest: str  # sha256 of the bytes on disk

    def encode(self, text: str) -> bytes:
        body = text.replace("\n", "\r\n") if self.crlf else text
        return (_UTF8_BOM if self.bom else b"") + body.encode("utf-8")


def content_digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_script_file(data: bytes, path: str | None = None) -> ScriptFile:
    text = decode_script_bytes(data, path)
    return ScriptFile(normalise_newlines(text), b"\r\n" in data, data.startswith(_UTF8_BOM), content_digest(data))


def segment_body(segment: Segment, narrator: str) -> str:
    """The editable text of a segment: its canonical lines without the heading."""
    lines = format_segment(segment, narrator)[1:]
    while lines and not lines[0].strip():
        lines.pop(0)
    return "\n".join(lines)


def _splice(lines: list[str], segment: Segment, new_lines: list[str]) -> list[str]:
    assert segment.source is not None  # parse_canonical always sets it
    return lines[: segment.source.start - 1] + new_lines + lines[segment.source.end:]


def _check_only_segment_changed(old: Lecture, new: Lecture, seg_id: str, where: str | None, line: int) -> None:
    if [s.id for s in old.segments] != [s.id for s in new.segments]:
        raise ScriptError(f"the new text of segment '{seg_id}' would add, remove or rename segments",
                          location=path_location(where, line),
                          hint="keep '#' and '##' headings out of the text; add segments in the script file")
    if old.meta != new.meta or old.references != new.references or \
            [(s.title, len(s.segments)) for s in old.sections] != [(s.title, len(s.segments)) for s in new.sections]:
        raise ScriptError(f"the new text of segment '{seg_id}' would change the lecture outside that segment",
                          location=path_location(where, line), hint="edit other parts in the script file")
    for before, after in zip(old.segments, new.segments):
        if before.id != seg_id and before != after:
            raise ScriptError(f"the new text of segment '{seg_id}' would change segment '{before.id}'",
                              location=path_location(where, line), hint="edit other segments in their own field")


def replace_segment_body(text: str, seg_id: str, body: str, where: str | None = None) -> tuple[str, Lecture]:
    """Return (new canonical text, new lecture) with segment ``seg_id``'s body replaced by ``body``.

    ``text`` must be canonical (front matter first).  Only the lines of that segment change.
    """
    if not has_front_matter(text):
        raise ScriptError("the script is not in canonical form", location=path_location(where),
                          hint=f"run 'lecturecast import {where or 'SCRIPT'} -o NEW.md' and edit NEW.md")
    old = parse_canonical(text, where)
    try:
        segment = old.segment(seg_id)
    except KeyError:
        raise ScriptError(f"no segment '{seg_id}' in the script", location=path_location(where),
                          hint="reload the page: the script was changed elsewhere") from None
    assert segment.source is not None
    heading = format_segment(segment, old.meta.narrator)[0]
    body_lines = normalise_newlines(body).strip("\n").split("\n") if body.strip() else []
    lines = text.split("\n")
    draft = "\n".join(_splice(lines, segment, [heading, ""] + body_lines if body_lines else [heading]))
    candidate = parse_canonical(draft, where)
    _check_only_segment_changed(old, candidate, seg_id, where, segment.source.start)
    canonical = format_segment(candidate.segment(seg_id), old.meta.narrator)
    new_text = "\n".join(_splice(lines, segment, canonical))
    result = parse_canonical(new_text, where)
    if result != candidate:  # the formatter's promise parse(format(x)) == x, checked on this segment
        raise ScriptError(f"segment '{seg_id}' cannot be written back unchanged",
                          location=path_location(where, segment.source.start),
                          hint="simplify the text (see docs/script-format.md)")
    return new_text, result
