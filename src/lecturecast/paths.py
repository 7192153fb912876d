"""One rule for every path a script names.

A script (or its front matter, or a theme file it names) may name templates, a theme, images, music,
lexicons and fonts.  Every such name goes through :func:`confine`:

* the lecture's **project root** is the script's folder, or the course folder given with
  ``--root DIR`` (the script must be inside it);
* relative names start from the script's folder (or the folder of the file that names them, e.g. a
  theme's fonts); an absolute name is allowed only when it lies inside the root;
* refused, with one :class:`~lecturecast.errors.UnsafePathError` line naming the script line or
  front-matter field: URLs (``https://…``, ``file:…``), absolute paths outside the root, ``..``
  escapes, and symbolic links (of the file or of any folder on the way) whose target is outside.

The path returned is the *real* path (symlinks resolved), so what is later opened is what was
checked.  Bundled assets (``assets/``) are trusted; a name looked up there must stay inside them
(:func:`inside_bundled`).
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import ConfigError, Location, UnsafePathError
from .model import Lecture

_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")  # http:, file:, data:, … (a drive letter has one letter)
_DRIVE = re.compile(r"^[A-Za-z]:[\\/]")  # C:\slides\x.png: absolute on Windows
_HINT = "keep it inside the lecture's folder, or give the course folder with --root DIR"


@dataclass(frozen=True)
class Project:
    """Where a lecture may read from: ``root`` (real path) and the script's ``folder`` (real path)."""

    root: Path
    folder: Path
    script: str | None = None  # for error locations

    def where(self, line: int | None = None) -> Location:
        return Location(self.script, line)


def project_of(lecture: Lecture | None) -> Project:
    """The lecture's project: its ``root`` (from ``--root``) or the script's folder (else the cwd)."""
    script = lecture.path if lecture is not None else None
    folder = Path(os.path.realpath(Path(script).parent if script else Path.cwd()))
    root = Path(os.path.realpath(lecture.root)) if lecture is not None and lecture.root else folder
    return Project(root, folder, script)


def check_root(script: str | os.PathLike[str], root: str | os.PathLike[str]) -> Path:
    """Validate ``--root``: an existing folder that holds the script.  Returns its real path."""
    real = Path(os.path.realpath(root))
    if not real.is_dir():
        raise ConfigError(f"--root {root} is not a folder", hint="give the course folder that holds the script")
    folder = Path(os.path.realpath(script)).parent
    if not is_inside(folder, real):
        raise ConfigError(f"script {script} is not inside --root {root}",
                          hint="--root must be the script's folder or a folder above it")
    return real


def is_inside(path: Path, root: Path) -> bool:
    return path == root or root in path.parents


def _refuse(message: str, where: Location) -> UnsafePathError:
    return UnsafePathError(message, location=where, hint=_HINT)


def confine(name: str, project: Project, what: str, *, start: Path | None = None,
            where: Location | None = None) -> Path:
    """The real path ``name`` stands for, refusing anything that leads outside ``project.root``.

    ``what`` names the field or cue for the message (``front matter 'theme'``, ``[visual] cue``);
    ``start`` is the folder relative names begin at (default: the script's folder).
    """
    where = where or project.where()
    text = str(name)
    label = f"{what} {text!r}"
    if not text.strip() or "\x00" in text:
        raise _refuse(f"{label} is not a usable file name", where)
    if _SCHEME.match(text) and not _DRIVE.match(text):
        raise _refuse(f"{label} is a URL; lecturecast reads only files inside the project {project.root}", where)
    if _DRIVE.match(text) and os.name != "nt":
        raise _refuse(f"{label} is a Windows absolute path outside the project {project.root}", where)
    given = Path(text.replace("\\", "/")) if os.name != "nt" else Path(text)
    joined = given if given.is_absolute() else (start or project.folder) / given
    lexical = Path(os.path.normpath(joined))
    if not is_inside(lexical, project.root):
        if given.is_absolute():
            raise _refuse(f"{label} is an absolute path outside the project {project.root}", where)
        raise _refuse(f"{label} leads out of the project {project.root} via '..'", where)
    real = Path(os.path.realpath(joined))
    if not is_inside(real, project.root):
        raise _refuse(f"{label} is a symbolic link to {real}, outside the project {project.root}", where)
    return real


def inside_bundled(name: str, folder: Path, bundled_root: Path) -> Path | None:
    """``folder/name`` as a real path when it stays inside the bundled assets, else None."""
    text = str(name).replace("\\", "/")
    if not text.strip() or "\x00" in text or _SCHEME.match(text) or Path(text).is_absolute():
        return None
    root = Path(os.path.realpath(bundled_root))
    real = Path(os.path.realpath(folder / text))
    return real if is_inside(real, root) else None


def front_matter_line(script: str | None, key: str) -> int | None:
    """1-based line of ``key:`` in the script's front matter (for error locations), or None."""
    if not script:
        return None
    try:
        with open(script, encoding="utf-8-sig", errors="replace") as fh:
            lines = [next(fh, "") for _ in range(400)]
    except OSError:
        return None
    if not lines or lines[0].strip() != "---":
        return None
    pattern = re.compile(rf"^{re.escape(key)}\s*:")
    for number, line in enumerate(lines[1:], start=2):
        if line.strip() == "---":
            return None
        if pattern.match(line):
            return number
    return None


def field_location(project: Project, key: str) -> Location:
    return project.where(front_matter_line(project.script, key))
