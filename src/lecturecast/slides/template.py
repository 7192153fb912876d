"""A school's own PowerPoint template as a theme (``theme: school.pptx`` in the front matter).

The deck is built *from* the template (its masters, layouts and placeholders; sample slides are
dropped).  From the template we take:

* the title and body frames of its "Title and Content" layout (scaled onto our 16:9 canvas), so
  text sits where the school's design expects it;
* its colour scheme (dk1 → text, dk2 → titles, lt1 → background, accent1 → accent, section
  dividers on accent1 or dk2) when those colours keep WCAG contrast ≥ 4.5:1; otherwise the clean
  theme's colours stay;
* its master graphics for the painted PNGs (:mod:`.master`): a template of another size than 16:9 is
  scaled onto the slide, masters and layouts included (:func:`scale_masters`), in the deck and PNGs.

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
from pptx.slide import SlideLayout

from ..errors import AssetError
from .theme import EMU_PER_PT, SLIDE_H_PT, SLIDE_W_PT, Theme, contrast

log = logging.getLogger(__name__)
_A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)


def scheme_colors(prs) -> dict[str, str]:
    """The template's colour scheme: dk1, lt1, dk2, lt2, accent1..6, hlink, folHlink → #RRGGBB."""
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


def open_template(path: str | Path):
    """The template as a python-pptx Presentation (checked first: a zip of sane unpacked size)."""
    path = Path(path)
    _check_package(path)
    try:
        return Presentation(str(path))
    except Exception as exc:  # python-pptx raises several types for broken files
        raise AssetError(f"theme template {path} cannot be opened: {exc}",
                         hint="save it again from PowerPoint/LibreOffice as .pptx") from exc


def _ph_types(layout) -> set:
    return {ph.placeholder_format.type for ph in layout.placeholders}


def pick_layouts(prs) -> dict[str, SlideLayout]:
    """Map our layout names to the presentation's layouts (by placeholder types, then names)."""
    layouts = list(prs.slide_layouts)
    by_name = {lay.name.lower(): lay for lay in layouts}

    def first(pred, default=None):
        return next((lay for lay in layouts if pred(lay)), default)

    bodies = {PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.BODY}
    content = by_name.get("title and content") or first(lambda l: _ph_types(l) & set(_TITLES) and _ph_types(l) & bodies)
    title_only = by_name.get("title only") or first(lambda l: _ph_types(l) & set(_TITLES) and not (
        _ph_types(l) & (bodies | {PP_PLACEHOLDER.PICTURE})))
    blank = by_name.get("blank") or first(lambda l: not (_ph_types(l) & set(_TITLES)), layouts[-1])
    title = first(lambda l: PP_PLACEHOLDER.CENTER_TITLE in _ph_types(l)) or content or layouts[0]
    section = by_name.get("section header") or first(lambda l: "section" in l.name.lower()) or title_only
    content = content or title_only or blank
    return {"title": title, "content": content, "title_only": title_only or content,
            "section": section or content, "blank": blank}


def own_background(spec, theme: Theme) -> str | None:
    """The solid background a slide sets itself (None: it shows the template's background)."""
    return spec.background if not theme.template or spec.kind == "section" else None


def scale_masters(prs, width_emu: int, height_emu: int) -> None:
    """Resize the presentation to ``width × height``, scaling every master and layout shape with it, so
    a 4:3 template's bands still span the slide and its logos stay in their corner, undistorted."""
    sx, sy = width_emu / prs.slide_width, height_emu / prs.slide_height
    prs.slide_width, prs.slide_height = width_emu, height_emu
    if abs(sx - 1) < 1e-6 and abs(sy - 1) < 1e-6:
        return
    trees = [m.shapes._spTree for m in prs.slide_masters]
    trees += [lay.shapes._spTree for m in prs.slide_masters for lay in m.slide_layouts]
    for tree in trees:
        for xfrm in tree.iterfind(f"./*/*/{_A}xfrm"):  # top-level shapes; group children follow their group
            off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
            if off is None or ext is None:
                continue
            x, y, cx, cy = (int(v) for v in (off.get("x", 0), off.get("y", 0), ext.get("cx", 0), ext.get("cy", 0)))
            # pictures (logos) keep their aspect and their centre's relative place; bands stretch
            kx, ky = (min(sx, sy),) * 2 if etree.QName(xfrm.getparent().getparent()).localname == "pic" else (sx, sy)
            off.set("x", str(int(round((x + cx / 2) * sx - cx * kx / 2))))
            off.set("y", str(int(round((y + cy / 2) * sy - cy * ky / 2))))
            ext.set("cx", str(int(round(cx * kx))))
            ext.set("cy", str(int(round(cy * ky))))


def _section_colors(scheme: dict[str, str], colors: dict[str, str]) -> dict[str, str]:
    """Section dividers in the school's colours: accent1 (else dk2) behind lt1 (else white/black)
    text, the first pair with WCAG contrast >= 4.5:1; none: ours stay."""
    for bg in (scheme.get("accent1"), scheme.get("dk2")):
        for fg in (scheme.get("lt1"), "#FFFFFF", "#000000"):
            if bg and fg and contrast(fg, bg) >= 4.5:
                return {"section_bg": bg, "section_text": fg}
    return {}


def template_theme(path: Path, base: Theme) -> Theme:
    prs = open_template(path)
    colors = dict(base.colors)
    scheme = scheme_colors(prs)
    wanted = {"text": scheme.get("dk1"), "title": scheme.get("dk2") or scheme.get("dk1"),
              "background": scheme.get("lt1"), "accent": scheme.get("accent1")}
    bg = wanted["background"] or colors["background"]
    for key, value in wanted.items():
        if value and (key == "background" or contrast(value, bg) >= 4.5):
            colors[key] = value
    colors.update(_section_colors(scheme, colors))
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
