"""Issue 11: scripts in any shape and language — sections, clocks, speakers, language, notes, subtitles, split."""
from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

from lecturecast.cli import main
from lecturecast.errors import ScriptError
from lecturecast.model import CueKind, Speech
from lecturecast.plan.deck import plan_slides
from lecturecast.script import format_lecture, import_script, parse_canonical
from lecturecast.script.importer import require_narration
from lecturecast.script.importer.rules import RULE_NAMES
from lecturecast.script.importer.split import split_conversation
from lecturecast.script.importer.timex import find_time, lead_timestamp, strip_emoji, strip_times
from lecturecast.script.language import detect_language
from lecturecast.voice.language import offline_voice
from lecturecast.voice.numbers import normalize_numbers_for

FIX = Path(__file__).parent / "fixtures" / "script"


def _imp(name):
    return import_script((FIX / name).read_text(encoding="utf-8"), FIX / name)


def _round_trips(lecture):
    assert parse_canonical(format_lecture(lecture)) == lecture


# -- scripts with speaker phrases and time ranges, in four languages --------------------------------
PHRASE_SCRIPTS = {
    "fr_phrases.md": ("fr", ["Introduction", "La naissance des Puys", "Conclusion"], [0, 40, 90], [40, 50, 30],
                      ("Texte lu par Claire", "Questions de Julien")),
    "es_phrases.md": ("es", ["Parte 1: Evaporación", "Parte 2: Condensación y lluvia", "Parte 3: Cierre"],
                      [0, 50, 100], [50, 50, 30], ("Narración de Pablo", "Pregunta de Lucía")),
    "de_script.md": ("de", ["Teil 1: Licht und Farben", "Teil 2: Der Winkel"], [0, 45], [45, 45],
                     ("Sprecherin Anna", "Frage von Tim")),
    "ro_script.md": ("ro", ["Partea 1: Vântul ca sursă de energie", "Partea 2: Turbinele de astăzi"], [0, 50],
                     [50, 50], ("Povestit de Ioana", "Întrebarea lui Mihai")),
}


@pytest.mark.parametrize("name", sorted(PHRASE_SCRIPTS))
def test_speaker_phrases_and_time_ranges(name):
    language, titles, clocks, durations, speakers = PHRASE_SCRIPTS[name]
    res = _imp(name)
    lec = res.lecture
    assert lec.meta.language == language
    assert [s.title for s in lec.sections] == titles  # time ranges removed from the titles
    assert [s.clock for s in lec.segments] == clocks
    assert [s.duration for s in lec.segments] == durations
    assert lec.speakers == speakers
    assert res.report.unused == []  # nothing "before the script starts"
    assert all(sp.text and ":" not in sp.text[:3] for seg in lec.segments for sp in seg.speeches)
    _round_trips(lec)


def test_podcast_transcript_timestamps_make_chapters_and_bold_turns_keep_speakers():
    lec = _imp("podcast_transcript.md").lecture
    assert lec.title == "Night Trains, Episode 12"
    assert [s.clock for s in lec.sections] == [0.0, 70.0, 145.0, 220.0]  # \[00:01:10\] … one chapter each
    assert len(lec.sections) == 4 and all(s.title for s in lec.sections)
    assert lec.speakers == ("Maya", "Tomás")
    first = lec.segments[0].speeches
    assert [sp.speaker for sp in first] == ["Maya", "Tomás", "Maya"]
    assert first[0].text.startswith("Welcome back to Night Trains")
    _round_trips(lec)


def test_long_turns_are_split_so_no_segment_holds_more_than_90_seconds():
    turn = "This sentence is part of a long answer about trains and timetables. " * 12  # ~132 words
    text = "# Talk\n\n" + "\n\n".join(f"**{who}:** {turn}" for who in ("Ana", "Ben", "Ana", "Ben", "Ana"))
    res = import_script(text)
    segs = res.lecture.segments
    assert len(segs) >= 4
    assert all(seg.words * 60 / 150 <= 95 for seg in segs)
    assert [sp.speaker for seg in segs for sp in seg.speeches][:2] == ["Ana", "Ben"]  # each turn keeps its speaker
    assert any("split" in n for n in res.report.notes)
    _round_trips(res.lecture)


