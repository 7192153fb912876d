"""Slide themes: colours, fonts, sizes and frames in one place (``assets/themes/*.yaml``).

``theme_loader.load_theme(lecture)`` resolves front-matter ``theme:``

* missing / ``default`` / ``clean`` → the built-in clean theme (``assets/themes/clean.yaml``)
* a bare name (``dark``) → ``assets/themes/<name>.yaml`` merged over the clean theme
* ``path/to/x.yaml`` (relative to the script) → merged over the clean theme
* ``path/to/school.pptx`` → the school's template: its layouts and placeholders are used in the deck,
  its colour scheme (dk1/dk2/lt1/accent1) replaces ours, and the title/body frames follow its
  "Title and Content" layout.  Fonts stay ours (text is measured with the shipped font files).

``Theme.fingerprint`` hashes every value plus the bytes of every font and template file, so it can
key caches of rendered slides.
"""
from __future__ import annotations

import functools
import hashlib
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..assets import assets_dir
from ..errors import AssetError, ConfigError, Location
from ..fsutil import file_sha256
from ..paths import Project, confine, inside_bundled

log = logging.getLogger(__name__)

SLIDE_W_PT = 960.0  # 13.333 in
SLIDE_H_PT = 540.0  # 7.5 in
EMU_PER_PT = 12700


@dataclass(frozen=True)
class Theme:
    name: str
    colors: tuple[tuple[str, str], ...]
    tokens: tuple[tuple[str, str], ...]
    fonts: tuple[tuple[str, str], ...]  # role -> family name (sans, mono, east_asian, complex)
    font_files: tuple[tuple[str, str], ...]  # role -> absolute path
    fallback: tuple[str, ...]  # absolute paths, in order
    sizes: tuple[tuple[str, float], ...]
    frames: tuple[tuple[str, tuple[float, float, float, float]], ...]
    template: str | None = None  # absolute path of a .pptx template
    source: str | None = field(default=None, compare=False)

    # -- lookups -----------------------------------------------------------------------------
    def color(self, name: str) -> str:
        return dict(self.colors)[name]

    def size(self, name: str) -> float:
        return float(dict(self.sizes)[name])

    def frame(self, name: str) -> tuple[float, float, float, float]:
        return dict(self.frames)[name]

    def family(self, role: str) -> str:
        return dict(self.fonts)[role]

    def font_file(self, role: str) -> str:
        return dict(self.font_files)[role]

    def chain(self, mono: bool = False, bold: bool = False, italic: bool = False) -> tuple[str, ...]:
        """Font files to try for each character, primary first."""
        files = dict(self.font_files)
        if mono:
            primary = files["mono_bold" if bold else "mono"]
        elif bold:
            primary = files["sans_bold"]
        elif italic:
            primary = files["sans_italic"]
        else:
            primary = files["sans"]
        extra = (files["sans"],) if mono else ()
        return (primary, *extra, *self.fallback)

    @functools.cached_property
    def fingerprint(self) -> str:
        data = {
            "name": self.name, "colors": self.colors, "tokens": self.tokens, "fonts": self.fonts,
            "sizes": self.sizes, "frames": self.frames,
            "files": sorted((role, _file_hash(p)) for role, p in self.font_files),
            "fallback": [_file_hash(p) for p in self.fallback],
            "template": _file_hash(self.template) if self.template else None,
        }
        return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:20]


@functools.lru_cache(maxsize=64)
def _hash_cached(path: str, size: int, mtime: float) -> str:
    return file_sha256(path)


def _file_hash(path: str) -> str:
    st = Path(path).stat()
    return _hash_cached(str(path), st.st_size, st.st_mtime)


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AssetError(f"theme {path} cannot be read: {exc}", hint="fix the YAML or remove 'theme:'") from exc
    if not isinstance(data, dict):
        raise AssetError(f"theme {path} is not a mapping", hint="see assets/themes/clean.yaml for the format")
    return data


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        out[key] = merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def _font_path(name: str, base: Path | None, project: Project | None, source: str | None) -> str:
    """A font named by a theme: next to the theme file (inside its project), else bundled."""
    if base is not None and project is not None:
        path = confine(str(name), project, "theme font", start=base, where=Location(source))
        if path.is_file():
            return str(path)
    bundled = inside_bundled(str(name), assets_dir() / "fonts", assets_dir())
    if bundled is None or not bundled.is_file():
        raise AssetError(f"font file {name!r} not found", location=Location(source) if source else None,
                         hint="restore it in assets/fonts/ or fix the theme")
    return str(bundled)


