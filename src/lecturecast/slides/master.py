"""A school template's master graphics (background, bands, logos) for the painted slide images.

The deck inherits everything on a template's slide master and layouts; the PNGs of the video are
painted by us, so we read the same graphics from the template (python-pptx + lxml) and paint them
under our content:

* the background of the layout, else of its master: a solid colour (scheme colours resolved through
  the master's colour map, ``lumMod``/``lumOff``/``tint``/``shade`` applied), the first stop of a
  gradient, or a picture stretched over the slide;
* the master's shapes (unless the layout hides them, ``showMasterSp="0"``), then the layout's:
  pictures (logos), rectangles / rounded rectangles / ellipses with a solid fill and/or outline,
  straight connectors; groups are flattened.  Placeholders are skipped (our text replaces them);
* the fixed text of non-placeholder shapes (a school name, a footer line) as :class:`Label`, which
  the painter draws in our fonts (first run's size, colour and weight; alignment and anchor).

Positions are in points on our 960 × 540 canvas; a template of another size is first scaled exactly
as the PPTX writer scales it (:func:`.template.scale_masters`).  Other geometries are not painted (logged at debug level).  A backdrop is painted once per template,
layout and background, then copied for each slide.
"""
from __future__ import annotations

import colorsys
import functools
import io
import logging
import os
from dataclasses import dataclass

from lxml import etree
from PIL import Image, ImageDraw

from .template import open_template, pick_layouts, scale_masters, scheme_colors
from .theme import EMU_PER_PT, SLIDE_H_PT, SLIDE_W_PT

log = logging.getLogger(__name__)
_NS = {"a": "http://schemas.openxmlformats.org/drawingml/2006/main",
       "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
       "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships"}
_A = "{%s}" % _NS["a"]
_EMBED = "{%s}embed" % _NS["r"]
SHAPES = {"rect": "rect", "roundRect": "round", "snipRect": "rect", "ellipse": "ellipse", "line": "line"}


@dataclass(frozen=True)
class Graphic:
    kind: str  # rect | round | ellipse | line | picture
    rect: tuple[float, float, float, float]  # x, y, w, h in points (960 × 540 canvas)
    fill: str | None = None
    line: str | None = None
    line_pt: float = 0.0
    image: bytes | None = None


@dataclass(frozen=True)
class Label:
    """Fixed text of a master/layout shape (a school name, a footer line); drawn in our fonts."""
    rect: tuple[float, float, float, float]
    lines: tuple[str, ...]
    size: float = 18.0
    color: str = "#000000"
    bold: bool = False
    align: str = "l"  # l | c | r
    anchor: str = "t"  # t | m | b
    inset: tuple[float, float, float, float] = (7.2, 3.6, 7.2, 3.6)


@dataclass(frozen=True)
class Backdrop:
    fill: str = "#FFFFFF"
    image: bytes | None = None  # background picture, stretched
    graphics: tuple[Graphic, ...] = ()
    labels: tuple[Label, ...] = ()


