"""A small school template built with python-pptx: a coloured band and a logo on the slide master,
its own theme colours, 4:3 like many old school templates (so scaling onto 16:9 is exercised too)."""
from __future__ import annotations

import io

from lxml import etree
from PIL import Image, ImageDraw
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.oxml.shapes.autoshape import CT_Shape
from pptx.oxml.shapes.picture import CT_Picture
from pptx.shapes.autoshape import Shape
from pptx.util import Pt
from pptx.opc.constants import RELATIONSHIP_TYPE as RT

BAND = "#7A1F2B"      # burgundy band along the top of every slide
ACCENT = "#0B5D3B"    # the school's accent1 (section dividers)
LOGO_FILL = (20, 90, 200)  # blue square logo with a yellow disc
LOGO_DISC = (250, 200, 20)
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"
# on the 4:3 master (EMU): band 0..0.6 in high, full width; logo 1 in square, bottom right
BAND_EMU = (0, 0, 9144000, 548640)
LOGO_EMU = (9144000 - 914400 - 182880, 6858000 - 914400 - 182880, 914400, 914400)
NAME_EMU = (182880, 45720, 6000000, 457200)  # white bold school name inside the band, left
SCHOOL = "Springfield High School"


def logo_png() -> bytes:
    im = Image.new("RGB", (200, 200), LOGO_FILL)
    ImageDraw.Draw(im).ellipse((50, 50, 150, 150), fill=LOGO_DISC)
    buf = io.BytesIO()
    im.save(buf, format="PNG")
    return buf.getvalue()


def _set_scheme(prs, **colors: str) -> None:
    part = prs.slide_master.part.part_related_by(RT.THEME)
    root = etree.fromstring(part.blob)
    scheme = root.find(f".//{A}clrScheme")
    for name, value in colors.items():
        slot = scheme.find(f"{A}{name}")
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{A}srgbClr", val=value.lstrip("#"))
    part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def school_template(path) -> str:
    prs = Presentation()  # 10 × 7.5 in (4:3)
    master = prs.slide_master
    tree = master.shapes._spTree  # python-pptx has no add_shape on masters: build the XML
    sp = CT_Shape.new_autoshape_sp(900, "School band", "rect", *BAND_EMU)
    band = Shape(sp, master.shapes)
    band.fill.solid()
    band.fill.fore_color.rgb = RGBColor.from_string(BAND.lstrip("#"))
    band.line.fill.background()
    _image_part, rid = master.part.get_or_add_image_part(io.BytesIO(logo_png()))
    pic = CT_Picture.new_pic(901, "School logo", "logo", rid, *LOGO_EMU)
    name = CT_Shape.new_textbox_sp(902, "School name", *NAME_EMU)
    frame = Shape(name, master.shapes).text_frame
    frame.word_wrap = True  # wrap="square", as template text boxes usually are
    run = frame.paragraphs[0].add_run()
    run.text = SCHOOL
    run.font.size, run.font.bold = Pt(20), True
    run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    for element in (name, pic, sp):  # behind the placeholders, as designers put them
        tree.insert(2, element)
    _set_scheme(prs, accent1=ACCENT)
    prs.save(str(path))
    return str(path)


def rgb(hex_color: str) -> tuple[int, int, int]:
    return tuple(int(hex_color[i:i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def to_px(emu_rect, picture=False, slide_emu=(9144000, 6858000), size=(1920, 1080)):
    """An EMU rectangle of the 4:3 template → pixel box on our 1920 × 1080 image: shapes stretch,
    pictures keep their aspect around their scaled centre."""
    x, y, w, h = emu_rect
    sx, sy = size[0] / slide_emu[0], size[1] / slide_emu[1]
    kx, ky = (min(sx, sy),) * 2 if picture else (sx, sy)
    cx, cy = (x + w / 2) * sx, (y + h / 2) * sy
    return cx - w * kx / 2, cy - h * ky / 2, cx + w * kx / 2, cy + h * ky / 2
