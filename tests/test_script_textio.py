"""Reading script files: encodings, line endings and clear errors for bad input."""
from __future__ import annotations

import pytest

from lecturecast.errors import ScriptError
from lecturecast.script import load_lecture, read_script_text
from lecturecast.script import textio


def test_utf8_with_and_without_bom(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes("Narrator: héllo\n".encode())
    assert read_script_text(p) == "Narrator: héllo\n"
    p.write_bytes(b"\xef\xbb\xbf" + "Narrator: héllo\n".encode())
    assert read_script_text(p) == "Narrator: héllo\n"


def test_utf16_with_bom_and_crlf(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes("Narrator: ¡hola! 🎬\r\nline two\r\n".encode("utf-16"))
    assert read_script_text(p) == "Narrator: ¡hola! 🎬\nline two\n"


def test_latin1_fallback_and_cr_only(tmp_path):
    p = tmp_path / "a.md"
    p.write_bytes("Narración: café\rsegunda línea".encode("latin-1"))
    assert read_script_text(p) == "Narración: café\nsegunda línea"


@pytest.mark.parametrize("data, words", [
    (b"", "empty"), (b"  \n\n\t\n", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary"),
])
def test_bad_files_raise_one_clear_error(tmp_path, data, words):
    p = tmp_path / "bad.md"
    p.write_bytes(data)
    with pytest.raises(ScriptError) as info:
        read_script_text(p)
    assert words in str(info.value)
    assert str(p) in str(info.value)


def test_binary_error_has_line(tmp_path):
    p = tmp_path / "bad.md"
    p.write_bytes(b"line one\nline two\x00\x01")
    with pytest.raises(ScriptError, match=r"bad\.md:2"):
        read_script_text(p)


def test_missing_and_directory(tmp_path):
    with pytest.raises(ScriptError, match="not found"):
        read_script_text(tmp_path / "nope.md")
    with pytest.raises(ScriptError, match="folder"):
        read_script_text(tmp_path)


def test_too_large(tmp_path, monkeypatch):
    monkeypatch.setattr(textio, "MAX_BYTES", 1000)
    p = tmp_path / "big.md"
    p.write_text("Narrator: words\n" * 200)
    with pytest.raises(ScriptError, match="too large"):
        read_script_text(p)
    with pytest.raises(ScriptError, match="too large"):
        textio.decode_script_bytes(b"x" * 2000)


def test_load_lecture_sets_path_for_both_kinds(tmp_path):
    messy = tmp_path / "messy.md"
    messy.write_text("**Intro:**\n\n0:00\n\nNarrator: \"Hello there.\"\n")
    lec = load_lecture(messy)
    assert lec.path == str(messy)
    assert lec.segments[0].speeches[0].text == "Hello there."
    canon = tmp_path / "canon.md"
    canon.write_text("---\ntitle: T\n---\n\n# S\n\n## 0:00 {#s-1}\n\nHello.\n")
    assert load_lecture(canon).path == str(canon)
    assert load_lecture(canon).segments[0].id == "s-1"


def test_horizontal_rule_at_the_top_is_not_front_matter(tmp_path):
    p = tmp_path / "m.md"
    p.write_text("---\n\nNarrator: \"Hello.\"\n\n---\n")
    lec = load_lecture(p)
    assert lec.segments[0].speeches[0].text == "Hello."
