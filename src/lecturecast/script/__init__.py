"""lecturecast.script — read scripts (any encoding), the canonical format, the importer and lint.

Public API (see docs/architecture.md):

* :func:`read_script_text` — bytes on disk → clean text, with clear :class:`ScriptError`\\ s
* :func:`load_lecture` — canonical (front matter) or imported, sets ``Lecture.path``
* :func:`parse_canonical`, :func:`format_lecture` — ``parse_canonical(format_lecture(x)) == x``
* :func:`import_script` → :class:`ImportResult` (lecture + :class:`ImportReport` of every line)
* :func:`lint` → list of :class:`Finding`
"""
from __future__ import annotations

from .canonical import has_front_matter, parse_canonical
from .formatter import format_lecture
from .importer import ImportReport, ImportResult, LineRecord, import_script, render_report, report_json
from .lint import Finding, lint
from .load import load_any, load_lecture
from .textio import decode_script_bytes, read_script_text

__all__ = ["Finding", "ImportReport", "ImportResult", "LineRecord", "decode_script_bytes", "format_lecture",
           "has_front_matter", "import_script", "lint", "load_any", "load_lecture", "parse_canonical",
           "read_script_text", "render_report", "report_json"]
