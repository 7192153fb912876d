"""Without our fonts installed, the deck still renders in a sans (a monospace for code): every run
names the shipped file's PANOSE and pitch/family, and LibreOffice uses them."""
from __future__ import annotations

import dataclasses
import os
import re
import shutil
import subprocess
import zipfile

import pytest

from lecturecast.slides.deck import plan_deck
from lecturecast.slides import write_pptx
from lecturecast.slides.fonts import FIXED_MODERN, VARIABLE_SWISS, substitution_hints
from lecturecast.slides.office import fontconfig_file, soffice_pdf
from lecturecast.slides.theme import builtin
from slides_helpers import sample_lecture


def test_shipped_fonts_hints():
    theme = builtin()
    assert substitution_hints(theme.font_file("sans")) == ("020B0502040504020204", VARIABLE_SWISS)
    assert substitution_hints(theme.font_file("mono"))[1] == FIXED_MODERN


def test_every_run_names_its_substitution_hints(tmp_path):
    theme = builtin()
    deck = write_pptx(plan_deck(sample_lecture(), theme), theme, tmp_path / "deck.pptx")
    with zipfile.ZipFile(deck) as z:
        xml = "".join(z.read(n).decode() for n in z.namelist() if re.match(r"ppt/slides/slide\d+\.xml", n))
    fonts = re.findall(r'<a:(latin|ea|cs) typeface="([^"]+)"([^>]*)/>', xml)
    assert fonts and all('pitchFamily="' in attrs and 'panose="' in attrs for _, _, attrs in fonts)
    by_face = {face: re.search(r'pitchFamily="(\d+)"', attrs).group(1) for _, face, attrs in fonts}
    assert by_face["Noto Sans"] == str(VARIABLE_SWISS) and by_face["Noto Sans Mono"] == str(FIXED_MODERN)
    assert by_face["Noto Sans CJK SC"] == str(VARIABLE_SWISS)


@pytest.mark.libreoffice
@pytest.mark.skipif(not shutil.which("soffice") or not shutil.which("pdffonts"), reason="LibreOffice/poppler missing")
def test_libreoffice_without_noto_uses_a_monospace_for_code(tmp_path):
    conf = fontconfig_file([], system=True, reject=("*/noto/*", "*Noto*"), where=tmp_path)
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    listing = subprocess.run(["fc-list", ":spacing=mono", "family"], env=env, capture_output=True, text=True).stdout
    if not listing.strip():
        pytest.skip("platform: no monospace font besides Noto on this machine")
    assert "Noto" not in subprocess.run(["fc-list"], env=env, capture_output=True, text=True).stdout
    theme = builtin()
    full = plan_deck(sample_lecture(), theme)
    plan = dataclasses.replace(full, slides=tuple(s for s in full.slides if s.kind == "code")[:1])
    pdf = soffice_pdf(write_pptx(plan, theme, tmp_path / "code.pptx"), tmp_path, fonts_conf=conf)
    used = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    faces = [line.split()[0].split("+")[-1] for line in used.splitlines()[2:]]
    mono = tuple({f.strip().replace(" ", "") for f in listing.replace(",", "\n").splitlines() if f.strip()})
    assert any(face.startswith(mono) for face in faces), (faces, mono)  # e.g. DejaVuSansMono, LiberationMono
    assert not any("Noto" in face for face in faces)
