"""Text preparation: numbers, markdown, labels, directions, lexicon, voices (pure logic, fast)."""
from __future__ import annotations

import re

import pytest

from lecturecast.errors import AssetError, ConfigError, UnsafePathError
from lecturecast.model import BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Segment, Speech
from lecturecast.voice import parse_voice, prepare_segment
from lecturecast.voice.lexicon import Lexicon, course_lexicon, lecture_lexicon
from lecturecast.voice.numbers import normalize_numbers, number_to_words, ordinal_words, year_to_words
from lecturecast.voice.prepare import prepare_text
from lecturecast.voice.textnorm import split_sentences
from lecturecast.voice.voices import check_voices, voice_for_speaker
from voice_helpers import host_guest_lecture, lecture_of


@pytest.mark.parametrize("text, said", [
    ("1997", "nineteen ninety-seven"), ("2014", "twenty fourteen"), ("2005", "two thousand five"),
    ("2000", "two thousand"), ("1900", "nineteen hundred"), ("1905", "nineteen oh five"),
    ("3.5", "three point five"), ("50%", "fifty percent"), ("10,000 users", "ten thousand users"),
    ("the 1940s", "the nineteen forties"), ("the '90s", "the nineties"), ("21st", "twenty-first"),
    ("$5", "five dollars"), ("$2.50", "two dollars fifty"), ("GPT-3", "GPT three"), ("3-5 layers", "three to five layers"),
    ("1990-2000", "nineteen ninety to two thousand"), ("175B parameters", "one hundred seventy-five billion parameters"),
    ("3.5x faster", "three point five times faster"), ("0.25", "zero point two five"), ("1500 tokens", "one thousand five hundred tokens"),
])
def test_numbers_read_naturally(text, said):
    assert normalize_numbers(text) == said


def test_number_words_edges():
    assert number_to_words(0) == "zero"
    assert number_to_words(-7) == "minus seven"
    assert number_to_words(1_000_001) == "one million one"
    assert ordinal_words(12) == "twelfth" and ordinal_words(100) == "one hundredth" and ordinal_words(3) == "third"
    assert year_to_words(2019) == "twenty nineteen"


def _said(text: str, lecture: Lecture | None = None) -> str:
    lec = lecture or lecture_of(Segment(id="s", blocks=(Speech(text),)))
    return " ".join(u.text for u in prepare_segment(lec.segments[0], lec))


def _shown(text: str) -> str:
    lec = lecture_of(Segment(id="s", blocks=(Speech(text),)))
    return " ".join(u.display for u in prepare_segment(lec.segments[0], lec))


@pytest.mark.parametrize("text, said", [
    ('Narrator: "Welcome to the story."', "Welcome to the story."),
    ("**Narrator:** Welcome *back*, friends.", "Welcome back, friends."),
    ("NARRATOR (V.O.): Hello there.", "Hello there."),
    ("Hello. (Visuals of LSTM layers appear on screen) Goodbye.", "Hello. Goodbye."),
    ("[Intro music plays] Let us begin.", "Let us begin."),
    ("We use `softmax` and __bold__ words # here.", "We use soft max and bold words here."),  # course lexicon
    ("Read [the paper](https://example.com/x) now.", "Read the paper now."),
    ("Apples & pears, e.g. fruit, vs. cars et al. in 2016.",
     "Apples and pears, for example, fruit, versus cars and colleagues in twenty sixteen."),
    ("Dr. Smith met Prof. Jones.", "Doctor Smith met Professor Jones."),
    ("Natural language processing (NLP) is fun.", "Natural language processing, N L P, is fun."),
])
def test_spoken_text_has_only_words(text, said):
    assert _said(text) == said


def test_display_keeps_original_words():
    shown = _shown('Narrator: "In 1997 the LSTM arrived (Visuals appear on screen), e.g. for NLP."')
    assert shown == "In 1997 the LSTM arrived, e.g. for NLP."
    said = _said('Narrator: "In 1997 the LSTM arrived (Visuals appear on screen), e.g. for NLP."')
    assert said == "In nineteen ninety-seven the L S T M arrived, for example, for N L P."
    for bad in ("*", "Narrator", "Visuals", "(", "[", '"', "#", "`"):
        assert bad not in said


def test_bullets_and_code_shown_not_read_unless_spoken():
    seg = Segment(id="s", blocks=(
        Speech("Here is a list."),
        Bullets((BulletItem("Language translation"), BulletItem("Text summarization"))),
        Code("print('hi')", language="python"),
        Bullets((BulletItem("ReLU activation"), BulletItem("Residual connections")), spoken=True),
        Code("x equals one", spoken=True),
    ))
    lec = lecture_of(seg)
    utts = prepare_segment(seg, lec)
    said = " ".join(u.text for u in utts)
    assert "translation" not in said and "print" not in said
    assert "ray loo activation. Residual connections." in said and "x equals one." in said
    assert [u.block_index for u in utts] == [0, 3, 4]


