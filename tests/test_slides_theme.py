"""Theme: WCAG contrast, fingerprint, loading built-in / YAML / .pptx template themes."""
from __future__ import annotations

import dataclasses

import pytest
from pptx import Presentation

from lecturecast.errors import ConfigError
from lecturecast.model import Lecture, Meta
from lecturecast.slides.theme import builtin, contrast, contrast_report, luminance
from lecturecast.slides.theme_loader import load_theme


def test_wcag_formula_known_values():
    assert contrast("#000000", "#FFFFFF") == pytest.approx(21.0)
    assert contrast("#FFFFFF", "#FFFFFF") == pytest.approx(1.0)
    assert luminance("#FFFFFF") == pytest.approx(1.0)
    # WCAG reference: #777777 on white is 4.48:1 (fails AA), #767676 is 4.54:1 (passes)
    assert contrast("#777777", "#FFFFFF") == pytest.approx(4.48, abs=0.01)
    assert contrast("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("name", ["clean", "dark"])
def test_builtin_themes_have_readable_contrast(name):
    report = contrast_report(builtin(name))
    low = {pair: round(value, 2) for pair, value in report.items() if value < 4.5}
    assert not low, f"theme {name}: pairs below 4.5:1: {low}"


def test_fingerprint_is_stable_and_sensitive():
    a, b = builtin("clean"), builtin("clean")
    assert a.fingerprint == b.fingerprint
    changed = dataclasses.replace(a, sizes=tuple((k, v + 1 if k == "body" else v) for k, v in a.sizes))
    assert changed.fingerprint != a.fingerprint
    assert builtin("dark").fingerprint != a.fingerprint


def test_load_theme_variants(tmp_path):
    assert load_theme(None).name == "clean"
    assert load_theme(Lecture(Meta(theme="dark"))).name == "dark"
    with pytest.raises(ConfigError, match="unknown theme"):
        load_theme(Lecture(Meta(theme="no-such-theme")))
    (tmp_path / "school.yaml").write_text('name: school\ncolors:\n  accent: "#8B0000"\nsizes:\n  body: 30\n')
    script = tmp_path / "lecture.md"
    theme = load_theme(Lecture(Meta(theme="school.yaml"), path=str(script)))
    assert theme.name == "school" and theme.color("accent") == "#8B0000" and theme.size("body") == 30
    assert theme.color("text") == builtin("clean").color("text")  # merged over the clean theme


def test_pptx_template_theme(tmp_path):
    Presentation().save(str(tmp_path / "school.pptx"))  # the stock Office template stands in for a school's
    theme = load_theme(Lecture(Meta(theme="school.pptx"), path=str(tmp_path / "x.md")))
    assert theme.template and theme.template.endswith("school.pptx")
    assert all(v >= 4.5 for k, v in contrast_report(theme).items() if not k.startswith("token"))
    x, y, w, h = theme.frame("body")
    assert 0 <= x and x + w <= 960 and y >= theme.frame("title")[1] + theme.frame("title")[3]
    assert theme.fingerprint != builtin("clean").fingerprint


def test_misplaced_theme_key_is_refused_with_a_hint(tmp_path):
    import pytest

    from lecturecast.errors import ConfigError
    from lecturecast.slides.theme_loader import load_theme

    bad = tmp_path / "school.yaml"
    bad.write_text("accent: '#B03A2E'\n", "utf-8")
    with pytest.raises(ConfigError, match="did you mean 'colors.accent'"):
        load_theme(None, str(bad))
    good = tmp_path / "good.yaml"
    good.write_text("colors:\n  accent: '#B03A2E'\n", "utf-8")
    assert load_theme(None, str(good)).fingerprint != load_theme(None, None).fingerprint
