"""Jinja2 rendering for every text a teacher may want to restyle.

Templates live in ``assets/templates/``; a lecture overrides any of them by putting a file with the
same name in ``<script folder>/templates/`` or in the folder named by front-matter ``templates:``.
"""
from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

import jinja2

from .assets import assets_dir
from .errors import AssetError
from .model import Lecture, format_clock


def _search_path(lecture: Lecture | None) -> list[str]:
    paths: list[str] = []
    if lecture is not None and lecture.path:
        base = Path(lecture.path).resolve().parent
        if lecture.meta.templates:
            paths.append(str((base / lecture.meta.templates).resolve()))
        paths.append(str(base / "templates"))
    paths.append(str(assets_dir() / "templates"))
    return paths


@functools.lru_cache(maxsize=16)
def _environment(search_path: tuple[str, ...]) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(list(search_path)),
        autoescape=False,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["clock"] = format_clock
    return env


def render(name: str, lecture: Lecture | None = None, **context: Any) -> str:
    """Render template ``name`` with ``lecture`` and ``context``; errors name the template."""
    env = _environment(tuple(_search_path(lecture)))
    try:
        template = env.get_template(name)
        return template.render(lecture=lecture, meta=lecture.meta if lecture else None, **context)
    except jinja2.TemplateNotFound as exc:
        raise AssetError(f"template {name!r} not found", hint="restore it in assets/templates/") from exc
    except jinja2.TemplateError as exc:
        raise AssetError(f"template {name!r} failed: {exc}", hint="fix the template or remove your override") from exc
