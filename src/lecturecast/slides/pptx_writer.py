"""Write a :class:`DeckPlan` as an editable 16:9 PowerPoint deck (python-pptx).

Titles, subtitles and bullet bodies go into the layout's real placeholders (moved to the planned
frames), so the deck stays editable: a teacher can retype a title or add a bullet and PowerPoint
keeps the styling.  Every paragraph/run gets explicit font, size, colour, spacing and bullet
properties, so PowerPoint and LibreOffice wrap and place text where the plan measured it (the same
geometry the PNG painter draws).  Runs name the east-asian and complex-script fallback fonts.
"""
from __future__ import annotations

import logging
import os
from pathlib import Path

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.dml import MSO_LINE_DASH_STYLE
from pptx.enum.shapes import MSO_SHAPE, PP_PLACEHOLDER
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from ..fsutil import atomic_path
from . import fonts as glyphs
from ..pictures import deck_picture
from .measure import ImageBox, Para, Rect, ShapeBox, TextBox, indent_of
from .template import open_template, own_background, pick_layouts, scale_masters
from .painter import ROUND_PT
from .theme import EMU_PER_PT, SLIDE_H_PT, SLIDE_W_PT, Theme

log = logging.getLogger(__name__)
_TITLES = (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
_BODIES = (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT, PP_PLACEHOLDER.SUBTITLE)


def _emu(pt: float) -> Emu:
    return Emu(int(round(pt * EMU_PER_PT)))


def _rgb(hex_color: str) -> RGBColor:
    return RGBColor.from_string(hex_color.lstrip("#").upper())


def _placeholder(slide, kind: str, used: set[int]):
    for ph in slide.placeholders:
        pid, ptype = ph.placeholder_format.idx, ph.placeholder_format.type
        if pid in used:
            continue
        if (kind == "title" and ptype in _TITLES) or (kind in ("body", "subtitle") and ptype in _BODIES):
            used.add(pid)
            return ph
    return None


def _place(shape, r: Rect) -> None:
    shape.left, shape.top, shape.width, shape.height = _emu(r.x), _emu(r.y), _emu(r.w), _emu(r.h)


def _sub(parent, tag: str, **attrs: str):
    return etree.SubElement(parent, qn(tag), **attrs)


def _rpr(parent, tag: str, size: float, color: str, family: str, theme: Theme, *, bold: bool = False,
         italic: bool = False):
    """``<a:rPr>``/``<a:endParaRPr>`` with size, weight, colour and latin/east-asian/complex fonts."""
    fonts = dict(theme.fonts)
    rpr = _sub(parent, tag, lang="en-US", sz=str(int(round(size * 100))), b="1" if bold else "0",
               i="1" if italic else "0", cap="none", dirty="0")
    fill = _sub(rpr, "a:solidFill")
    _sub(fill, "a:srgbClr", val=color.lstrip("#").upper())
    for tag, name in (("a:latin", family), ("a:ea", fonts.get("east_asian", family)),
                      ("a:cs", fonts.get("complex", family))):
        _sub(rpr, tag, typeface=name, **_font_hints(theme, name))
    return rpr


def _font_hints(theme: Theme, family: str) -> dict[str, str]:
    """``panose``/``pitchFamily``/``charset`` of the shipped file of ``family``: without the font
    installed, PowerPoint and LibreOffice then substitute a sans (monospace for code), not a serif."""
    files = dict(theme.font_files)
    roles = [role for role, fam in theme.fonts if fam == family]
    path = files.get("mono" if "mono" in roles else "sans" if "sans" in roles else "") or next(
        (p for p in theme.fallback if glyphs.family_name(p) == family), None)
    if not path:
        return {}
    panose, pitch = glyphs.substitution_hints(path)
    return {"panose": panose, "pitchFamily": str(pitch), "charset": "0"}


def _ppr(p, para: Para, index: int, st, theme: Theme) -> None:
    text_left, bullet_left = indent_of(para, st.size)
    mark = para.bullet if not para.continued else None
    ppr = _sub(p, "a:pPr", marL=str(int(round(text_left * EMU_PER_PT))),
               indent=str(int(round((bullet_left - text_left) * EMU_PER_PT))) if mark else "0",
               algn="ctr" if st.align == "c" else "l")
    if para.level:
        ppr.set("lvl", str(min(para.level, 8)))
    _sub(_sub(ppr, "a:lnSpc"), "a:spcPct", val="100000")
    _sub(_sub(ppr, "a:spcBef"), "a:spcPts", val=str(int(round(para.space_before * st.size * 100 if index else 0))))
    _sub(_sub(ppr, "a:spcAft"), "a:spcPts", val="0")
    if mark:
        _sub(_sub(ppr, "a:buClr"), "a:srgbClr", val=st.color.lstrip("#").upper())
        _sub(ppr, "a:buSzPct", val="100000")
        _sub(ppr, "a:buFont", typeface=theme.family("sans"))
        if mark.endswith(".") and mark[:-1].isdigit():
            _sub(ppr, "a:buAutoNum", type="arabicPeriod", startAt=mark[:-1])
        else:
            _sub(ppr, "a:buChar", char=mark)
    else:
        _sub(ppr, "a:buNone")


def fill_text(shape, box: TextBox, theme: Theme) -> None:
    """Replace the shape's text with ``box``'s paragraphs, every property explicit (raw DrawingML)."""
    st = box.style
    tx_body = shape.text_frame._txBody
    body_pr = tx_body.find(qn("a:bodyPr"))
    for child in list(body_pr):
        body_pr.remove(child)
    l, t, r, b = (str(int(round(v * EMU_PER_PT))) for v in st.inset)
    for key, value in (("wrap", "square"), ("lIns", l), ("tIns", t), ("rIns", r), ("bIns", b),
                       ("anchor", "ctr" if st.valign == "m" else "t"), ("rtlCol", "0")):
        body_pr.set(key, value)
    _sub(body_pr, "a:noAutofit")
    for p in tx_body.findall(qn("a:p")):
        tx_body.remove(p)
    family = theme.family("mono" if st.mono else "sans")
    for i, para in enumerate(box.paras):
        p = _sub(tx_body, "a:p")
        _ppr(p, para, i, st, theme)
        for run in para.runs:
            if not run.text:
                continue
            r_el = _sub(p, "a:r")
            _rpr(r_el, "a:rPr", st.size, run.color or st.color, family, theme,
                 bold=st.bold or run.bold, italic=st.italic or run.italic)
            _sub(r_el, "a:t").text = run.text
        _rpr(p, "a:endParaRPr", st.size, st.color, family, theme, bold=st.bold, italic=st.italic)


_SHAPES = {"rect": MSO_SHAPE.RECTANGLE, "round": MSO_SHAPE.ROUNDED_RECTANGLE, "ellipse": MSO_SHAPE.OVAL,
           "arrow": MSO_SHAPE.RIGHT_ARROW}


def _add_shape(slide, item: ShapeBox):
    kind = _SHAPES.get(item.shape, MSO_SHAPE.RECTANGLE)
    shape = slide.shapes.add_shape(kind, _emu(item.rect.x), _emu(item.rect.y),
                                   _emu(item.rect.w), _emu(item.rect.h))
    shape.name = item.name
    shape.shadow.inherit = False
    if item.shape == "round":  # the painter's corner radius: ROUND_PT, at most half the shorter side
        shape.adjustments[0] = min(0.5, ROUND_PT / max(1.0, min(item.rect.w, item.rect.h)))
    if item.fill:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(item.fill)
    else:
        shape.fill.background()
    if item.border:
        shape.line.color.rgb = _rgb(item.border)
        shape.line.width = Pt(1.5)
        if item.dashed:
            shape.line.dash_style = MSO_LINE_DASH_STYLE.DASH
    else:
        shape.line.fill.background()
    shape.text_frame.text = ""
    return shape


def _remove_empty_placeholders(slide, used: set[int]) -> None:
    for ph in list(slide.placeholders):
        if ph.placeholder_format.idx not in used:
            ph._element.getparent().remove(ph._element)


def _clear_slides(prs) -> None:
    """A template may come with sample slides: drop them (keep masters and layouts)."""
    sld_ids = prs.slides._sldIdLst
    for sld_id in list(sld_ids):
        prs.part.drop_rel(sld_id.rId)
        sld_ids.remove(sld_id)


def build_presentation(plan, theme: Theme):
    prs = open_template(theme.template) if theme.template else Presentation()
    _clear_slides(prs)
    scale_masters(prs, _emu(SLIDE_W_PT), _emu(SLIDE_H_PT))
    layouts = pick_layouts(prs)
    for spec in plan.slides:
        layout = layouts.get(spec.layout) or layouts["content"]
        slide = prs.slides.add_slide(layout)
        background = own_background(spec, theme)
        if background is not None:
            slide.background.fill.solid()
            slide.background.fill.fore_color.rgb = _rgb(background)
        used: set[int] = set()
        tree = slide.shapes._spTree
        for item in spec.items:
            if isinstance(item, TextBox):
                shape = _placeholder(slide, item.placeholder, used) if item.placeholder else None
                if shape is None:
                    shape = slide.shapes.add_textbox(0, 0, 1, 1)
                    shape.name = item.role
                _place(shape, item.rect)
                fill_text(shape, item, theme)
            elif isinstance(item, ImageBox):
                shape = slide.shapes.add_picture(deck_picture(item.path), _emu(item.rect.x), _emu(item.rect.y),
                                                 _emu(item.rect.w), _emu(item.rect.h))
                shape.name = "cue image"
                if item.alt:
                    shape._element.nvPicPr.cNvPr.set("descr", item.alt)
            else:
                shape = _add_shape(slide, item)
            tree.remove(shape._element)  # z-order = plan order
            tree.append(shape._element)
        _remove_empty_placeholders(slide, used)
        slide.notes_slide.notes_text_frame.text = spec.notes
    return prs


def write_pptx(plan, theme: Theme, path: str | os.PathLike[str]) -> Path:
    """Write ``plan`` to ``path`` (atomic)."""
    prs = build_presentation(plan, theme)
    with atomic_path(path) as tmp:
        prs.save(str(tmp))
    log.info("wrote %s (%d slides)", path, len(plan.slides))
    return Path(path)
