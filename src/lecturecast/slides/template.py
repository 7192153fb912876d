"""A school's own PowerPoint template as a theme (``theme: school.pptx`` in the front matter).

The deck is built *from* the template (its masters, layouts and placeholders; sample slides are
dropped).  From the template we take:

* the title and body frames of its "Title and Content" layout (scaled onto our 16:9 canvas), so
  text sits where the school's design expects it;
* its colour scheme (dk1 → text, dk2 → titles, lt1 → background, accent1 → accent) when those
  colours keep WCAG contrast ≥ 4.5:1; otherwise the clean theme's colours stay.

Fonts stay the shipped ones: every text is measured with real font files, which a template cannot
guarantee.  The template's file hash is part of ``Theme.fingerprint``.  A file that is not a zip, or
that unpacks to more than :data:`MAX_TEMPLATE_BYTES`, is refused before python-pptx reads it.
"""
from __future__ import annotations

import logging
import zipfile
from dataclasses import replace
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.enum.shapes import PP_PLACEHOLDER
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

from ..errors import AssetError
from .theme import EMU_PER_PT, SLIDE_H_PT, SLIDE_W_PT, Theme, contrast

log = logging.getLogger(__name__)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


def _scheme(prs) -> dict[str, str]:
    try:
        theme_part = prs.slide_master.part.part_related_by(RT.THEME)
        root = etree.fromstring(theme_part.blob)
    except (KeyError, etree.XMLSyntaxError):
        return {}
    out = {}
    scheme = root.find(f".//{_A}clrScheme")
    if scheme is None:
        return {}
    for child in scheme:
        name = child.tag.replace(_A, "")
        srgb = child.find(f"{_A}srgbClr")
        sys_clr = child.find(f"{_A}sysClr")
        if srgb is not None:
            out[name] = "#" + srgb.get("val", "000000").upper()
        elif sys_clr is not None:
            out[name] = "#" + sys_clr.get("lastClr", "000000").upper()
    return out


def _frames(prs) -> dict[str, tuple[float, float, float, float]]:
    sx = SLIDE_W_PT / (prs.slide_width / EMU_PER_PT)
    sy = SLIDE_H_PT / (prs.slide_height / EMU_PER_PT)
    layout = next((l for l in prs.slide_layouts if l.name.lower() == "title and content"), None)
    if layout is None:
        layout = next((l for l in prs.slide_layouts
                       if {p.placeholder_format.type for p in l.placeholders} >= {PP_PLACEHOLDER.TITLE}), None)
    frames: dict[str, tuple[float, float, float, float]] = {}
    if layout is None:
        return frames
    for ph in layout.placeholders:
        if ph.width is None or ph.left is None:
            continue
        rect = (ph.left / EMU_PER_PT * sx, ph.top / EMU_PER_PT * sy, ph.width / EMU_PER_PT * sx,
                ph.height / EMU_PER_PT * sy)
        kind = ph.placeholder_format.type
        if kind in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE) and "title" not in frames:
            frames["title"] = rect
        elif kind in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT) and "body" not in frames:
            frames["body"] = rect
    return frames


def _sane(rect: tuple[float, float, float, float], min_w: float, min_h: float) -> bool:
    x, y, w, h = rect
    return w >= min_w and h >= min_h and x >= 0 and y >= 0 and x + w <= SLIDE_W_PT + 1 and y + h <= SLIDE_H_PT + 1


MAX_TEMPLATE_BYTES = 300_000_000  # unpacked; a school template with pictures is a few MB


def _check_package(path: Path) -> None:
    """A .pptx is a zip: refuse one that is not, or that unpacks to more than MAX_TEMPLATE_BYTES
    (python-pptx reads every part into memory).  zipfile never inflates past a member's stated size."""
    try:
        with zipfile.ZipFile(path) as package:
            unpacked = sum(member.file_size for member in package.infolist())
    except (zipfile.BadZipFile, OSError) as exc:
        raise AssetError(f"theme template {path.name!r} is not a .pptx file ({exc})",
                         hint="save it again from PowerPoint/LibreOffice as .pptx") from None
    if unpacked > MAX_TEMPLATE_BYTES:
        raise AssetError(f"theme template {path.name!r} unpacks to {unpacked / 1e6:.0f} MB",
                         hint=f"a template should stay under {MAX_TEMPLATE_BYTES // 1_000_000} MB unpacked")


def template_theme(path: Path, base: Theme) -> Theme:
    _check_package(path)
    try:
        prs = Presentation(str(path))
    except Exception as exc:  # python-pptx raises several types for broken files
        raise AssetError(f"theme template {path} cannot be opened: {exc}",
                         hint="save it again from PowerPoint/LibreOffice as .pptx") from exc
    colors = dict(base.colors)
    scheme = _scheme(prs)
    wanted = {"text": scheme.get("dk1"), "title": scheme.get("dk2") or scheme.get("dk1"),
              "background": scheme.get("lt1"), "accent": scheme.get("accent1")}
    bg = wanted["background"] or colors["background"]
    for key, value in wanted.items():
        if value and (key == "background" or contrast(value, bg) >= 4.5):
            colors[key] = value
    if contrast(colors["text"], colors["background"]) < 4.5 or contrast(colors["muted"], colors["background"]) < 4.5:
        log.warning("template %s colours have too little contrast; using the clean theme's colours", path.name)
        colors = dict(base.colors)
    frames = dict(base.frames)
    found = _frames(prs)
    if "title" in found and _sane(found["title"], 300, 40):
        frames["title"] = found["title"]
    if "body" in found and _sane(found["body"], 400, 200):
        x, y, w, h = found["body"]
        title_bottom = frames["title"][1] + frames["title"][3] + 12
        y2 = max(y, title_bottom)
        h = min(h - (y2 - y), frames["footer"][1] - y2 - 4)
        if h >= 150:
            frames["body"] = (x, y2, w, h)
            left_w = w * 0.56
            frames["body_left"] = (x, y2, left_w, h)
            frames["visual_right"] = (x + left_w + 24, y2, w - left_w - 24, h)
    return replace(base, name=f"template:{path.stem}", colors=tuple(sorted(colors.items())),
                   frames=tuple(sorted(frames.items())), template=str(path), source=str(path))
