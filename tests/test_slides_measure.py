"""Text measurement, wrapping and fitting with the shipped fonts."""
from __future__ import annotations

import pytest

from lecturecast.slides import fonts
from lecturecast.slides.measure import SAFETY, Para, Rect, Run, Style, fit_text, layout_lines, wrap_para
from lecturecast.slides.theme import builtin
from slides_helpers import LONG


@pytest.fixture(scope="module")
def theme():
    return builtin("clean")


def test_widths_come_from_real_font_metrics(theme):
    chain = theme.chain()
    w_i, w_m = fonts.text_width("i" * 10, chain, 56), fonts.text_width("m" * 10, chain, 56)
    assert w_m > 2.5 * w_i  # proportional font
    mono = theme.chain(mono=True)
    assert fonts.text_width("i" * 10, mono, 56) == pytest.approx(fonts.text_width("m" * 10, mono, 56))
    assert fonts.text_width("Hello", chain, 112) == pytest.approx(2 * fonts.text_width("Hello", chain, 56), rel=0.02)
    assert fonts.text_width("Bold", theme.chain(bold=True), 56) > fonts.text_width("Bold", chain, 56)


def test_wrap_respects_width_and_keeps_every_word(theme):
    para = Para((Run(LONG * 2),))
    style = Style(size=28)
    lines = wrap_para(theme, style, para, 28, 400)
    assert len(lines) > 3
    assert all(w <= 400 + 0.01 for _, _, w in lines)
    rebuilt = " ".join(para.text[a:b] for a, b, _ in lines)
    assert rebuilt.split() == para.text.split()


def test_long_word_and_cjk_are_broken(theme):
    para = Para((Run("x" * 200 + " 这是一个很长的中文句子没有空格所以必须在字符之间换行这是一个很长的中文句子"),))
    lines = wrap_para(theme, Style(size=28), para, 28, 300)
    assert all(w <= 300 + 0.01 for _, _, w in lines) and len(lines) >= 4


def test_code_indentation_is_kept(theme):
    para = Para((Run("        return x"),))
    (a, b, w), = wrap_para(theme, Style(mono=True, size=20), para, 20, 800)
    assert a == 0 and para.text[a:b] == "        return x"


def test_fit_shrinks_before_splitting(theme):
    paras = tuple(Para((Run(LONG),), bullet="•", space_before=0.4) for _ in range(3))
    rect = Rect(0, 0, 864, 350)
    box, rest = fit_text(theme, "body", rect, paras, Style(size=28), min_size=18)
    assert not rest and 18 <= box.style.size < 28
    assert box.content_height <= box.inner.h


def test_fit_splits_at_the_floor_and_never_overflows(theme):
    paras = tuple(Para((Run(f"{i} " + LONG),), bullet="•", space_before=0.4) for i in range(12))
    rect = Rect(48, 150, 864, 350)
    box, rest = fit_text(theme, "body", rect, paras, Style(size=28), min_size=18)
    assert rest and box.style.size == 18
    assert box.content_height <= box.inner.h + 0.01
    assert all(rect.contains(r, tol=0.5) for r in box.text_rects())
    shown = "".join(p.text for p in box.paras) + "".join(p.text for p in rest)
    assert shown.replace(" ", "") == "".join(p.text for p in paras).replace(" ", "")


def test_lines_use_the_safety_margin(theme):
    paras = (Para((Run(LONG * 3),)),)
    lines = layout_lines(theme, Style(size=24), paras, 500)
    assert all(ln.width <= 500 * SAFETY + 0.01 for ln in lines)
    assert all(ln.height == pytest.approx(24 * 1.2) for ln in lines)


def test_huge_unbreakable_text_is_split_without_loss(theme):
    from lecturecast.slides.compose import paginate

    rect = Rect(48, 150, 864, 350)
    pages = paginate(theme, "code", rect, (Para((Run("A" * 6000),)),), Style(mono=True, size=22), 14)
    assert len(pages) > 1 and sum(len(p.paras[0].text) for p in pages) == 6000
    for box in pages:
        assert box.style.size == 14 and all(rect.contains(r, tol=0.5) for r in box.text_rects())


def test_a_code_line_of_many_highlighted_runs_wraps_like_one_run(theme):
    """Thousands of runs (a highlighted code line): each range is measured from the run that holds its
    start (by bisection) — the same widths and lines as the text in a single run."""
    from lecturecast.slides.measure import slice_runs

    tokens = [f"x{i}=f(y{i}); " for i in range(1500)]
    many = Para(tuple(Run(t, color="#336699" if i % 2 else None) for i, t in enumerate(tokens)))
    one = Para((Run("".join(tokens)),))
    style = Style(mono=True, size=18)
    assert wrap_para(theme, style, many, 18, 600) == wrap_para(theme, style, one, 18, 600)
    text = many.text
    for start, end in ((0, 7), (13, 4000), (len(text) - 30, len(text))):
        assert "".join(r.text for r in slice_runs(many.runs, start, end)) == text[start:end]
