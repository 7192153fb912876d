"""Nothing let in: every path a script names stays inside its project (issue 14, item 2).

Real files and real symlinks in ``tmp_path``, real ``lecturecast slides`` / ``audio`` runs of a tiny
script.  Layout of every case::

    tmp/course/               the course root (given with --root in the "accepted" cases)
    tmp/course/lec/s.md       the lecture: its folder is the default project root
    tmp/course/outside.*      files one level up: outside the lecture's project
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from PIL import Image
from pptx import Presentation

from lecturecast.cli import main
from lecturecast.errors import UnsafePathError
from lecturecast.media import run_ffmpeg
from lecturecast.paths import Project, confine
from lecturecast.script import load_lecture
from lecturecast.voice.lexicon import lecture_lexicon
from lecturecast.voice.voices import voice_for_speaker

ROOT = Path(__file__).resolve().parents[1]
URL_LIKE = ("https://example.com/evil", "file:///etc/passwd", "data:text/plain,evil")


def script_text(front: str = "", body: str = "") -> str:
    return (f"---\ntitle: Tiny\n{front}---\n\n# Part\n\n## 0:00 Start {{#start}}\n\n"
            f"Narrator: Hello there, this is a short lecture.\n\n{body}")


@pytest.fixture
def course(tmp_path: Path) -> Path:
    lec = tmp_path / "course" / "lec"
    lec.mkdir(parents=True)
    return tmp_path / "course"


def write_script(course: Path, front: str = "", body: str = "") -> Path:
    script = course / "lec" / "s.md"
    script.write_text(script_text(front, body), encoding="utf-8")
    return script


def run_cli(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    return code, capsys.readouterr().err


def assert_one_line_refusal(code: int, err: str, script: Path, line: int | None = None) -> str:
    assert code != 0, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "Traceback" not in err
    assert lines[0].startswith("lecturecast: error: ")
    assert str(script) + (f":{line}" if line else "") in lines[0], lines[0]
    return lines[0]


# -- the rule itself ---------------------------------------------------------------------------
def test_confine_refuses_each_kind_of_escape(tmp_path: Path):
    root = tmp_path / "proj"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("x")
    (root / "inside.txt").write_text("y")
    (root / "link-out.txt").symlink_to(tmp_path / "secret.txt")
    (root / "dir-out").symlink_to(tmp_path)
    (root / "link-in.txt").symlink_to(root / "inside.txt")
    project = Project(root.resolve(), root.resolve(), "s.md")
    assert confine("inside.txt", project, "x") == (root / "inside.txt").resolve()
    assert confine("sub/../inside.txt", project, "x") == (root / "inside.txt").resolve()
    assert confine("link-in.txt", project, "x") == (root / "inside.txt").resolve()  # a link inside is fine
    assert confine(str(root / "inside.txt"), project, "x") == (root / "inside.txt").resolve()  # absolute inside
    refusals = {
        "../secret.txt": "via '..'",
        "sub/../../secret.txt": "via '..'",
        str(tmp_path / "secret.txt"): "absolute path",
        "link-out.txt": "symbolic link",
        "dir-out/secret.txt": "symbolic link",
        "..\\secret.txt": "via '..'",
        "C:\\Windows\\win.ini": "absolute path",
        "": "not a usable file name",
        "a\x00b": "not a usable file name",
        **{url: "is a URL" for url in URL_LIKE},
    }
    for name, words in refusals.items():
        with pytest.raises(UnsafePathError, match=words.replace(".", r"\.")):
            confine(name, project, "x")


# -- one refusal per field and kind of escape, through real commands -------------------------------
def _outside_file(course: Path, name: str, data: bytes | str) -> Path:
    path = course / name
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def _name_for(kind: str, course: Path, outside: Path, link_name: str) -> str:
    """The name a script gives for ``outside`` in each kind of escape."""
    if kind == "dotdot":
        return f"../{outside.name}"
    if kind == "absolute":
        return str(outside)
    if kind == "symlink":
        link = course / "lec" / link_name
        link.symlink_to(outside)
        return link_name
    return f"https://example.com/{outside.name}"


ESCAPES = ("dotdot", "absolute", "symlink", "url")


@pytest.mark.parametrize("kind", ESCAPES)
def test_theme_outside_the_project_is_refused(course: Path, capsys, kind: str):
    clean = (ROOT / "assets" / "themes" / "dark.yaml").read_text(encoding="utf-8")
    outside = _outside_file(course, "evil.yaml", clean)
    script = write_script(course, f"theme: {_name_for(kind, course, outside, 'theme.yaml')}\n")
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    line = assert_one_line_refusal(code, err, script, line=3)
    assert "front matter 'theme'" in line
    assert not (course / "out" / "deck.pptx").exists()


@pytest.mark.parametrize("kind", ESCAPES)
def test_templates_folder_outside_the_project_is_refused(course: Path, capsys, kind: str):
    evil = course / "evil"
    evil.mkdir()
    (evil / "title_notes.j2").write_text("EVIL NOTES\n", encoding="utf-8")
    script = write_script(course, f"templates: {_name_for(kind, course, evil, 'tpl')}\n")
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    line = assert_one_line_refusal(code, err, script, line=3)
    assert "front matter 'templates'" in line


def test_template_file_linked_out_of_the_project_is_refused(course: Path, capsys):
    (course / "lec" / "templates").mkdir()
    outside = _outside_file(course, "notes.j2", "EVIL NOTES\n")
    (course / "lec" / "templates" / "title_notes.j2").symlink_to(outside)
    script = write_script(course)
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert "title_notes.j2" in err and "outside the project" in err


def test_default_templates_folder_linked_out_is_refused(course: Path, capsys):
    (course / "evil").mkdir()
    (course / "lec" / "templates").symlink_to(course / "evil")
    script = write_script(course)
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    assert_one_line_refusal(code, err, script)
    assert "templates folder" in err and "symbolic link" in err


def _png(path: Path, size=(40, 30), color=(200, 30, 30)) -> Path:
    Image.new("RGB", size, color).save(path)
    return path


@pytest.mark.parametrize("kind", ESCAPES)
def test_linked_image_outside_the_project_is_refused(course: Path, capsys, kind: str):
    outside = _png(course / "outside.png")
    name = _name_for(kind, course, outside, "pic.png")
    script = write_script(course, body=f"[visual: the diagram]({name})\n")
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    line = assert_one_line_refusal(code, err, script, line=11)
    assert "[visual] image" in line


def test_name_matched_image_linked_out_of_the_project_is_refused(course: Path, capsys):
    secret = _outside_file(course, "passwd", "root:x:0:0:root:/root:/bin/sh\n")
    (course / "lec" / "passwd.png").symlink_to(secret)
    script = write_script(course, body="[visual: the passwd file]\n")
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    line = assert_one_line_refusal(code, err, script)
    assert "symbolic link" in line and "passwd" in line


def test_theme_font_outside_the_project_is_refused(course: Path, capsys):
    font = ROOT / "assets" / "fonts" / "NotoSans-Regular.ttf"
    shutil.copy(font, course / "outside.ttf")
    (course / "lec" / "school.yaml").write_text("fonts:\n  files:\n    sans: ../outside.ttf\n", encoding="utf-8")
    script = write_script(course, "theme: school.yaml\n")
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    assert code != 0 and len(err.strip().splitlines()) == 1, err
    assert "school.yaml" in err and "theme font '../outside.ttf'" in err and "via '..'" in err


# music and lexicons are read by the voice stage: `lecturecast audio` (espeak: no model to load)
@pytest.mark.parametrize("kind", ESCAPES)
def test_music_outside_the_project_is_refused(course: Path, capsys, kind: str):
    shutil.copy(ROOT / "assets" / "music" / "intro.wav", course / "outside.wav")
    name = _name_for(kind, course, course / "outside.wav", "theme.wav")
    script = course / "lec" / "s.md"
    script.write_text(f"---\ntitle: Tiny\n---\n\n# Part\n\n## 0:00 Start {{#start}}\n\n"
                      f"[music: 2s; intro]({name})\n\nNarrator: Hello there.\n", encoding="utf-8")
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    line = assert_one_line_refusal(code, err, script, line=9)
    assert "[music] file" in line


@pytest.mark.parametrize("kind", ESCAPES)
def test_front_matter_music_outside_the_project_is_refused(course: Path, capsys, kind: str):
    shutil.copy(ROOT / "assets" / "music" / "intro.wav", course / "outside.wav")
    name = _name_for(kind, course, course / "outside.wav", "theme.wav")
    script = course / "lec" / "s.md"
    script.write_text(f"---\ntitle: Tiny\nmusic:\n  intro: {name}\n---\n\n# Part\n\n## 0:00 Start {{#start}}\n\n"
                      "[music: 2s; intro]\n\nNarrator: Hello there.\n", encoding="utf-8")
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    line = assert_one_line_refusal(code, err, script, line=3)
    assert "front matter 'music'" in line


@pytest.mark.parametrize("kind", ESCAPES)
def test_lexicon_outside_the_project_is_refused(course: Path, capsys, kind: str):
    outside = _outside_file(course, "course-lexicon.yaml", "Tiny: tee eye en why\n")
    script = write_script(course, f"lexicon_files: [{_name_for(kind, course, outside, 'lex.yaml')}]\n")
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    line = assert_one_line_refusal(code, err, script, line=3)
    assert "front matter 'lexicon_files'" in line


# -- a course root given with --root ----------------------------------------------------------------
def test_course_lexicon_is_accepted_with_root(course: Path, capsys):
    (course / "course-lexicon.yaml").write_text("lecture: lek chur\n", encoding="utf-8")
    script = write_script(course, "lexicon_files: [../course-lexicon.yaml]\n")
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    assert code != 0 and "via '..'" in err and "--root" in err  # without --root: refused, and says what to do
    lecture = load_lecture(script, root=course)
    assert lecture_lexicon(lecture).apply("a short lecture") == "a short lek chur"
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak",
                        "--root", str(course))
    assert code == 0, err
    assert (course / "out" / "voiceover.wav").stat().st_size > 10_000


def test_course_images_and_linked_folders_are_accepted_with_root(course: Path, capsys):
    shared = course / "shared"
    shared.mkdir()
    _png(shared / "gates.png", (64, 48), (10, 120, 200))
    (course / "lec" / "assets").mkdir()
    (course / "lec" / "assets" / "images").symlink_to(shared)  # a link, but inside the course
    script = write_script(course, body="[visual: gates](../shared/gates.png)\n\nNarrator: More.\n\n"
                                       "## 0:30 Gates again {#again}\n\n[visual: the gates]\n\n"
                                       "Narrator: The same picture, found by its name in a linked folder.\n")
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout")
    assert code != 0 and "project" in err and "--root" in err  # the lecture's folder alone is the project
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "-j", "1", "--no-handout",
                        "--root", str(course))
    assert code == 0, err
    pictures = [s for slide in Presentation(str(course / "out" / "deck.pptx")).slides for s in slide.shapes
                if s.shape_type == 13]
    assert len(pictures) == 2


def test_root_must_hold_the_script(course: Path, tmp_path: Path, capsys):
    script = write_script(course)
    other = tmp_path / "elsewhere"
    other.mkdir()
    code, err = run_cli(capsys, "slides", str(script), "-o", str(course / "out"), "--root", str(other))
    assert code != 0 and len(err.strip().splitlines()) == 1 and "not inside --root" in err


# -- templates run sandboxed ------------------------------------------------------------------------
def test_sandboxed_template_cannot_reach_os(course: Path):
    marker = course / "PWNED"
    payload = "{{ cycler.__init__.__globals__.os.system('touch " + str(marker) + "') }}\n"
    (course / "lec" / "templates").mkdir()
    (course / "lec" / "templates" / "title_notes.j2").write_text(payload, encoding="utf-8")
    # the control: an ordinary jinja2 environment really runs the payload
    jinja2.Environment().from_string(payload).render()
    assert marker.exists()
    marker.unlink()
    script = write_script(course)
    proc = subprocess.run([sys.executable, "-m", "lecturecast", "slides", str(script), "-o", str(course / "out"),
                           "-j", "1", "--no-handout"], capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert proc.returncode != 0
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert "title_notes.j2" in proc.stderr and "sandbox" in proc.stderr
    assert not marker.exists()


# -- voices: a piper model file is a path too; a gTTS tld names a host ---------------------------
@pytest.mark.parametrize("kind", ESCAPES)
def test_piper_model_outside_the_project_is_refused(course: Path, capsys, kind: str):
    outside = _outside_file(course, "voice.onnx", b"\x08\x07")
    (course / "voice.onnx.json").write_text("{}", encoding="utf-8")
    name = _name_for(kind, course, outside, "model.onnx")
    script = write_script(course, f"voices:\n  Narrator: \"piper:{name}\"\n")
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    line = assert_one_line_refusal(code, err, script, line=4)  # the line that names the model
    assert "front matter 'voices' (piper model)" in line


def test_piper_model_inside_the_project_is_used_by_its_real_path(course: Path):
    (course / "lec" / "voices").mkdir()
    (course / "lec" / "voices" / "v.onnx").write_bytes(b"\x08\x07")
    script = write_script(course, "voices:\n  Narrator: piper:voices/v.onnx?length_scale=1.1\n")
    spec = voice_for_speaker(load_lecture(script), None)
    assert spec == f"piper:{(course / 'lec' / 'voices' / 'v.onnx').resolve()}?length_scale=1.1"


def test_gtts_tld_must_be_a_google_domain(course: Path, capsys):
    script = write_script(course, "voices:\n  Narrator: \"gtts:en?tld=attacker.net\"\n")
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    line = assert_one_line_refusal(code, err, script, line=4)
    assert "tld='attacker.net'" in line
    write_script(course, "voices:\n  Narrator: \"gtts:en?tld=co.uk\"\n")
    assert voice_for_speaker(load_lecture(script), None) == "gtts:en?tld=co.uk"


# -- music files are decoded as plain audio only: no playlists that read other files --------------
def test_music_playlist_cannot_pull_in_a_file_from_outside(course: Path, capsys):
    secret = course / "secret-recording.mp3"
    run_ffmpeg(["-i", str(ROOT / "assets" / "music" / "intro.wav"), "-t", "1", str(secret)])
    (course / "lec" / "data.mp3").symlink_to(secret)  # never named by the script, only by the playlist
    (course / "lec" / "intro.mp3").write_text("ffconcat version 1.0\nfile data.mp3\n", encoding="utf-8")
    script = course / "lec" / "s.md"
    script.write_text("---\ntitle: Tiny\n---\n\n# Part\n\n## 0:00 Start {#start}\n\n"
                      "[music: 2s; intro](intro.mp3)\n\nNarrator: Hello there.\n", encoding="utf-8")
    code, err = run_cli(capsys, "-q", "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    assert code != 0 and len(err.strip().splitlines()) == 1 and "Traceback" not in err, err
    assert "'intro.mp3' cannot be decoded as audio" in err
    assert not (course / "out" / "voiceover.wav").exists()


@pytest.mark.parametrize("name", ["/etc/passwd", "../../../../etc/passwd", "gmw/../../x"])
def test_espeak_voice_must_be_a_name(course: Path, capsys, name: str):
    script = write_script(course, f"voices:\n  Narrator: \"espeak:{name}\"\n")
    code, err = run_cli(capsys, "audio", str(script), "-o", str(course / "out"), "--engine", "espeak")
    line = assert_one_line_refusal(code, err, script, line=4)  # the line that names the voice
    assert f"voice name {name!r} is not valid" in line
    write_script(course, "voices:\n  Narrator: \"espeak:gmw/en-US+f3\"\n")
    assert voice_for_speaker(load_lecture(script), None) == "espeak:gmw/en-US+f3"
