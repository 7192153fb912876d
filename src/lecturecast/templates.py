"""Jinja2 rendering for every text a teacher may want to restyle.

Templates live in ``assets/templates/``; a lecture overrides any of them by putting a file with the
same name in ``<script folder>/templates/`` or in the folder named by front-matter ``templates:``.

Templates come from the lecture's folder, so they are treated as untrusted: the folders must lie
inside the lecture's project (:mod:`lecturecast.paths`), a template file that is a symbolic link
out of it is refused, and rendering runs in jinja2's ``SandboxedEnvironment`` (no access to
``__globals__``, ``__class__``, ``os``, … — such a template fails with one line instead of running).

Every template also sees ``ui``: the interface strings in the lecture's language (:mod:`lecturecast.i18n`).
"""
from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2.sandbox import SandboxedEnvironment

from .assets import assets_dir
from .errors import AssetError, Location, UnsafePathError
from .i18n import interface
from .model import Lecture, Meta, format_clock
from .paths import confine, field_location, is_inside, project_of

_HINT = "fix the template or remove your override"


class _ConfinedLoader(jinja2.FileSystemLoader):
    """A FileSystemLoader that refuses template files whose real path is outside ``roots``."""

    def __init__(self, searchpath: list[str], roots: tuple[str, ...]):
        super().__init__(searchpath)
        self.roots = tuple(Path(os.path.realpath(r)) for r in roots)

    def get_source(self, environment: jinja2.Environment, template: str) -> tuple[str, str, Callable[[], bool]]:
        source, filename, uptodate = super().get_source(environment, template)
        real = Path(os.path.realpath(filename))
        if not any(is_inside(real, root) for root in self.roots):
            raise UnsafePathError(f"template {template!r} is a symbolic link to {real}, outside the project",
                                  location=Location(filename), hint="copy the template into the project instead")
        return source, filename, uptodate


def _search_path(lecture: Lecture | None) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(folders to search, most specific first; roots their files must stay inside)."""
    if lecture is None or not lecture.path:
        return (str(assets_dir() / "templates"),), (str(assets_dir()),)
    return _lecture_search_path(lecture.path, lecture.root, lecture.meta.templates)


@functools.lru_cache(maxsize=16)
def _lecture_search_path(script: str, root: str | None, templates: str | None
                         ) -> tuple[tuple[str, ...], tuple[str, ...]]:
    bundled = assets_dir()
    project = project_of(Lecture(Meta(templates=templates), path=script, root=root))
    paths: list[str] = []
    if templates:
        where = field_location(project, "templates")
        folder = confine(templates, project, "front matter 'templates'", where=where)
        if not folder.is_dir():
            raise AssetError(f"templates folder {templates!r} not found", location=where,
                             hint="fix 'templates:' in the front matter")
        paths.append(str(folder))
    if (project.folder / "templates").exists():
        paths.append(str(confine("templates", project, "templates folder")))
    paths.append(str(bundled / "templates"))
    return tuple(paths), (str(bundled), str(project.root))


@functools.lru_cache(maxsize=16)
def _environment(search_path: tuple[str, ...], roots: tuple[str, ...]) -> jinja2.Environment:
    env = SandboxedEnvironment(
        loader=_ConfinedLoader(list(search_path), roots),
        # HTML templates (review.html.j2) escape every value; text templates (notes, captions) do not
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2", "html", "htm"), default=False),
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["clock"] = format_clock
    return env


def render(name: str, lecture: Lecture | None = None, **context: Any) -> str:
    """Render template ``name`` with ``lecture`` and ``context``; errors name the template."""
    env = _environment(*_search_path(lecture))
    try:
        template = env.get_template(name)
        context.setdefault("ui", interface(lecture.meta.language if lecture else None))
        return template.render(lecture=lecture, meta=lecture.meta if lecture else None, **context)
    except jinja2.TemplateNotFound as exc:
        raise AssetError(f"template {name!r} not found", hint="restore it in assets/templates/") from exc
    except jinja2.exceptions.SecurityError as exc:
        raise AssetError(f"template {name!r} tried something templates may not do "
                         f"({str(exc).rstrip('.')}); templates run in a sandbox",
                         location=_where(name, env), hint=_HINT) from None
    except jinja2.TemplateSyntaxError as exc:
        raise AssetError(f"template {name!r} failed: {exc.message}",
                         location=Location(exc.filename, exc.lineno), hint=_HINT) from None
    except jinja2.TemplateError as exc:
        raise AssetError(f"template {name!r} failed: {exc}", location=_where(name, env), hint=_HINT) from exc


def _where(name: str, env: jinja2.Environment) -> Location | None:
    if env.loader is None:
        return None
    try:
        _, filename, _ = env.loader.get_source(env, name)
    except (jinja2.TemplateNotFound, UnsafePathError):
        return None
    return Location(filename)
