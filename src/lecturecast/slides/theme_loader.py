"""Resolve a lecture's ``theme:`` to a :class:`~.theme.Theme` (built-in name, YAML file or a school's
.pptx template).  Kept apart from :mod:`.theme` so the template reader (which builds on ``theme``)
and the theme records never import each other.  A front-matter theme file must stay inside the
lecture's project (:mod:`lecturecast.paths`); a ``--theme`` given on the command line is the user's
own choice."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..assets import assets_dir, find_asset
from ..errors import AssetError, ConfigError
from ..model import Lecture
from ..paths import Project, field_location, project_of
from .template import template_theme
from .theme import Theme, builtin, merge, read_yaml, theme_from_dict


def load_theme(lecture: Lecture | None = None, spec: str | None = None) -> Theme:
    """The theme named by ``spec`` or the lecture's front matter (default: the clean theme).

    A ``spec`` passed in (``--theme`` on the command line) is the user's own choice and may be any
    file; a front-matter ``theme:`` must stay inside the lecture's project (:mod:`lecturecast.paths`).
    """
    from_script = spec is None
    spec = spec if spec is not None else (lecture.meta.theme if lecture is not None else None)
    if not spec or spec in ("default", "clean"):
        return builtin("clean")
    spec = str(spec)
    suffix = Path(spec).suffix.lower()
    if suffix not in (".yaml", ".yml", ".pptx", ".potx") and "/" not in spec and "\\" not in spec:
        return builtin(spec)
    if from_script:
        project = project_of(lecture)
        path = _find_in_project(spec, project)
    else:
        path = _find_given(spec, lecture)
        project = Project(path.parent, path.parent, str(path))
    if suffix in (".yaml", ".yml"):
        base_data, user = read_yaml(assets_dir() / "themes" / "clean.yaml"), read_yaml(path)
        _check_keys(user, base_data, str(path))
        data = merge(base_data, user)
        return theme_from_dict(data, base=path.parent, source=str(path), project=project)
    if suffix in (".pptx", ".potx"):
        return template_theme(path, builtin("clean"))
    raise ConfigError(f"theme {spec!r} is neither a theme name, a .yaml file nor a .pptx template",
                      hint="use clean, dark, a .yaml or a .pptx path")


def _check_keys(user: dict[str, Any], reference: dict[str, Any], source: str, prefix: str = "") -> None:
    """A misspelt or misplaced key would silently change nothing: refuse it and say where it goes."""
    for key, value in user.items():
        if key not in reference:
            where = next((f"{k}.{key}" for k, v in reference.items() if isinstance(v, dict) and key in v), None)
            raise ConfigError(f"theme {source}: unknown key {prefix + key!r}",
                              hint=f"did you mean {where!r}?" if where else "see assets/themes/clean.yaml for the keys")
        if isinstance(value, dict) and isinstance(reference[key], dict) and key not in ("tokens", "files"):
            _check_keys(value, reference[key], source, prefix + key + ".")


def _find_in_project(spec: str, project: Project) -> Path:
    """A front-matter theme file: inside the project (script folder, its assets/), else bundled."""
    where = field_location(project, "theme")
    found = find_asset(spec, project, "", required=False, what="front matter 'theme'", where=where) or \
        find_asset(spec, project, "themes", required=False, what="front matter 'theme'", where=where)
    if found is None:
        raise AssetError(f"theme file {spec!r} not found", location=where,
                         hint="put it next to the script or fix 'theme:'")
    return found


def _find_given(spec: str, lecture: Lecture | None) -> Path:
    """A theme file given on the command line: the path as typed, else relative to the script."""
    candidates = [Path(spec)]
    if lecture is not None and lecture.path and not Path(spec).is_absolute():
        candidates.append(Path(lecture.path).parent / spec)
    for path in candidates:
        if path.is_file():
            return path.resolve()
    found = find_asset(spec, None, "themes", required=False)
    if found is None:
        raise AssetError(f"theme file {spec!r} not found", hint="check the --theme path")
    return found