def test_pauses_from_cues_and_inline_directions():
    seg = Segment(id="s", blocks=(
        Cue(CueKind.PAUSE, "pause", seconds=0.5),
        Speech("First part. [PAUSE - 2 seconds] Second part. (pause) Third."),
        Cue(CueKind.PAUSE, "pause", seconds=1.5),
        Cue(CueKind.VISUAL, "Visuals of a diagram"),
        Speech("After."),
    ))
    utts = prepare_segment(seg, lecture_of(seg))
    assert [(u.text, u.pause_after) for u in utts] == [
        ("", 0.5), ("First part.", 2.0), ("Second part.", 1.0), ("Third.", 1.5), ("After.", 0.0)]


def test_sentence_split_respects_abbreviations():
    assert split_sentences("Dr. Smith came. He et al. In 2016 it was 3.5 times. Ok!") == [
        "Dr. Smith came.", "He et al. In 2016 it was 3.5 times.", "Ok!"]
    assert split_sentences('He said "stop." Then left.') == ['He said "stop."', "Then left."]


def test_lexicon_whole_word_and_case_sensitive():
    lex = Lexicon((("GRU", "G R U"), ("LSTM", "L S T M"), ("ULMFiT", "U L M fit"), ("tanh", "tan H"),
                   ("RNN", "R N N"), ("BiRNN", "bye R N N")))
    assert lex.apply("GRU and gru and GRUs, LSTM's gate") == "G R U and gru and G R U's, L S T M's gate"
    assert lex.apply("ULMFiT uses Tanh; BiRNN beats RNN-LSTM hybrids") == \
        "U L M fit uses tan H; bye R N N beats R N N-L S T M hybrids"
    assert lex.apply("GRUB and XLSTM stay") == "GRUB and XLSTM stay"


def test_lexicon_sources_merge(tmp_path):
    assert course_lexicon().apply("LSTM GRU RNN ULMFiT NLP GPU BiRNN") == \
        "L S T M G R U R N N U L M fit N L P G P U bye R N N"
    (tmp_path / "course.yaml").write_text("Adam: adam optimizer\nGRU: gee are you\n", "utf-8")
    script = tmp_path / "lesson.md"
    lec = Lecture(meta=Meta(lexicon_files=("course.yaml",), lexicon=(("Adam", "ADAM"),)), path=str(script))
    lex = lecture_lexicon(lec)
    assert lex.apply("Adam and GRU and LSTM") == "ADAM and gee are you and L S T M"
    bad = Lecture(meta=Meta(lexicon_files=("missing.yaml",)), path=str(script))
    with pytest.raises(AssetError, match="not found"):
        lecture_lexicon(bad)
    (tmp_path / "broken.yaml").write_text("- just\n- a list\n", "utf-8")
    with pytest.raises(AssetError, match="mapping"):
        lecture_lexicon(Lecture(meta=Meta(lexicon_files=("broken.yaml",)), path=str(script)))


def test_voice_specs_and_deterministic_assignment():
    v = parse_voice("piper:joe?length_scale=1.1&pitch=2")
    assert (v.engine, v.name, v.opts) == ("piper", "joe", {"length_scale": "1.1", "pitch": "2"})
    assert str(parse_voice("gtts:en?tld=co.uk")) == "gtts:en?tld=co.uk"
    with pytest.raises(ConfigError):
        parse_voice("festival:kal")
    lec = host_guest_lecture()
    assert voice_for_speaker(lec, "Host") == "auto:0" and voice_for_speaker(lec, "Guest") == "auto:1"
    utts = prepare_segment(lec.segments[0], lec)
    assert {u.speaker: u.voice for u in utts} == {"Host": "auto:0", "Guest": "auto:1"}
    explicit = host_guest_lecture(voices=(("Guest", "espeak:en-us+f3"),))
    assert voice_for_speaker(explicit, "Guest") == "espeak:en-us+f3"


@pytest.mark.parametrize("spec, problem", [
    ("piper:joe?noise_scale=abc", "option noise_scale='abc' is not a number"),
    ("piper:joe?length_scale=inf", "option length_scale='inf' is out of range"),
    ("piper:joe?length_scale=nan", "option length_scale='nan' is out of range"),
    ("piper:joe?speaker=1.5", "option speaker='1.5' must be a whole number"),
    ("piper:joe?volume=2", "unknown option 'volume' for piper voices"),
    ("espeak:en-us?pitch=150", "option pitch='150' is out of range (use 0–99)"),
    ("espeak:en us;rm", "voice name 'en us;rm' is not valid"),
    ("gtts:en?tld=evil.example.com", "option tld='evil.example.com' is not valid"),
    ("gtts:en?slow=maybe", "option slow='maybe' must be one of"),
    ("gtts:en?tempo=9", "option tempo='9' is out of range"),
    ("auto:x", "voice name 'x' is not valid"),
])
def test_bad_voice_options_are_config_errors(spec, problem):
    with pytest.raises(ConfigError, match=re.escape(problem)):
        parse_voice(spec)


