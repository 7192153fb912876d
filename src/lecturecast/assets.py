"""Where bundled assets live and how a lecture finds (and overrides) them.

Lookup order for a relative asset name: the lecture's own folder (its ``assets/<kind>`` and
``assets/`` subfolders first), then the bundled ``assets/`` folder.  Every name a script gives goes
through :func:`lecturecast.paths.confine` (nothing outside the lecture's project root is read);
``LECTURECAST_ASSETS`` overrides the bundled folder.
"""
from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

import yaml

from .errors import AssetError, Location
from .paths import Project, confine, inside_bundled


def assets_dir() -> Path:
    env = os.environ.get("LECTURECAST_ASSETS")
    if env:
        return Path(env)
    here = Path(__file__).resolve()
    for parent in here.parents:
        candidate = parent / "assets"
        if (candidate / "templates").is_dir():
            return candidate
    raise AssetError("cannot find lecturecast's assets/ folder", hint="set LECTURECAST_ASSETS to it")


def lecture_dirs(project: Project, kind: str = "") -> list[Path]:
    """The lecture's own folders to search for ``kind`` (e.g. 'images', 'music'), most specific first."""
    base = project.folder
    return [base / "assets" / kind, base / "assets", base] if kind else [base / "assets", base]


def search_dirs(project: Project | None, kind: str = "") -> list[tuple[Path, bool]]:
    """Existing folders to search, most specific first, each with ``True`` when it is bundled."""
    dirs = [(d, False) for d in lecture_dirs(project, kind)] if project is not None else []
    dirs.append((assets_dir() / kind if kind else assets_dir(), True))
    return [(d, bundled) for d, bundled in dirs if d.is_dir()]


def find_asset(name: str, project: Project | None, kind: str = "", required: bool = True, *,
               what: str = "asset", where: Location | None = None) -> Path | None:
    """Find ``name`` in the lecture's folders, then the bundled assets.

    A name that leads outside the project raises :class:`~lecturecast.errors.UnsafePathError`
    (``what``/``where`` name the field or cue for the message)."""
    if project is not None:
        for folder in lecture_dirs(project, kind):
            candidate = confine(name, project, what, start=folder, where=where)
            if candidate.is_file():
                return candidate
    bundled = assets_dir()
    found = inside_bundled(name, bundled / kind if kind else bundled, bundled)
    if found is not None and found.is_file():
        return found
    if required:
        raise AssetError(f"{what} {name!r} not found", location=where,
                         hint=f"put it in the script's folder or its assets/{kind}")
    return None


class _WordsLoader(yaml.SafeLoader):
    """YAML in which only true/false are booleans: "on", "no", "off", "yes" stay words."""


_WordsLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_WordsLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                   list("tTfF"))


def load_words_yaml(text: str) -> Any:
    """Parse a word-list file (language data, interface strings, lexicons): YAML 1.1 would read the
    English "on", the French "on" or the Portuguese "no" as booleans; here they stay the words they are.
    Raises ``yaml.YAMLError`` like ``yaml.safe_load``."""
    return yaml.load(text, Loader=_WordsLoader)  # noqa: S506 — a SafeLoader subclass