# -- colours --------------------------------------------------------------------------------------
def _mods(hex_color: str, el) -> str:
    r, g, b = (int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5))
    for mod in el:
        name, val = etree.QName(mod).localname, int(mod.get("val", "100000")) / 100000
        if name in ("lumMod", "lumOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            lum = lum * val if name == "lumMod" else lum + val
            r, g, b = colorsys.hls_to_rgb(h, min(1.0, max(0.0, lum)), s)
        elif name == "tint":
            r, g, b = (c + (1 - c) * (1 - val) for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * val for c in (r, g, b))
    return "#%02X%02X%02X" % tuple(int(round(min(1.0, max(0.0, c)) * 255)) for c in (r, g, b))


class _Colors:
    """Resolves DrawingML colour elements with the template's scheme and the master's colour map."""

    def __init__(self, scheme: dict[str, str], color_map: dict[str, str]):
        self.scheme, self.map = scheme, color_map

    def named(self, name: str) -> str | None:
        """A scheme colour by its slot or mapped name (``tx1`` → ``dk1`` through the colour map)."""
        return self.scheme.get(self.map.get(name, name))

    def of(self, parent) -> str | None:
        """The colour inside ``parent`` (an ``a:solidFill``, ``a:gs``, ``a:fillRef``, …), or None."""
        if parent is None:
            return None
        for el in parent:
            name = etree.QName(el).localname
            if name == "srgbClr":
                return _mods("#" + el.get("val", "000000").upper(), el)
            if name == "sysClr":
                return _mods("#" + el.get("lastClr", "000000").upper(), el)
            if name == "schemeClr":
                key = self.map.get(el.get("val", ""), el.get("val", ""))
                base = self.scheme.get(key)
                return _mods(base, el) if base else None
            if name == "prstClr":
                return _mods({"black": "#000000", "white": "#FFFFFF"}.get(el.get("val", ""), "#808080"), el)
        return None

    def fill(self, sp_pr, style) -> str | None:
        if sp_pr is not None:
            if sp_pr.find(f"{_A}noFill") is not None:
                return None
            solid = sp_pr.find(f"{_A}solidFill")
            if solid is not None:
                return self.of(solid)
            grad = sp_pr.find(f"{_A}gradFill/{_A}gsLst/{_A}gs")
            if grad is not None:
                return self.of(grad)
        ref = style.find(f"{_A}fillRef") if style is not None else None
        return self.of(ref) if ref is not None and ref.get("idx", "0") != "0" else None

    def line(self, sp_pr, style) -> tuple[str | None, float]:
        ln = sp_pr.find(f"{_A}ln") if sp_pr is not None else None
        width = int(ln.get("w", "12700")) / EMU_PER_PT if ln is not None else 1.0
        if ln is not None:
            if ln.find(f"{_A}noFill") is not None:
                return None, 0.0
            solid = ln.find(f"{_A}solidFill")
            if solid is not None:
                return self.of(solid), width
        ref = style.find(f"{_A}lnRef") if style is not None else None
        return (self.of(ref), width) if ref is not None and ref.get("idx", "0") != "0" else (None, 0.0)


# -- shapes -------------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Frame:
    """Maps a group's child coordinates (EMU) onto slide points."""
    ox: float = 0.0
    oy: float = 0.0
    sx: float = 1 / EMU_PER_PT
    sy: float = 1 / EMU_PER_PT

    def rect(self, xfrm) -> tuple[float, float, float, float] | None:
        off, ext = xfrm.find(f"{_A}off"), xfrm.find(f"{_A}ext")
        if off is None or ext is None:
            return None
        x, y = int(off.get("x", 0)), int(off.get("y", 0))
        w, h = int(ext.get("cx", 0)), int(ext.get("cy", 0))
        return self.ox + x * self.sx, self.oy + y * self.sy, w * self.sx, h * self.sy

    def child(self, xfrm) -> "_Frame | None":
        outer = self.rect(xfrm)
        ch_off, ch_ext = xfrm.find(f"{_A}chOff"), xfrm.find(f"{_A}chExt")
        if outer is None or ch_off is None or ch_ext is None:
            return None
        cw, chh = max(1, int(ch_ext.get("cx", 1))), max(1, int(ch_ext.get("cy", 1)))
        sx, sy = outer[2] / cw, outer[3] / chh
        return _Frame(outer[0] - int(ch_off.get("x", 0)) * sx, outer[1] - int(ch_off.get("y", 0)) * sy, sx, sy)


def _label(el, rect, colors: _Colors) -> Label | None:
    """The text of a non-placeholder shape, with its first run's size/colour/weight."""
    body = el.find("p:txBody", _NS)
    if body is None:
        return None
    lines = tuple("".join(t.text or "" for t in p.iterfind(".//a:r/a:t", _NS)) for p in body.iterfind("a:p", _NS))
    if not any(line.strip() for line in lines):
        return None
    rpr = body.find(".//a:r/a:rPr", _NS)
    ppr = body.find("a:p/a:pPr", _NS)
    pr = body.find("a:bodyPr", _NS)
    fill = rpr.find(f"{_A}solidFill") if rpr is not None else None
    color = colors.of(fill) if fill is not None else colors.named("tx1")
    left, top, right, bottom = (int(pr.get(k, d)) / EMU_PER_PT if pr is not None else int(d) / EMU_PER_PT
                                for k, d in (("lIns", "91440"), ("tIns", "45720"), ("rIns", "91440"), ("bIns", "45720")))
    inset = (left, top, right, bottom)
    return Label(rect, lines, int(rpr.get("sz", "1800")) / 100 if rpr is not None else 18.0, color or "#000000",
                 rpr is not None and rpr.get("b") == "1",
                 {"ctr": "c", "r": "r"}.get(ppr.get("algn", "l") if ppr is not None else "l", "l"),
                 {"ctr": "m", "b": "b"}.get(pr.get("anchor", "t") if pr is not None else "t", "t"),
                 inset)


def _graphics(tree, part, colors: _Colors, frame: _Frame) -> list[Graphic | Label]:
    out: list[Graphic | Label] = []
    for el in tree:
        name = etree.QName(el).localname
        if el.find(".//p:nvPr/p:ph", _NS) is not None and name != "grpSp":
            continue  # a placeholder: our own text goes there
        if name == "grpSp":
            xfrm = el.find("p:grpSpPr/a:xfrm", _NS)
            inner = frame.child(xfrm) if xfrm is not None else None
            if inner is not None:
                out += _graphics(el, part, colors, inner)
            continue
        sp_pr = el.find("p:spPr", _NS)
        xfrm = sp_pr.find(f"{_A}xfrm") if sp_pr is not None else None
        rect = frame.rect(xfrm) if xfrm is not None else None
        if rect is None:
            continue
        if name == "pic":
            blip = el.find(".//a:blip", _NS)
            rid = blip.get(_EMBED) if blip is not None else None
            if rid and rid in part.rels:
                out.append(Graphic("picture", rect, image=part.related_part(rid).blob))
            continue
        if name not in ("sp", "cxnSp"):
            continue
        geom = sp_pr.find(f"{_A}prstGeom")
        kind = SHAPES.get(geom.get("prst", "") if geom is not None else "", None)
        if name == "cxnSp":
            kind = "line"
        if kind is None:
            log.debug("template shape %r not painted (geometry)", el.find(".//p:cNvPr", _NS).get("name", "?"))
            label = _label(el, rect, colors) if name == "sp" else None
            out += [label] if label is not None else []
            continue
        style = el.find("p:style", _NS)
        line, width = colors.line(sp_pr, style)
        fill = None if kind == "line" else colors.fill(sp_pr, style)
        if fill or line:
            out.append(Graphic(kind, rect, fill, line, width))
        label = _label(el, rect, colors) if name == "sp" else None
        if label is not None:
            out.append(label)
    return out


def _background(c_sld, part, colors: _Colors) -> tuple[str | None, bytes | None]:
    bg = c_sld.find("p:bg", _NS)
    if bg is None:
        return None, None
    pr = bg.find("p:bgPr", _NS)
    if pr is not None:
        blip = pr.find(f"{_A}blipFill/{_A}blip")
        if blip is not None and blip.get(_EMBED) in part.rels:
            return None, part.related_part(blip.get(_EMBED)).blob
        grad = pr.find(f"{_A}gradFill/{_A}gsLst/{_A}gs")
        return colors.of(pr.find(f"{_A}solidFill") if grad is None else grad), None
    return colors.of(bg.find("p:bgRef", _NS)), None


def backdrop(template: str, layout: str) -> Backdrop:
    """The background and graphics slides of our ``layout`` kind inherit from ``template``."""
    return _backdrop(template, layout, _stamp(template))


def _stamp(path: str) -> tuple[int, int]:
    """Size and mtime: a template edited in place is read again (long-running studio sessions)."""
    st = os.stat(path)
    return st.st_size, st.st_mtime_ns


@functools.lru_cache(maxsize=16)
def _backdrop(template: str, layout: str, _stamp: tuple[int, int]) -> Backdrop:
    prs = open_template(template)
    scale_masters(prs, int(SLIDE_W_PT * EMU_PER_PT), int(SLIDE_H_PT * EMU_PER_PT))  # as in the deck
    slide_layout = pick_layouts(prs).get(layout) or pick_layouts(prs)["content"]
    master = slide_layout.slide_master
    clr_map = master._element.find("p:clrMap", _NS)
    colors = _Colors(scheme_colors(prs), dict(clr_map.attrib) if clr_map is not None else {})
    frame = _Frame()
    fill, image = _background(slide_layout._element.cSld, slide_layout.part, colors)
    if fill is None and image is None:
        fill, image = _background(master._element.cSld, master.part, colors)
    found: list[Graphic | Label] = []
    if slide_layout._element.get("showMasterSp", "1") not in ("0", "false"):
        found += _graphics(master._element.cSld.spTree, master.part, colors, frame)
    found += _graphics(slide_layout._element.cSld.spTree, slide_layout.part, colors, frame)
    graphics = [g for g in found if isinstance(g, Graphic)]
    labels = tuple(g for g in found if isinstance(g, Label))
    if fill is None:  # no background anywhere: PowerPoint shows the scheme's bg1
        fill = colors.named("bg1") or "#FFFFFF"
    return Backdrop(fill, image, tuple(graphics), labels)


def _rgb(hex_color: str) -> tuple[int, int, int]:
    return int(hex_color[1:3], 16), int(hex_color[3:5], 16), int(hex_color[5:7], 16)


def _picture(data: bytes, size: tuple[int, int]) -> Image.Image | None:
    try:
        with Image.open(io.BytesIO(data)) as pic:
            pic.draft("RGB", size)
            return pic.convert("RGBA").resize(size, Image.Resampling.LANCZOS)
    except (OSError, ValueError) as exc:  # EMF/WMF logos and broken pictures: Pillow cannot draw them
        log.debug("template picture not painted: %s", exc)
        return None


def _draw(im: Image.Image, g: Graphic, k: float) -> None:
    x, y, w, h = (v * k for v in g.rect)
    box = (int(round(x)), int(round(y)), int(round(x + w)) - 1, int(round(y + h)) - 1)
    if g.kind == "picture" and g.image is not None:
        pic = _picture(g.image, (max(1, box[2] - box[0] + 1), max(1, box[3] - box[1] + 1)))
        if pic is not None:
            im.paste(pic, box[:2], pic)
        return
    draw = ImageDraw.Draw(im)
    fill = _rgb(g.fill) if g.fill else None
    line = _rgb(g.line) if g.line else None
    width = max(1, int(round(g.line_pt * k))) if line else 0
    if g.kind == "line":
        draw.line([(box[0], box[1]), (box[2], box[3])], fill=line, width=width)
    elif g.kind == "ellipse":
        draw.ellipse(box, fill=fill, outline=line, width=width)
    elif g.kind == "round":
        radius = int(min(box[2] - box[0], box[3] - box[1]) * 0.1667)  # PowerPoint's default adj 16.67 %
        draw.rounded_rectangle(box, radius=radius, fill=fill, outline=line, width=width)
    else:
        draw.rectangle(box, fill=fill, outline=line, width=width)


@functools.lru_cache(maxsize=16)
def _backdrop_image(template: str, layout: str, fill: str | None, size: tuple[int, int],
                    _stamp: tuple[int, int]) -> Image.Image:
    drop = backdrop(template, layout)
    im = Image.new("RGB", size, _rgb(fill or drop.fill))
    if fill is None and drop.image is not None:
        pic = _picture(drop.image, size)
        if pic is not None:
            im.paste(pic, (0, 0), pic)
    k = size[0] / SLIDE_W_PT
    for graphic in drop.graphics:
        _draw(im, graphic, k)
    return im


def backdrop_image(template: str, layout: str, fill: str | None, size: tuple[int, int]) -> Image.Image:
    """A fresh RGB image of the template's backdrop for ``layout``; ``fill`` replaces its background
    (as the deck does for section slides) — pictures and shapes still go on top."""
    return _backdrop_image(template, layout, fill, size, _stamp(template)).copy()