def test_voice_errors_name_the_script_line_and_speaker(tmp_path):
    script = tmp_path / "talk.md"
    script.write_text("---\ntitle: T\nvoices:\n  Host: piper:joe?noise_scale=abc\n---\n", "utf-8")
    lec = host_guest_lecture(voices=(("Host", "piper:joe?noise_scale=abc"),))
    lec = Lecture(meta=lec.meta, sections=lec.sections, path=str(script))
    with pytest.raises(ConfigError) as err:
        check_voices(lec)
    assert str(err.value).startswith(f"{script}:4: voice 'piper:joe?noise_scale=abc': option noise_scale=")
    assert "(voice of Host)" in str(err.value)


def test_piper_voice_files_stay_inside_the_script_folder(tmp_path):
    (tmp_path / "voices").mkdir()
    (tmp_path / "outside.onnx").write_bytes(b"x")
    (tmp_path / "voices" / "link.onnx").symlink_to(tmp_path / "outside.onnx")
    script = tmp_path / "course" / "talk.md"
    script.parent.mkdir()
    (script.parent / "v").mkdir()

    def lecture_with(spec):
        lec = host_guest_lecture(voices=(("Host", spec),))
        return Lecture(meta=lec.meta, sections=lec.sections, path=str(script))

    assert voice_for_speaker(lecture_with("piper:v/x.onnx?pitch=2"), "Host") == f"piper:{script.parent}/v/x.onnx?pitch=2"
    for spec in ("piper:../outside.onnx", f"piper:{tmp_path}/outside.onnx", "piper:../voices/link.onnx"):
        with pytest.raises(UnsafePathError, match="outside|out of the project"):
            voice_for_speaker(lecture_with(spec), "Host")
    (script.parent / "v" / "escape.onnx").symlink_to(tmp_path / "outside.onnx")
    with pytest.raises(UnsafePathError, match="outside|out of the project"):  # a link inside that leads out
        voice_for_speaker(lecture_with("piper:v/escape.onnx"), "Host")


def test_prepare_text_helper():
    [(display, said, pause)] = prepare_text("**Host:** It costs $5 (pause)", Lexicon(), {"host"})[:1]
    assert (display, said, pause) == ("It costs $5", "It costs five dollars.", 1.0)


def test_voices_follow_the_lecture_language():
    from lecturecast.voice.engines.gtts_engine import GttsEngine

    eng = GttsEngine()
    assert str(eng.resolve_voice("auto:2", 2, 150, "fr-FR")) == "gtts:fr?tld=com.au"
    assert str(eng.resolve_voice("gtts:de?tld=de", 0, 150, "fr")) == "gtts:de?tld=de"  # explicit wins
    assert str(eng.resolve_voice("auto:0", 0, 180, "en")) == "gtts:en?tempo=1.2&tld=com"


def test_emoji_and_symbols_are_not_read():
    assert _said("Let's launch 🚀 it ✅ now → later") == "Let's launch it now to later."


def test_music_cue_assets(tmp_path):
    from lecturecast.voice.music import music_asset

    (tmp_path / "assets" / "music").mkdir(parents=True)
    (tmp_path / "assets" / "music" / "theme.wav").write_bytes(b"RIFF")
    lec = Lecture(meta=Meta(music=(("theme", "theme.wav"),)), path=str(tmp_path / "l.md"))
    assert music_asset(Cue(CueKind.MUSIC, "Theme music swells"), lec).name == "theme.wav"
    assert music_asset(Cue(CueKind.MUSIC, "[Intro music plays]"), lec).name == "intro.wav"
    assert music_asset(Cue(CueKind.MUSIC, "Closing music"), lec).name == "outro.wav"
    assert music_asset(Cue(CueKind.MUSIC, "Soft background music"), lec).name == "bed.wav"
    assert music_asset(Cue(CueKind.VISUAL, "Visuals"), lec) is None


def test_non_english_lectures_get_no_english_words():
    seg = Segment(id="s", blocks=(Speech("**Narrador:** En 1997 (Visuals of a map) el 50% & más — *listo*."),))
    lec = lecture_of(seg, language="es", voices=(("Narrador", "gtts:es"),))
    [u] = prepare_segment(seg, lec)
    # numbers are read in the lecture's language (issue 11: num2words), never as English words
    assert u.text == "En mil novecientos noventa y siete el cincuenta por ciento & más, listo."
