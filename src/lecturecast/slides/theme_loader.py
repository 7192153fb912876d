"""Resolve a lecture's ``theme:`` to a :class:`~.theme.Theme` (built-in name, YAML file or a school's
.pptx template).  Kept apart from :mod:`.theme` so the template reader (which builds on ``theme``)
and the theme records never import each other."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from ..assets import assets_dir, find_asset
from ..errors import AssetError, ConfigError
from ..model import Lecture
from .template import template_theme
from .theme import Theme, merge, read_yaml, builtin, theme_from_dict


def load_theme(lecture: Lecture | None = None, spec: str | None = None) -> Theme:
    """The theme named by ``spec`` or the lecture's front matter (default: the clean theme)."""
    spec = spec if spec is not None else (lecture.meta.theme if lecture is not None else None)
    if not spec or spec in ("default", "clean"):
        return builtin("clean")
    lecture_path = lecture.path if lecture is not None else None
    suffix = Path(spec).suffix.lower()
    if suffix in (".yaml", ".yml"):
        path = _find(spec, lecture_path)
        base_data, user = read_yaml(assets_dir() / "themes" / "clean.yaml"), read_yaml(path)
        _check_keys(user, base_data, str(path))
        data = merge(base_data, user)
        return theme_from_dict(data, base=path.parent, source=str(path))
    if suffix in (".pptx", ".potx"):
        return template_theme(_find(spec, lecture_path), builtin("clean"))
    return builtin(spec)


def _check_keys(user: dict[str, Any], reference: dict[str, Any], source: str, prefix: str = "") -> None:
    """A misspelt or misplaced key would silently change nothing: refuse it and say where it goes."""
    for key, value in user.items():
        if key not in reference:
            where = next((f"{k}.{key}" for k, v in reference.items() if isinstance(v, dict) and key in v), None)
            raise ConfigError(f"theme {source}: unknown key {prefix + key!r}",
                              hint=f"did you mean {where!r}?" if where else "see assets/themes/clean.yaml for the keys")
        if isinstance(value, dict) and isinstance(reference[key], dict) and key not in ("tokens", "files"):
            _check_keys(value, reference[key], source, prefix + key + ".")


def _find(spec: str, lecture_path: str | None) -> Path:
    path = Path(spec)
    if path.is_absolute():
        if not path.is_file():
            raise AssetError(f"theme file {spec!r} not found", hint="fix 'theme:' in the front matter")
        return path
    found = find_asset(spec, lecture_path, kind="", required=False) or find_asset(spec, lecture_path, "themes", False)
    if found is None:
        raise AssetError(f"theme file {spec!r} not found", hint="put it next to the script or fix 'theme:'")
    return found
