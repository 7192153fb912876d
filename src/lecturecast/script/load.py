"""``load_lecture(path)``: canonical when the file starts with front matter, else the importer."""
from __future__ import annotations

import dataclasses
import os

from ..model import Lecture
from .canonical import has_front_matter, parse_canonical
from .importer import ImportReport, import_script
from .textio import read_script_text


def load_any(path: str | os.PathLike[str]) -> tuple[Lecture, ImportReport | None]:
    """Load a script; also return the import report when the file was not canonical."""
    text = read_script_text(path)
    if has_front_matter(text):
        lecture = parse_canonical(text, path)
        report = None
    else:
        result = import_script(text, path)
        lecture, report = result.lecture, result.report
    return dataclasses.replace(lecture, path=str(path)), report


def load_lecture(path: str | os.PathLike[str]) -> Lecture:
    return load_any(path)[0]
