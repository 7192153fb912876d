"""build_slides: PNGs (parallel, cached by key), atomic outputs; the painter's checks (handout: test_slides_handout.py)."""
from __future__ import annotations

import dataclasses

import pytest
from PIL import Image

from lecturecast.errors import MediaError
from lecturecast.slides.deck import plan_deck
from lecturecast.slides import build_slides
from lecturecast.slides.measure import Rect
from lecturecast.slides.painter import check_fit, paint, png_key
from lecturecast.slides.theme import builtin
from slides_helpers import sample_lecture


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    return out, build_slides(sample_lecture(), out, jobs=2)


def test_outputs_exist(built):
    out, result = built
    assert result.deck == out / "deck.pptx" and result.deck.stat().st_size > 10_000
    assert result.handout == out / "handout.pdf"
    assert [p.name for p in result.pngs] == [f"{n:03d}.png" for n in range(1, len(result.plan.slides) + 1)]
    assert result.rendered == len(result.pngs)
    assert not list(out.rglob("*.part*"))  # atomic writes leave no temporaries
    assert [any(cue in todo for todo in result.cue_cards) for cue in (
        "Visuals of LSTM layers appear on screen", "Cut to animation illustrating the cell state flowing through time")] \
        == [True, True]
    assert all(todo.startswith("Add an image for") for todo in result.cue_cards)


def test_pngs_are_full_hd_and_carry_their_key(built):
    out, result = built
    for spec, png in zip(result.plan.slides, result.pngs):
        with Image.open(png) as im:
            assert im.size == (1920, 1080)
        assert png_key(png) == spec.key


def test_parallel_and_serial_paint_the_same_pixels(built, tmp_path):
    out, result = built
    spec = result.plan.slides[2]
    serial = paint(spec, builtin("clean"))
    with Image.open(result.pngs[2]) as parallel:
        assert list(serial.getdata()) == list(parallel.convert("RGB").getdata())


def test_rebuild_skips_unchanged_and_only_limits(built):
    out, result = built
    again = build_slides(sample_lecture(), out, jobs=2, handout=False)
    assert again.rendered == 0
    result.pngs[3].unlink()
    partial = build_slides(sample_lecture(), out, only={"lstm-layers", 1}, handout=False, deck=False)
    assert partial.rendered == 1 and result.pngs[3].exists()


def test_stale_pngs_are_removed(tmp_path):
    lec = sample_lecture()
    first = build_slides(lec, tmp_path, handout=False)
    shorter = dataclasses.replace(lec, sections=lec.sections[:1], references=())
    second = build_slides(shorter, tmp_path, handout=False)
    names = sorted(p.name for p in (tmp_path / "slides").glob("*.png"))
    assert names == [p.name for p in second.pngs] and len(second.pngs) < len(first.pngs)


def test_painter_refuses_overflowing_text():
    theme = builtin("clean")
    spec = plan_deck(sample_lecture(), theme).slides[2]
    body = next(i for i in spec.items if getattr(i, "role", "") == "body")
    squeezed = dataclasses.replace(body, rect=Rect(body.rect.x, body.rect.y, 120, 30))
    bad = dataclasses.replace(spec, items=tuple(squeezed if i is body else i for i in spec.items))
    assert check_fit(bad)
    with pytest.raises(MediaError, match="overflows"):
        paint(bad, theme)