def test_one_long_paragraph_is_split_at_sentence_ends():
    text = "Narrator: " + " ".join(f"Sentence {i} says a few more words about rivers." for i in range(60))
    segs = import_script(text).lecture.segments
    assert len(segs) >= 2 and all(seg.words * 60 / 150 <= 95 for seg in segs)
    assert all(seg.speeches[-1].text.endswith(".") for seg in segs)


# -- production material ---------------------------------------------------------------------------
def test_tutorial_durations_plan_clocks_and_production_notes_stay_notes():
    res = _imp("tutorial_videos.md")
    lec = res.lecture
    assert [s.title for s in lec.sections] == ["Video 1: Opening a workbook", "Video 2: Typing data",
                                               "Video 3: Your first formula", "Video 4: Sorting a list",
                                               "Video 5: Saving and sharing"]  # emoji and "(30 seconds)" removed
    assert [s.duration for s in lec.segments] == [30, 30, 45, 90, 30]
    assert [s.clock for s in lec.segments] == [0, 30, 60, 105, 195]  # clock = sum of the durations before
    assert any("durations" in n for n in res.report.notes)
    notes = [c.text for seg in lec.segments for c in seg.cues if c.kind is CueKind.NOTE]
    assert "1 | 0:30 | yes" in notes and "[x] Record the screen at 1080p" in notes
    assert any(n.startswith("B-roll") for n in notes) and any(n.startswith("Camera") for n in notes)
    spoken = " ".join(seg.narration for seg in lec.segments)
    assert "0:30" not in spoken and "webcam" not in spoken and "Recorded" not in spoken
    assert lec.segments[-1].narration.startswith("Finally, save the workbook")  # after the notes: narration
    assert res.report.unused == []
    canonical = format_lecture(lec)
    assert "[note: 1 | 0:30 | yes]" in canonical
    notes = " ".join(c.notes for c in plan_slides(lec).slides if c.segment_id == lec.segments[2].id)
    assert "1 | 0:30 | yes" in notes  # speaker notes (and so the handout)
    _round_trips(lec)


def test_production_notes_before_any_narration_join_the_first_segment():
    text = "## Production Notes\n\n- camera on a tripod\n\n## Part 1\n\nNarrator: Hello there.\n"
    seg = import_script(text).lecture.segments[0]
    assert [type(b).__name__ for b in seg.blocks] == ["Cue", "Cue", "Speech"]
    assert seg.speeches[0].text == "Hello there."


# -- subtitles -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["ja_captions.srt", "ja_captions.vtt"])
def test_japanese_subtitles_become_timed_segments(name):
    res = _imp(name)
    lec = res.lecture
    assert res.report.format == name.rsplit(".", 1)[1]
    assert lec.meta.language == "ja"
    segs = lec.segments
    assert len(segs) >= 2 and segs[0].clock == 0.5
    assert all(s.clock is not None and 15 <= s.duration <= 60 for s in segs)
    assert [s.clock for s in segs] == sorted(s.clock for s in segs)
    assert all(" " not in sp.text for s in segs for sp in s.speeches)  # CJK re-flowed without spaces
    assert all(s.speeches[-1].text.endswith(("。", "？", "！")) for s in segs)  # cut at sentence ends
    _round_trips(lec)


def test_webvtt_voices_are_speakers_and_notes_are_reported():
    res = _imp("ja_captions.vtt")
    assert res.lecture.speakers == ("先生", "生徒")
    assert {r.line for r in res.report.unused} == {5, 6}  # the NOTE block