def theme_from_dict(data: dict[str, Any], *, template: str | None = None, base: Path | None = None,
                    source: str | None = None, project: Project | None = None) -> Theme:
    """``base``: the theme file's folder, where its fonts may be (confined to ``project``)."""
    try:
        fonts = data["fonts"]
        files = {role: _font_path(name, base, project, source) for role, name in fonts["files"].items()}
        for role in ("sans", "sans_bold", "sans_italic", "mono", "mono_bold"):
            files.setdefault(role, files.get("sans", ""))
        families = {k: str(v) for k, v in fonts.items() if k not in ("files", "fallback")}
        return Theme(
            name=str(data.get("name", "custom")),
            colors=tuple(sorted((k, _hex(v)) for k, v in data["colors"].items())),
            tokens=tuple(sorted((k, _hex(v)) for k, v in data.get("tokens", {}).items())),
            fonts=tuple(sorted(families.items())),
            font_files=tuple(sorted(files.items())),
            fallback=tuple(_font_path(n, base, project, source) for n in fonts.get("fallback", [])),
            sizes=tuple(sorted((k, float(v)) for k, v in data["sizes"].items())),
            frames=tuple(sorted((k, _frame(v)) for k, v in data["frames"].items())),
            template=template,
            source=source,
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"theme {source or '?'} is incomplete or malformed ({exc!r})",
                          hint="see assets/themes/clean.yaml for every key a theme needs") from exc


def _frame(value: Any) -> tuple[float, float, float, float]:
    """A frame is [x, y, width, height] in points (ValueError otherwise: a malformed theme)."""
    x, y, w, h = (float(v) for v in value)
    return x, y, w, h


def _hex(value: Any) -> str:
    text = str(value).strip()
    if not text.startswith("#") or len(text) != 7:
        raise ValueError(f"colour {value!r} is not #RRGGBB")
    int(text[1:], 16)
    return text.upper()


def builtin(name: str = "clean") -> Theme:
    path = assets_dir() / "themes" / f"{name}.yaml"
    if not path.is_file():
        known = sorted(p.stem for p in (assets_dir() / "themes").glob("*.yaml"))
        raise ConfigError(f"unknown theme {name!r}", hint=f"use one of {', '.join(known)} or a .yaml/.pptx path")
    data = read_yaml(assets_dir() / "themes" / "clean.yaml")
    if name != "clean":
        data = merge(data, read_yaml(path))
    return theme_from_dict(data, source=str(path))


# -- WCAG contrast -----------------------------------------------------------------------------
def _linear(channel: int) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(hex_color: str) -> float:
    r, g, b = (int(hex_color[i:i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# Text colour -> the background it is drawn on (checked by tests for every built-in theme).
TEXT_PAIRS = (
    ("title", "background"), ("text", "background"), ("muted", "background"), ("accent", "background"),
    ("section_text", "section_bg"), ("code_text", "code_bg"), ("card_text", "card_bg"), ("card_label", "card_bg"),
    ("accent_2", "background"), ("accent_3", "background"), ("accent_4", "background"), ("text", "panel"),
    ("on_accent", "accent"), ("on_accent", "accent_2"), ("on_accent", "accent_3"), ("on_accent", "accent_4"),
)


def contrast_report(theme: Theme) -> dict[str, float]:
    out = {f"{fg}/{bg}": contrast(theme.color(fg), theme.color(bg)) for fg, bg in TEXT_PAIRS}
    for token, color in theme.tokens:
        out[f"token {token}/code_bg"] = contrast(color, theme.color("code_bg"))
    return out
