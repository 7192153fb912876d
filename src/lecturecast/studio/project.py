"""One lecture as the studio sees it: its canonical script, its output folder and build.json.

Every read goes to disk (the CLI may change files between two requests); every write of the script is
atomic and goes through :func:`lecturecast.script.edit.replace_segment_body`, after checking that the
file on disk is still the one the page was showing (its sha256).
"""
from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import ScriptError, UnsafePathError, path_location
from ..fsutil import resolve_inside, write_bytes_atomic, write_text_atomic
from ..model import Lecture
from ..pipeline.manifest import MANIFEST
from ..script import format_lecture, has_front_matter, import_script, parse_canonical, report_json
from ..script.edit import ScriptFile, read_script_file, replace_segment_body
from ..script.textio import decode_script_bytes

log = logging.getLogger(__name__)

IMPORT_REPORT = "import-report.json"  # written by the studio's import, next to the build outputs


class ScriptConflict(ScriptError):
    """The script on disk is not the one the page was editing."""


@dataclass(frozen=True)
class Snapshot:
    """The script as read at one moment: the file, the lecture parsed from it."""

    file: ScriptFile
    lecture: Lecture


@dataclass(frozen=True)
class PendingImport:
    """A script that is not canonical: what the importer made of it, and where it would be written."""

    source: Path
    target: Path
    lecture: Lecture
    report: dict[str, Any]
    target_exists: bool


class Project:
    def __init__(self, script: Path, output_dir: Path):
        self.script = script.resolve()
        self.output_dir = output_dir.resolve()
        self._write_lock = threading.Lock()  # one script write at a time inside this process

    # ------------------------------------------------------------------ reading
    def read(self) -> Snapshot:
        data = self._read_bytes()
        file = read_script_file(data, str(self.script))
        if not has_front_matter(file.text):
            raise ScriptError("the script is not in canonical form", location=path_location(self.script),
                              hint=f"run 'lecturecast import {self.script.name} -o NEW.md' "
                                   "(or use the studio's import page)")
        return Snapshot(file, parse_canonical(file.text, str(self.script)))

    def _read_bytes(self) -> bytes:
        try:
            return self.script.read_bytes()
        except FileNotFoundError as exc:
            raise ScriptError("script not found", location=path_location(self.script)) from exc

    def manifest(self) -> dict[str, Any]:
        try:
            return json.loads((self.output_dir / MANIFEST).read_text("utf-8"))
        except (OSError, ValueError):
            return {}

    def import_report(self) -> dict[str, Any] | None:
        """The report of the import that produced this script (kept by the studio's import), if any."""
        try:
            data = json.loads((self.output_dir / IMPORT_REPORT).read_text("utf-8"))
        except (OSError, ValueError):
            return None
        return data if data.get("output") == str(self.script) else None

    # ------------------------------------------------------------------ writing
    def save_segment(self, seg_id: str, body: str, base_digest: str) -> Snapshot:
        """Write ``body`` as the text of segment ``seg_id`` if the file is still ``base_digest``."""
        with self._write_lock:
            data = self._read_bytes()
            file = read_script_file(data, str(self.script))
            if file.digest != base_digest:
                raise ScriptConflict("the script changed on disk since this page was loaded; nothing was written",
                                     location=path_location(self.script),
                                     hint="reload the page to see the new text (copy your edit first)")
            new_text, _ = replace_segment_body(file.text, seg_id, body, str(self.script))
            write_bytes_atomic(self.script, file.encode(new_text))
            log.info("studio: wrote segment %s of %s", seg_id, self.script)
        return self.read()

    # ------------------------------------------------------------------ files
    def output_file(self, relative: str) -> Path:
        """A file inside the output folder; anything else (``..``, absolute, symlinks out) is refused."""
        path = resolve_inside(self.output_dir, relative, "file")
        if not path.is_file():
            raise UnsafePathError(f"no file {relative!r} in the output folder")
        return path


def pending_import(script: Path) -> PendingImport | None:
    """None when ``script`` is canonical; else what importing it would give."""
    data = script.read_bytes()
    text = decode_script_bytes(data, str(script))
    if has_front_matter(text):
        return None
    result = import_script(text, str(script))
    target = canonical_target(script)
    report = report_json(result.lecture, result.report)
    return PendingImport(script.resolve(), target, result.lecture, report, target.exists())


def canonical_target(script: Path) -> Path:
    """Where the studio's import writes the canonical script: ``<stem>.lecture.md`` beside the input."""
    return script.resolve().with_name(f"{script.stem}.lecture.md")


def write_import(pending: PendingImport, output_dir: Path) -> Path:
    """Write the canonical script (never over an existing file) and keep the import report."""
    if pending.target.exists():
        raise ScriptError(f"{pending.target.name} already exists; nothing was overwritten",
                          location=path_location(pending.target),
                          hint=f"open it with 'lecturecast studio {pending.target}'")
    write_text_atomic(pending.target, format_lecture(pending.lecture))
    report = dict(pending.report, output=str(pending.target))
    write_text_atomic(output_dir / IMPORT_REPORT, json.dumps(report, ensure_ascii=False, indent=2) + "\n")
    return pending.target
