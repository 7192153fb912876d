"""Pictures a script names: size checked before decoding, non-images refused, big photos downscaled.

Real files, real ``lecturecast slides`` runs, the deck re-read with python-pptx.
"""
from __future__ import annotations

import io
import struct
import zipfile
import zlib
from pathlib import Path

import pytest
from PIL import Image
from pptx import Presentation

from lecturecast.cli import main
from lecturecast.pictures import DECK_MAX_SIDE, MAX_PIXELS

BLUE = (10, 120, 200)


def png_header_only(path: Path, width: int, height: int) -> Path:
    """A PNG whose header claims ``width``×``height`` (RGB) with no pixel data: costs nothing to make."""
    def chunk(tag: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + tag + data + struct.pack(">I", zlib.crc32(tag + data))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b""))
                     + chunk(b"IEND", b""))
    return path


def lecture(tmp_path: Path, body: str) -> Path:
    script = tmp_path / "s.md"
    script.write_text("---\ntitle: Pictures\n---\n\n# Part\n\n## 0:00 Start {#start}\n\n"
                      f"Narrator: Look at this.\n\n{body}\n", encoding="utf-8")
    return script


def slides(capsys, script: Path, *extra: str) -> tuple[int, str]:
    code = main(["slides", str(script), "-o", str(script.parent / "out"), "-j", "1", "--no-handout", *extra])
    return code, capsys.readouterr().err


def assert_one_line(code: int, err: str, *words: str) -> None:
    assert code != 0, err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    for word in words:
        assert word in err, err


def test_20000_square_image_is_refused_from_its_header(tmp_path: Path, capsys):
    png_header_only(tmp_path / "huge.png", 20000, 20000)  # 400 Mpx: Pillow's own bomb limit
    code, err = slides(capsys, lecture(tmp_path, "[visual: a huge photo](huge.png)"))
    assert_one_line(code, err, "s.md:11", "'huge.png'", "too large")


def test_real_image_over_the_limit_is_refused_before_decoding(tmp_path: Path, capsys):
    w, h = 12000, 11000  # 132 Mpx: above our limit, below Pillow's bomb error
    assert w * h > MAX_PIXELS
    Image.new("1", (w, h)).save(tmp_path / "bitmap-scan.png")  # a real 1-bit PNG, 16 MB in memory
    code, err = slides(capsys, lecture(tmp_path, "[visual: the bitmap scan]"))  # matched by name
    assert_one_line(code, err, "s.md:11", "12000x11000", "Mpx")


@pytest.mark.parametrize("content", [b"root:x:0:0:root:/root:/bin/sh\n",
                                     b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 10 10\nshowpage\n",
                                     b"GIF89a"],
                         ids=["text", "eps", "truncated-gif"])
def test_non_image_named_as_image_is_refused(tmp_path: Path, capsys, content: bytes):
    (tmp_path / "diagram.png").write_bytes(content)
    code, err = slides(capsys, lecture(tmp_path, "[visual: x](diagram.png)"))
    assert_one_line(code, err, "s.md:11", "'diagram.png'")


def test_name_matched_non_image_is_refused(tmp_path: Path, capsys):
    (tmp_path / "assets" / "images").mkdir(parents=True)
    (tmp_path / "assets" / "images" / "gates.jpg").write_text("not a picture", encoding="utf-8")
    code, err = slides(capsys, lecture(tmp_path, "[visual: the gates]"))
    assert_one_line(code, err, "s.md:11", "'gates.jpg'", "not a PNG, JPEG, GIF or BMP")


def test_linked_file_that_is_no_picture_format_is_refused(tmp_path: Path, capsys):
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    code, err = slides(capsys, lecture(tmp_path, "[visual: the notes](notes.txt)"))
    assert_one_line(code, err, "s.md:11", "'notes.txt'", "not a picture")


def _pictures(deck: Path) -> list[tuple[int, object]]:
    """(1-based slide number, picture shape) for every picture in the deck."""
    return [(n, s) for n, slide in enumerate(Presentation(str(deck)).slides, 1) for s in slide.shapes
            if s.shape_type == 13]


@pytest.mark.parametrize("fmt,size", [("PNG", (4000, 2000)), ("JPEG", (6000, 4000))])
def test_large_allowed_image_is_downscaled_in_deck_and_slide(tmp_path: Path, capsys, fmt: str, size):
    path = tmp_path / f"photo.{fmt.lower()}"
    Image.new("RGB", size, BLUE).save(path, format=fmt)
    code, err = slides(capsys, lecture(tmp_path, f"[visual: a photo]({path.name})"))
    assert code == 0, err
    ((number, picture),) = _pictures(tmp_path / "out" / "deck.pptx")
    with Image.open(io.BytesIO(picture.image.blob)) as embedded:
        w, h = embedded.size
        assert max(w, h) == DECK_MAX_SIDE
        assert abs(w / h - size[0] / size[1]) < 0.01  # aspect kept
        assert embedded.format == fmt  # photos stay JPEG, drawings PNG
    assert len(picture.image.blob) < path.stat().st_size or fmt == "PNG"
    with Image.open(tmp_path / "out" / "slides" / f"{number:03d}.png") as slide:
        colours = slide.convert("RGB").getcolors(1920 * 1080)
        blue = sum(n for n, c in colours if max(abs(a - b) for a, b in zip(c, BLUE)) <= 6)
        assert blue > 100_000, "the picture is painted on the slide"


def test_small_image_is_embedded_unchanged(tmp_path: Path, capsys):
    path = tmp_path / "small.png"
    Image.new("RGB", (800, 600), BLUE).save(path)
    code, err = slides(capsys, lecture(tmp_path, "[visual: small](small.png)"))
    assert code == 0, err
    ((_, picture),) = _pictures(tmp_path / "out" / "deck.pptx")
    assert picture.image.blob == path.read_bytes()


def test_theme_template_that_is_no_pptx_or_a_zip_bomb_is_refused(tmp_path: Path, capsys):
    (tmp_path / "school.pptx").write_text("not a zip", encoding="utf-8")
    script = tmp_path / "s.md"
    script.write_text("---\ntitle: T\ntheme: school.pptx\n---\n\n# P\n\n## 0:00 A {#a}\n\nNarrator: Hi.\n",
                      encoding="utf-8")
    code, err = slides(capsys, script)
    assert_one_line(code, err, "'school.pptx' is not a .pptx file")
    with zipfile.ZipFile(tmp_path / "school.pptx", "w", zipfile.ZIP_DEFLATED) as bomb:
        with bomb.open("ppt/media/image1.bin", "w", force_zip64=True) as member:
            block = bytes(1 << 20)
            for _ in range(320):  # 320 MB of zeros, ~320 KB packed
                member.write(block)
    assert (tmp_path / "school.pptx").stat().st_size < 2_000_000
    code, err = slides(capsys, script)
    assert_one_line(code, err, "'school.pptx' unpacks to 336 MB")
