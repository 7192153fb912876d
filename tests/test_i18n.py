"""Interface text in the lecture's language: closing card, section label, continuation titles, notes,
handout headings and the video description come from assets/i18n/<lang>.yaml through the templates."""
from __future__ import annotations

import dataclasses
import logging

from pathlib import Path

import pytest
import yaml

import lecturecast
from lecturecast.assets import assets_dir, load_words_yaml
from lecturecast.i18n import base_language, interface, text
from lecturecast.plan.wording import wording
from lecturecast.slides.deck import plan_deck
from lecturecast.slides.measure import TextBox
from lecturecast.slides.theme import builtin
from lecturecast.templates import render
from slides_helpers import sample_lecture

LANGUAGES = ("en", "es", "fr", "de", "pt", "ro", "ja")


def in_language(language: str, **meta):
    lec = sample_lecture()
    return dataclasses.replace(lec, meta=dataclasses.replace(lec.meta, language=language, **meta))


def slide_text(spec) -> str:
    return " ".join(p.text for item in spec.items if isinstance(item, TextBox) for p in item.paras)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_every_key_and_placeholders(language):
    english = yaml.safe_load((assets_dir() / "i18n" / "en.yaml").read_text(encoding="utf-8"))
    own = yaml.safe_load((assets_dir() / "i18n" / f"{language}.yaml").read_text(encoding="utf-8"))
    assert set(own) == set(english)
    for key, value in english.items():
        fields = {f for f in ("{number}", "{total}", "{page}", "{pages}", "{minutes}", "{title}", "{reason}")
                  if f in value}
        assert all(f in own[key] for f in fields), (language, key)
    if language != "en":  # translated, not copied
        same = [k for k in english if own[k] == english[k]]
        assert len(same) <= 3, same


def test_language_codes_and_fallback(caplog):
    assert base_language("pt-BR") == "pt" and base_language("es_ES") == "es" and base_language(None) == "en"
    assert text("pt-BR", "slide_of", number=2, total=9) == "Slide 2 de 9"
    interface.cache_clear()
    with caplog.at_level(logging.DEBUG, logger="lecturecast.i18n"):
        assert interface("xx")["thank_you"] == "Thank you"
    assert any("no interface strings for language 'xx'" in r.message for r in caplog.records)


@pytest.mark.parametrize("language, thanks, part, cont, refs", [
    ("es", "Gracias", "Parte 1", "(cont.)", "Referencias"),
    ("ja", "ご清聴ありがとうございました", "第1部", "(続き)", "参考文献"),
    ("de", "Vielen Dank", "Teil 1", "(Forts.)", "Literatur"),
])
def test_deck_interface_text_follows_the_language(language, thanks, part, cont, refs):
    plan = plan_deck(in_language(language), builtin())
    closing = plan.slides[-1]
    assert closing.kind == "closing" and slide_text(closing).startswith(thanks)
    assert "Thank you" not in slide_text(closing) and "Sources" not in slide_text(closing)
    section = next(s for s in plan.slides if s.kind == "section")
    assert slide_text(section).startswith(part)
    # continuation pages repeat their headline without a counter (no English "(cont.)" leaks in)
    assert all("(cont.)" not in slide_text(s) for s in plan.slides) and cont
    assert any(s.title == refs for s in plan.slides if s.kind == "references")
    assert plan.slides[-1].notes.startswith({"es": "Fin de", "ja": "「", "de": "Ende von"}[language])


def test_spanish_handout_headings_and_description():
    lec = in_language("es")
    plan = plan_deck(lec, builtin())
    heading = render("handout_notes.j2", lec, spec=plan.slides[2], total=len(plan.slides)).splitlines()[0]
    assert heading.startswith(f"Diapositiva 3 de {len(plan.slides)}")
    assert render("handout_header.j2", lec).startswith(f"{lec.meta.title} — Material de clase")
    desc = render("description.txt.j2", lec, chapters=[], chapters_ok=False, chapters_note="demasiado corto")
    assert "Capítulos: ninguno (demasiado corto)." in desc and "Referencias" in desc
    assert "Hay subtítulos disponibles (CC)." in desc


def test_templates_still_run_sandboxed_with_ui(tmp_path):
    """ui is plain data: a template cannot reach Python internals through it."""
    script = tmp_path / "lecture.md"
    script.write_text("# t\n", encoding="utf-8")
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "closing_card.j2").write_text("{{ ui.thank_you.__class__.__mro__ }}\n", encoding="utf-8")
    lec = dataclasses.replace(in_language("es"), path=str(script))
    from lecturecast.errors import AssetError

    with pytest.raises(AssetError, match="sandbox"):
        render("closing_card.j2", lec)


WORD_FILES = sorted([*(assets_dir() / "language").glob("*.yaml"), *(assets_dir() / "i18n").glob("*.yaml"),
                     assets_dir() / "lexicon.yaml", *(Path(lecturecast.__file__).parent).rglob("*.yaml")])


@pytest.mark.parametrize("path", WORD_FILES, ids=lambda p: p.name)
def test_word_files_hold_words_not_yaml_booleans(path):
    """YAML 1.1 reads "on", "no", "off", "yes" as booleans: the English weak word "on", the French pronoun
    "on" and the Portuguese "no" were lost that way."""
    def leaves(x):
        if isinstance(x, dict):
            for k, v in x.items():
                yield k
                yield from leaves(v)
        elif isinstance(x, list):
            for v in x:
                yield from leaves(v)
        else:
            yield x
    data = load_words_yaml(path.read_text(encoding="utf-8"))
    odd = [x for x in leaves(data) if isinstance(x, bool) or x is None]
    assert not odd, f"{path}: {odd}"


def test_on_no_and_off_stay_words():
    assert load_words_yaml("w: [on, no, off, yes, true]\n") == {"w": ["on", "no", "off", "yes", True]}
    assert "on" in wording("en").get("weak_end") and "on" in wording("fr").get("pronouns")
