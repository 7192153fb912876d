"""Writing one segment back into a script (script.edit), the studio's project rules, and its import page."""
from __future__ import annotations

import difflib
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from starlette.requests import Request

from lecturecast.errors import ScriptError, UnsafePathError
from lecturecast.script import format_lecture, parse_canonical
from lecturecast.script.edit import read_script_file, replace_segment_body, segment_body
from lecturecast.studio.project import Project, ScriptConflict, canonical_target, pending_import, write_import
from lecturecast.studio.security import Guard
from studio_helpers import (LECTURE, cli_env, free_port, post_json, run_cli, session, studio_server,
                            wait_idle)

# canonical, but not byte-identical to the formatter's output outside segment 'loops' (extra blank
# lines, a comment, an unusual front-matter order): those bytes must survive an edit of 'loops'.
HAND_WRITTEN = LECTURE.replace("# Opening\n", "# Opening\n\n\n<!-- keep me -->\n").replace(
    "title: Tiny Studio Lecture\nlanguage: en\n", "language: en\ntitle: Tiny Studio Lecture\n")


def changed_lines(a: str, b: str) -> list[str]:
    return [d for d in difflib.ndiff(a.splitlines(), b.splitlines()) if d[:1] in "+-"]


def test_replacing_a_body_changes_only_that_segment() -> None:
    lecture = parse_canonical(HAND_WRITTEN)
    body = segment_body(lecture.segment("loops"), lecture.meta.narrator)
    assert body.startswith("[visual: A loop arrow around a box]")
    new_text, new_lecture = replace_segment_body(HAND_WRITTEN, "loops", body.replace("remember", "recall"))
    assert changed_lines(HAND_WRITTEN, new_text) == [
        "- A loop lets a network remember. It carries a state from one step to the next.",
        "+ A loop lets a network recall. It carries a state from one step to the next."]
    assert "<!-- keep me -->" in new_text
    assert [s for s in new_lecture.segments if s.id != "loops"] == [s for s in lecture.segments if s.id != "loops"]


def test_a_body_is_canonicalised_through_the_formatter() -> None:
    body = "  A loop   lets a network\nremember.\n\n\n\nHost:   Over to you.\n"
    new_text, new_lecture = replace_segment_body(LECTURE, "loops", body)
    seg = new_lecture.segment("loops")
    assert [(b.speaker, b.text) for b in seg.speeches] == [(None, "A loop lets a network remember."),
                                                           ("Host", "Over to you.")]
    assert "A loop lets a network remember.\n\nHost: Over to you.\n" in new_text
    assert parse_canonical(format_lecture(new_lecture)) == new_lecture


@pytest.mark.parametrize("body, words", [
    ("Fine.\n\n## 0:15 Sneaky {#sneaky}\n\nNew segment.", "add, remove or rename"),
    ("Fine.\n\n# A new section\n\nText.", "add, remove or rename"),
])
def test_edits_that_would_touch_other_segments_are_refused(body: str, words: str) -> None:
    with pytest.raises(ScriptError, match=words):
        replace_segment_body(LECTURE, "loops", body, "lesson.md")


def test_unknown_segment_and_non_canonical_text_are_refused() -> None:
    with pytest.raises(ScriptError, match="no segment 'nope'"):
        replace_segment_body(LECTURE, "nope", "Text.")
    with pytest.raises(ScriptError, match="not in canonical form"):
        replace_segment_body("Narrator: hello there.\n", "x", "Text.")


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    raw = b"\xef\xbb\xbf" + LECTURE.replace("\n", "\r\n").encode("utf-8")
    file = read_script_file(raw)
    new_text, _ = replace_segment_body(file.text, "welcome", "Hello again.")
    data = file.encode(new_text)
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\nHello again.\r\n" in data
    assert b"\n" not in data.replace(b"\r\n", b"")


def test_project_refuses_to_overwrite_a_changed_file(tmp_path: Path) -> None:
    script = tmp_path / "lesson.md"
    script.write_text(LECTURE, "utf-8")
    project = Project(script, tmp_path / "out")
    snap = project.read()
    script.write_text(LECTURE.replace("three small ideas", "three ideas"), "utf-8")
    changed = script.read_bytes()
    with pytest.raises(ScriptConflict, match="changed on disk"):
        project.save_segment("loops", "New text.", snap.file.digest)
    assert script.read_bytes() == changed
    saved = project.save_segment("loops", "New text.", project.read().file.digest)
    assert saved.lecture.segment("loops").narration == "New text."
    assert not list(tmp_path.glob(".lesson.*"))  # no temporary file left behind


def test_project_files_stay_inside_the_output_folder(tmp_path: Path) -> None:
    (tmp_path / "out" / "audio").mkdir(parents=True)
    (tmp_path / "out" / "audio" / "001-a.wav").write_bytes(b"RIFF")
    (tmp_path / "secret.txt").write_text("no", "utf-8")
    (tmp_path / "out" / "link.txt").symlink_to(tmp_path / "secret.txt")
    project = Project(tmp_path / "lesson.md", tmp_path / "out")
    assert project.output_file("audio/001-a.wav").read_bytes() == b"RIFF"
    for bad in ("../secret.txt", "audio/../../secret.txt", str(tmp_path / "secret.txt"), "link.txt"):
        with pytest.raises(UnsafePathError):
            project.output_file(bad)