# -- split -----------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, titles", [
    ("tutorial_videos.md", ["Spreadsheet Basics: a five-video series", "Video 2: Typing data",
                            "Video 3: Your first formula", "Video 4: Sorting a list", "Video 5: Saving and sharing"]),
    ("episodes.md", ["Episode 1: The Lighthouse Keeper", "Episode 2: The Night Ferry", "Episode 3: The Bakery at Four"]),
])
def test_split_cuts_any_multipart_file(name, titles, tmp_path, capsys):
    parts = split_conversation((FIX / name).read_text(encoding="utf-8"), FIX / name)
    assert [p.result.lecture.title for p in parts] == titles
    assert main(["import", str(FIX / name), "--split", "-o", str(tmp_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert len(data["lectures"]) == len(titles) and not data["not_scripts"]


# -- nothing silently empty ------------------------------------------------------------------------
def test_text_without_narration_is_an_error_everywhere(tmp_path, capsys):
    path = tmp_path / "notes.md"
    path.write_text("| Shot | Length |\n|---|---|\n| wide | 3 s |\n\n- [ ] charge the batteries\n", "utf-8")
    with pytest.raises(ScriptError, match="no narration"):
        require_narration(import_script(path.read_text("utf-8"), path))
    assert main(["import", str(path)]) == 2
    assert main(["slides", str(path), "-o", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{path}:1:" in err and "production note" in err and "Traceback" not in err


# -- the grammar and its pieces --------------------------------------------------------------------
def test_rules_are_tried_in_the_documented_order():
    doc = (Path(__file__).parents[1] / "docs" / "script-format.md").read_text("utf-8")
    positions = [doc.find(f"**{name}**") for name in RULE_NAMES]
    assert all(p > 0 for p in positions), [n for n, p in zip(RULE_NAMES, positions) if p < 0]
    assert positions == sorted(positions)


@pytest.mark.parametrize("text, title, start, end, duration", [
    ("Introduction (0:00 a 1:00)", "Introduction", 0, 60, 60), ("Teil 3 (0:30 bis 1:15)", "Teil 3", 30, 75, 45),
    ("Hook (10-20s)", "Hook", 10, 20, 10), ("Video 1: Setup (30 seconds)", "Video 1: Setup", None, None, 30),
    ("Étape 2 (1,5 minutes)", "Étape 2", None, None, 90), ("第2章 はじめに（0:00〜1:30）", "第2章 はじめに", 0, 90, 90),
    ("[0:10-0:25] Navigation", "Navigation", 10, 25, 15), ("Partea 1 (0:00 la 0:45)", "Partea 1", 0, 45, 45),
    ("0:00 — Opening", "Opening", 0, None, None), ("From 1990 to 2000s", "From 1990 to 2000s", None, None, None),
])
def test_time_expressions_anywhere_in_a_heading(text, title, start, end, duration):
    assert strip_times(text) == (title, start, end, duration)


def test_timestamps_and_emoji():
    t, rest = lead_timestamp("\\[00:12:30\\] **Sam:** hi")
    assert t.start == 750 and rest == "**Sam:** hi"
    assert lead_timestamp("1990 was a year") is None
    assert find_time("at (2-3 minutes)").duration == 180
    assert strip_emoji("📹 Video 1 🎬 Intro ✅") == "Video 1 Intro"


def test_a_one_megabyte_line_imports_in_under_a_second():
    text = "Narrator: " + "(0:00 a 1:00) [x] **b** a: " * 40_000
    assert len(text) > 1_000_000
    t0 = time.process_time()
    import_script(text)
    import_script("## " + text)
    assert time.process_time() - t0 < 2.0  # both together: well under a second each


# -- language --------------------------------------------------------------------------------------
@pytest.mark.parametrize("text, language", [
    ("The water cycle moves water between the sea, the air and the land.", "en"),
    ("El agua se evapora y sube a las nubes, y después cae como lluvia.", "es"),
    ("L'eau s'évapore et monte dans les nuages, puis elle retombe en pluie.", "fr"),
    ("Das Wasser verdunstet und steigt in die Wolken, dann fällt es als Regen.", "de"),
    ("A água evapora e sobe para as nuvens, e depois cai como chuva.", "pt"),
    ("Apa se evaporă și urcă în nori, apoi cade sub formă de ploaie.", "ro"),
    ("L'acqua evapora e sale nelle nuvole, poi ricade come pioggia.", "it"),
    ("水は蒸発して雲になり、雨として降ってきます。", "ja"),
])
def test_language_detection(text, language):
    assert detect_language(text) == language


def test_import_json_reports_the_language_and_the_teacher_may_override(capsys):
    assert main(["import", str(FIX / "ro_script.md"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["language"] == "ro"
    assert main(["import", str(FIX / "ro_script.md"), "--json", "--language", "ro-MD"]) == 0
    assert json.loads(capsys.readouterr().out)["language"] == "ro-MD"


def test_numbers_are_read_in_the_lecture_language():
    assert normalize_numbers_for("En 1997 había 20 %.", "es") == "En mil novecientos noventa y siete había veinte por ciento."
    assert normalize_numbers_for("Im Jahr 1989.", "de") == "Im Jahr neunzehnhundertneunundachtzig."
    assert normalize_numbers_for("In 1997.", "en") == "In nineteen ninety-seven."
    assert normalize_numbers_for("x 12", "tlh") == "x 12"  # a language num2words does not know: digits stay


def test_offline_voice_of_the_language_never_the_english_voice_silently():
    assert offline_voice("en").engine == "piper" and offline_voice("en").warning is None
    es = offline_voice("es")
    assert es.engine == "espeak" and es.voice.startswith("es") and "espeak-ng" in es.warning
    unknown = offline_voice("tlh")
    assert unknown.engine == "piper" and "English piper voice reads it" in unknown.warning


def test_closing_slide_speaks_the_lecture_language():
    from lecturecast.templates import render

    assert render("closing_card.j2", _imp("es_phrases.md").lecture).startswith("Gracias\n")
    assert render("closing_card.j2", _imp("podcast_transcript.md").lecture).startswith("Thank you\n")


def test_speeches_keep_their_text_exactly():
    lec = _imp("de_script.md").lecture
    assert lec.segments[0].speeches[1] == Speech("Und was hat das mit Regen zu tun?", "Frage von Tim")


# -- end to end: a transcript's timestamps become the video's chapters -------------------------------
@pytest.mark.slow
def test_transcript_video_chapters_follow_its_timestamps(tmp_path):
    from lecturecast.video.chapters import read_chapters

    lec = _imp("podcast_transcript.md").lecture
    out = tmp_path / "out"
    assert main(["video", str(FIX / "podcast_transcript.md"), "-o", str(out), "--engine", "piper"]) == 0
    chapters = read_chapters(out / "lecture.mp4")  # probed from the MP4 itself
    assert [c.title for c in chapters] == [s.title for s in lec.sections]
    assert len(chapters) == 4 and chapters[0].start == 0
    assert all(a.end <= b.start + 0.01 and b.start > a.start for a, b in zip(chapters, chapters[1:]))


def test_offline_auto_engine_speaks_a_spanish_lecture_with_the_spanish_espeak_voice(tmp_path, caplog):
    from lecturecast.voice import get_engine, synthesize_segment

    lec = _imp("es_phrases.md").lecture
    seg = lec.segments[-1]
    engine = get_engine("auto", prefer_online=False)  # offline: piper would be the voice
    with caplog.at_level("WARNING"):
        audio = synthesize_segment(seg, lec, engine, tmp_path / "cache")
    assert audio.engine == "espeak" and audio.duration > 3  # real audio from espeak-ng's Spanish voice
    assert any("espeak-ng voice 'es'" in r.getMessage() for r in caplog.records)
    engine.prefer_language("en")  # an English lecture next (a course): back to piper
    assert engine.fallback.name == "piper"


def test_a_visual_part_line_naming_music_or_a_sound_is_played_not_drawn():
    text = ("# Demo\n\n## Parte 1 (0:00 - 0:30)\n\n### [VISUAL]\n- Pantalla con el logo\n- Música de fondo suave\n"
            "- Efecto de sonido: campana\n- Música fade out\n\n### [NARRACIÓN]\n"
            "\"Bienvenidos a la plataforma. Hoy vemos cómo funciona.\"\n\n"
            "## Part 2 (0:30 - 1:00)\n\n**Visual:** Sound of a bell\n\n**Narrator:** And now the second part.\n")
    lec = import_script(text).lecture
    cues = [(b.kind, b.text) for seg in lec.segments for b in seg.blocks if not isinstance(b, Speech)]
    assert cues == [(CueKind.VISUAL, "Pantalla con el logo"), (CueKind.MUSIC, "Música de fondo suave"),
                    (CueKind.SOUND, "Efecto de sonido: campana"), (CueKind.CUT, "Música fade out"),
                    (CueKind.SOUND, "Sound of a bell")]
    _round_trips(lec)


def test_the_voice_of_the_language_is_announced_once_per_build_even_with_worker_processes(tmp_path, monkeypatch,
                                                                                          capsys):
    from lecturecast import once
    from lecturecast.voice.engines import auto

    monkeypatch.setenv(auto.RESOLVED_ENV, "piper")  # offline: auto has resolved to the local voices
    once.forget()
    script = tmp_path / "es.md"
    script.write_text((FIX / "es_phrases.md").read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["video", str(script), "-o", str(tmp_path / "out"), "-j", "2", "--no-check"]) == 0
    err = capsys.readouterr().err
    assert err.count("espeak-ng voice 'es' speaks it") == 1, err


def test_labels_with_an_aside_and_french_spacing_keep_their_speakers_and_modes():
    text = ("# Les volcans\n\n## Séquence 1 (00:00 - 00:40)\n\n"
            "**Présentatrice :** Bonjour à toutes et à tous, on part en Auvergne.\n\n"
            "**À l'écran :** Schéma d'une chambre magmatique\n\n"
            "**Invité (Dr Martin) :** Exactement, la dernière éruption date d'il y a six mille ans.\n\n"
            "**Présentatrice :** Merci docteur !\n")
    lec = import_script(text).lecture
    assert lec.speakers == ("Présentatrice", "Invité")
    blocks = lec.segments[0].blocks
    assert [(b.speaker, b.text.split(",")[0]) for b in blocks if isinstance(b, Speech)] == [
        ("Présentatrice", "Bonjour à toutes et à tous"), ("Invité", "Exactement"), ("Présentatrice", "Merci docteur !")]
    assert [(b.kind, b.text) for b in blocks if not isinstance(b, Speech)] == [
        (CueKind.VISUAL, "Schéma d'une chambre magmatique")]
    _round_trips(lec)


@pytest.mark.parametrize("first, title", [
    ("Roteiro: Fotossíntese em 3 minutos", "Fotossíntese em 3 minutos"),
    ("Script: Sorting in five minutes", "Sorting in five minutes"),
    ("Drehbuch: Lichtbrechung verstehen", "Lichtbrechung verstehen"),
])
def test_a_script_line_names_the_lecture(first, title):
    lec = import_script(f"{first}\n\nNARRATOR: Plants make their own food from light. They need water too.\n").lecture
    assert lec.meta.title == title


def test_a_script_label_alone_or_before_a_sentence_is_narration():
    lec = import_script("# Photosynthesis\n\n**Script:**\n\nPlants make their own food from light.\n\n"
                        "Script: Now we look inside the leaf. It is green.\n").lecture
    spoken = " ".join(b.text for seg in lec.segments for b in seg.blocks if isinstance(b, Speech))
    assert spoken == "Plants make their own food from light. Now we look inside the leaf. It is green."
    assert lec.meta.title == "Photosynthesis"


def test_two_recurring_narrator_roles_are_two_voices_one_is_the_narrator():
    two = ("Titel: Licht\n\n00:00:00 Sprecher: Willkommen zur Lektion über Licht.\n"
           "00:00:10 Sprecherin: Licht ändert im Wasser seine Richtung.\n"
           "00:00:20 Sprecher: Das nennt man Brechung.\n00:00:30 Sprecherin: Probiert es zu Hause aus!\n")
    lec = import_script(two).lecture
    assert lec.speakers == ("Sprecher", "Sprecherin")
    assert [sp.speaker for seg in lec.segments for sp in seg.speeches] == ["Sprecher", "Sprecherin"] * 2
    one = "# Licht\n\nSprecher: Willkommen zur Lektion.\n\nSprecher: Licht ändert seine Richtung.\n"
    assert import_script(one).lecture.speakers == ("Narrator",)


def test_an_explicit_english_only_engine_for_another_language_is_named_once(tmp_path, caplog):
    from lecturecast import once
    from lecturecast.voice import get_engine, synthesize_segment

    once.forget()
    lec = _imp("es_phrases.md").lecture
    engine = get_engine("piper")
    with caplog.at_level("WARNING"):
        for seg in lec.segments[-2:]:
            synthesize_segment(seg, lec, engine, tmp_path / "cache")
    said = [r.getMessage() for r in caplog.records if "--engine piper has only an English voice" in r.getMessage()]
    assert len(said) == 1 and "espeak-ng voice 'es'" in said[0]
