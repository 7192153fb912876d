"""``load_lecture(path)``: canonical when the file starts with front matter, else the importer."""
from __future__ import annotations

import dataclasses
import logging
import os
from pathlib import Path

from ..model import Lecture
from ..paths import check_root
from .canonical import has_front_matter, parse_canonical
from .importer import ImportReport, import_script, require_narration
from .importer.split import split_hint
from .textio import read_script_text

log = logging.getLogger(__name__)


def load_any(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None
             ) -> tuple[Lecture, ImportReport | None]:
    """Load a script; also return the import report when the file was not canonical.

    ``root``: the project root every path the script names must stay inside (``--root``; default: the
    script's folder, see :mod:`lecturecast.paths`)."""
    text = read_script_text(path)
    root_text = str(check_root(path, root)) if root is not None else None
    if has_front_matter(text):
        lecture = parse_canonical(text, path)
        report = None
    else:
        result = import_script(text, path)
        require_narration(result)  # nothing silently empty: every build command stops here
        lecture, report = result.lecture, result.report
        hint = split_hint(text, path)
        if hint:
            report.notes.append(hint)
            log.warning("%s: %s", Path(path).name, hint.split(": ", 1)[1])
    return dataclasses.replace(lecture, path=str(path), root=root_text), report


def load_lecture(path: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> Lecture:
    return load_any(path, root)[0]