CHAT = """\
Sure! Here is a short lecture script you asked for.

**Title: Tides in Five Minutes**

**[0:00] Why the sea moves**

Narrator: "The sea rises and falls twice a day. The moon pulls on the water."

**[0:30] Two bulges**

Narrator: "There are two bulges, one facing the moon and one on the far side. Let me know if <b>you</b> want more!"

I hope this helps with your class!
"""


def test_import_writes_a_canonical_file_next_to_the_input_and_never_overwrites(tmp_path: Path) -> None:
    messy = tmp_path / "tides.txt"
    messy.write_text(CHAT, "utf-8")
    pending = pending_import(messy)
    assert pending is not None and pending.target == canonical_target(messy) == tmp_path / "tides.lecture.md"
    assert any("hope this helps" in r["text"] for r in pending.report["unused_lines"])
    target = write_import(pending, tmp_path / "output" / "tides.lecture")
    assert pending_import(target) is None and messy.read_text("utf-8") == CHAT
    assert Project(target, tmp_path / "output" / "tides.lecture").import_report()["path"] == str(messy)
    with pytest.raises(ScriptError, match="already exists"):
        write_import(pending_import(messy), tmp_path / "output" / "tides.lecture")


@pytest.mark.slow
def test_studio_on_a_chat_export_offers_the_import_first(tmp_path: Path) -> None:
    messy = tmp_path / "tides.txt"
    messy.write_text(CHAT, "utf-8")
    with studio_server(messy, cwd=tmp_path) as base:
        client, token = session(base)
        page = client.get("/").text
        assert "not a canonical lecture script yet" in page and "I hope this helps with your class!" in page
        assert "tides.lecture.md" in page and not (tmp_path / "tides.lecture.md").exists()
        evil = client.post("/import", json={}, headers={"Origin": "http://evil.example", "X-CSRF-Token": token})
        assert evil.status_code == 403 and not (tmp_path / "tides.lecture.md").exists()
        assert post_json(client, base, token, "/import", {}).status_code == 200
        studio = client.get("/").text
        assert "Tides in Five Minutes" in studio and "Import report" in studio
        assert "/text/source#L" in studio  # unused lines link to the chat export's lines
        source = client.get("/text/source").text
        assert "Let me know if &lt;b&gt;you&lt;/b&gt; want more!" in source
        assert wait_idle(client, timeout=60)["segments"]  # nothing built yet: every segment is stale
        assert set(s["state"] for s in client.get("/api/state").json()["segments"].values()) == {"stale"}


def _request(method: str, host: str, origin: str | None = None, cookie: str = "", token: str = "") -> Request:
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    if cookie:
        headers.append((b"cookie", f"lecturecast_studio={cookie}".encode()))
    if token:
        headers.append((b"x-csrf-token", token.encode()))
    return Request({"type": "http", "method": method, "path": "/", "headers": headers, "query_string": b""})


def test_guard_accepts_only_its_own_host_origin_and_session_token() -> None:
    local = Guard("127.0.0.1", 8765)
    assert local.refusal(_request("GET", "127.0.0.1:8765")) is None
    assert local.refusal(_request("GET", "localhost:8765")) is None
    assert "Host" in local.refusal(_request("GET", "rebind.example:8765"))
    assert "Host" in local.refusal(_request("GET", "127.0.0.1:9999"))
    good = _request("POST", "127.0.0.1:8765", "http://127.0.0.1:8765", "s1", local.token("s1"))
    assert local.refusal(good) is None
    assert "CSRF" in local.refusal(_request("POST", "127.0.0.1:8765", "http://127.0.0.1:8765", "s2", local.token("s1")))
    assert "cross-origin" in local.refusal(_request("POST", "127.0.0.1:8765", "http://localhost:8765", "s1",
                                                    local.token("s1")))
    everywhere = Guard("0.0.0.0", 8765)
    assert everywhere.refusal(_request("GET", "192.168.1.20:8765")) is None
    assert everywhere.refusal(_request("GET", "[fe80::1]:8765")) is None
    assert "Host" in everywhere.refusal(_request("GET", "rebind.example:8765"))


def test_cli_refuses_a_missing_script_in_one_line(tmp_path: Path) -> None:
    proc = run_cli("studio", "missing.md", "--port", "8765", cwd=tmp_path, timeout=120)
    assert proc.returncode == 1 and proc.stderr.strip().count("\n") == 0
    assert "no such script file" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.slow
def test_another_host_is_served_with_a_warning(tmp_path: Path) -> None:
    (tmp_path / "lesson.md").write_text(LECTURE, "utf-8")
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from lecturecast.cli import main; sys.exit(main())",
                             "studio", "lesson.md", "--host", "127.0.0.2", "--port", str(port)],
                            cwd=tmp_path, env=cli_env(), stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert "listening on 127.0.0.2" in first and "anyone who can reach this address" in first
        deadline = time.monotonic() + 60
        while True:
            try:
                assert httpx.get(f"http://127.0.0.2:{port}/api/state", timeout=2).status_code == 200
                break
            except httpx.HTTPError:
                assert time.monotonic() < deadline
                time.sleep(0.2)
        assert httpx.get(f"http://127.0.0.2:{port}/", headers={"Host": f"127.0.0.1:{port}"}).status_code == 403
    finally:
        proc.terminate()
        proc.wait(timeout=20)
