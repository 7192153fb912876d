"""The studio end to end: a real uvicorn server (``lecturecast studio``), Debian's chromium driven by
Playwright, the real build engine with the offline piper voice, real files on disk."""
from __future__ import annotations

import difflib
import hashlib
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from playwright import sync_api

from lecturecast.errors import BuildLocked
from lecturecast.pipeline.lock import BuildLock
from studio_helpers import EDITED_FROM, EDITED_TO, LECTURE, cli_env, launch_chromium, run_cli, session, studio_server

pytestmark = pytest.mark.slow

WAIT_MS = 240_000


@pytest.fixture(scope="module")
def lecture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("studio")
    script = folder / "lesson.md"
    script.write_text(LECTURE, "utf-8")
    built = run_cli("video", "lesson.md", "--engine", "piper", "-j", "2", cwd=folder)
    assert built.returncode == 0, built.stderr
    return script


STUDIO_PIDS: list[int] = []


@pytest.fixture(scope="module")
def base(lecture: Path):
    with studio_server(lecture, cwd=lecture.parent, pids=STUDIO_PIDS) as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        chromium = launch_chromium(p)
        yield chromium
        chromium.close()


@pytest.fixture()
def page(browser, base: str):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    pg.goto(base + "/")
    pg.wait_for_function("() => document.querySelector('main').dataset.idle === 'yes'", timeout=WAIT_MS)
    yield pg
    context.close()


def out_dir(lecture: Path) -> Path:
    return lecture.parent / "output" / "lesson"


def manifest(lecture: Path) -> dict:
    return json.loads((out_dir(lecture) / "build.json").read_text("utf-8"))


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ------------------------------------------------------------------------------------- HTTP
def test_audio_range_request_returns_206_with_the_right_bytes(lecture: Path, base: str) -> None:
    audio = manifest(lecture)["segments"]["loops"]["audio"]["file"]
    data = (out_dir(lecture) / audio).read_bytes()
    r = httpx.get(f"{base}/files/{audio}", headers={"Range": "bytes=100-1099"})
    assert r.status_code == 206
    assert r.headers["content-range"] == f"bytes 100-1099/{len(data)}"
    assert r.content == data[100:1100]
    tail = httpx.get(f"{base}/files/{audio}", headers={"Range": "bytes=-64"})
    assert tail.status_code == 206 and tail.content == data[-64:]
    assert httpx.get(f"{base}/files/{audio}").content == data


def test_cross_origin_and_tokenless_posts_are_refused(lecture: Path, base: str) -> None:
    before = lecture.read_bytes()
    client, token = session(base)
    digest = client.get("/api/state").json()["digest"]
    body = {"text": "Hijacked.", "digest": digest}
    evil = client.post("/segment/welcome", json=body, headers={"Origin": "http://evil.example", "X-CSRF-Token": token})
    assert evil.status_code == 403 and "cross-origin" in evil.text
    no_origin = client.post("/segment/welcome", json=body, headers={"X-CSRF-Token": token})
    assert no_origin.status_code == 403
    no_token = client.post("/segment/welcome", json=body, headers={"Origin": base})
    assert no_token.status_code == 403 and "CSRF" in no_token.text
    other_session = httpx.post(f"{base}/segment/welcome", json=body, headers={"Origin": base, "X-CSRF-Token": token})
    assert other_session.status_code == 403
    rebound = client.get("/", headers={"Host": "attacker.example:80"})
    assert rebound.status_code == 403
    assert lecture.read_bytes() == before


@pytest.mark.parametrize("path", ["/files/../lesson.md", "/files/%2e%2e/lesson.md", "/files/..%2f..%2flesson.md",
                                  "/files/%2fetc%2fpasswd", "/files/audio/..%2f..%2f..%2flesson.md",
                                  "/files/.lecturecast.lock", "/files/slides/../../../lesson.md"])
def test_paths_outside_the_output_folder_are_refused(lecture: Path, base: str, path: str) -> None:
    r = httpx.get(base + path)
    assert r.status_code in (403, 404), (path, r.status_code)
    assert "Tiny Studio Lecture" not in r.text and "root:" not in r.text


# ------------------------------------------------------------------------------------- browser
def test_narration_with_a_script_tag_renders_as_text(page, base: str) -> None:
    area = page.locator("#text-safety")
    assert '<script>alert("hi")</script>' in area.input_value()
    assert page.evaluate("() => document.querySelectorAll('main script').length") == 0
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.reload()
    page.wait_for_timeout(300)
    assert dialogs == []
    assert "&lt;script&gt;" in httpx.get(base + "/").text


def test_edit_one_sentence_regenerates_that_segment(page, lecture: Path) -> None:
    original = lecture.read_text("utf-8")
    before = manifest(lecture)
    old_audio = page.locator('[data-audio-of="loops"]').get_attribute("src")
    old_duration = before["segments"]["loops"]["audio"]["duration"]
    area = page.locator("#text-loops")
    assert EDITED_FROM in area.input_value()
    area.fill(area.input_value().replace(EDITED_FROM, EDITED_TO))
    t0 = time.perf_counter()
    page.click("#seg-loops button[type=submit]")
    page.wait_for_function(
        """old => document.querySelector('[data-state-of="loops"]').textContent === 'ready'
                 && document.querySelector('[data-audio-of="loops"]').getAttribute('src') !== old""",
        arg=old_audio, timeout=WAIT_MS)
    seconds = time.perf_counter() - t0
    after = manifest(lecture)
    entry = after["segments"]["loops"]
    # only the sentence changed on disk
    diff = [d for d in difflib.ndiff(original.splitlines(), lecture.read_text("utf-8").splitlines()) if d[:1] in "+-"]
    assert len(diff) == 2, diff
    assert diff[0].startswith("- ") and EDITED_FROM in diff[0] and diff[1].startswith("+ ") and EDITED_TO in diff[1]
    assert diff[0][2:].replace(EDITED_FROM, EDITED_TO) == diff[1][2:]
    # one audio rebuilt: this segment's
    assert after["rebuilt"]["audio"] == 1
    assert entry["audio"]["rebuilt"] and not after["segments"]["welcome"]["audio"]["rebuilt"]
    # the page shows the new duration, the current slide and a playable new voice
    assert entry["audio"]["duration"] > old_duration + 1.0
    assert page.locator('[data-duration-of="loops"]').inner_text() == f"{entry['audio']['duration']:.1f} s"
    slides = {s["number"]: s for s in after["slides"]}
    srcs = page.locator("#media-loops img").evaluate_all("els => els.map(e => e.getAttribute('src'))")
    assert srcs == [f"/files/{slides[n]['file']}?v={slides[n]['key']}" for n in entry["slides"]]
    page.wait_for_function("() => document.querySelector('#media-loops img').naturalWidth > 0", timeout=WAIT_MS)
    playable = page.evaluate("""() => new Promise(done => {
        const a = document.querySelector('[data-audio-of="loops"]');
        if (a.readyState >= 1) return done(a.duration);
        a.addEventListener('loadedmetadata', () => done(a.duration)); a.load(); })""")
    assert abs(playable - entry["audio"]["duration"]) < 0.1
    print(f"edit -> regenerated segment playable in the page: {seconds:.2f} s")


def test_failed_rebuild_keeps_previous_audio_and_shows_why(page, lecture: Path, base: str) -> None:
    out = out_dir(lecture)
    audio = out / manifest(lecture)["segments"]["welcome"]["audio"]["file"]
    audio_sha, video_sha = sha(audio), sha(out / "lecture.mp4")
    area = page.locator("#text-welcome")
    original_body = area.input_value()
    area.fill(original_body + "\n\nGuest: Thanks for having me.")
    page.click("#seg-welcome button[type=submit]")
    page.wait_for_function("""() => document.querySelector('[data-state-of="welcome"]').textContent === 'error'""",
                           timeout=WAIT_MS)
    message = page.locator('[data-message-of="welcome"]').inner_text()
    assert "previous audio kept" in message and "no-such-voice.onnx" in message
    assert "no-such-voice.onnx" in page.locator('[data-error-of="welcome"]').first.inner_text()
    assert sha(audio) == audio_sha and sha(out / "lecture.mp4") == video_sha
    assert page.locator('[data-audio-of="welcome"]').count() == 1
    assert "Guest: Thanks for having me." in lecture.read_text("utf-8")  # the teacher's text is kept
    # putting the text back rebuilds from the cache and clears the error
    area.fill(original_body)
    page.click("#seg-welcome button[type=submit]")
    page.wait_for_function("""() => document.querySelector('[data-state-of="welcome"]').textContent === 'ready'""",
                           timeout=WAIT_MS)


def test_a_cli_build_holding_the_lock_makes_the_studio_wait(page, lecture: Path) -> None:
    with BuildLock(out_dir(lecture)):  # what every writing CLI command holds while it runs
        page.click("#build-video")
        page.wait_for_function("() => document.getElementById('busy').textContent.includes('another build')",
                               timeout=WAIT_MS)
        assert "is writing to" in page.locator("#busy").inner_text()  # the lock holder, named
        time.sleep(1.0)
        assert "another build" in page.locator("#busy").inner_text()  # still waiting, not failed
    page.wait_for_function("() => document.querySelector('main').dataset.idle === 'yes'", timeout=WAIT_MS)
    assert page.locator("#banner").is_hidden()


def test_the_studio_build_holds_the_same_lock_against_the_cli(page, lecture: Path) -> None:
    area = page.locator("#text-safety")
    area.fill(area.input_value() + " One more sentence to say.")
    page.click("#seg-safety button[type=submit]")
    page.wait_for_function("() => document.getElementById('busy').textContent.startsWith('building')",
                           timeout=WAIT_MS)
    refused = None
    deadline = time.monotonic() + 10
    while refused is None and time.monotonic() < deadline:  # the studio takes the lock right after
        try:
            with BuildLock(out_dir(lecture)):  # what a CLI build does first
                pass
            time.sleep(0.05)
        except BuildLocked as exc:
            refused = exc
    assert refused is not None and f"(pid {STUDIO_PIDS[-1]})" in str(refused)
    cli = subprocess.run([sys.executable, "-c", "import sys; from lecturecast.cli import main; sys.exit(main())",
                          "segment", "lesson.md", "safety", "--engine", "piper", "--wait", "300"],
                         cwd=lecture.parent, env=cli_env(), capture_output=True, text=True, timeout=400)
    assert cli.returncode == 0, cli.stderr  # it waited for the studio's build, then found nothing to do
    assert json.loads((out_dir(lecture) / "build.json").read_text("utf-8"))["rebuilt"]["audio"] == 0
    page.wait_for_function("""() => document.querySelector('[data-state-of="safety"]').textContent === 'ready'""",
                           timeout=WAIT_MS)


def test_script_changed_on_disk_is_never_overwritten(page, lecture: Path) -> None:
    on_disk = lecture.read_text("utf-8").replace("We will look at three small ideas.",
                                                 "We will look at three small ideas, edited in another editor.")
    lecture.write_text(on_disk, "utf-8")
    page.wait_for_function("() => !document.getElementById('banner').hidden", timeout=30_000)
    assert "changed on disk" in page.locator("#banner").inner_text()
    area = page.locator("#text-loops")
    mine = area.input_value() + " A sentence typed in the studio."
    area.fill(mine)
    page.click("#seg-loops button[type=submit]")
    page.wait_for_function(
        """() => document.querySelector('[data-message-of="loops"]').textContent.includes('not saved')""",
        timeout=30_000)
    assert lecture.read_text("utf-8") == on_disk
    assert area.input_value() == mine  # the teacher's text is still in the field
    assert page.locator("#reload").count() == 1
    page.click("#reload")
    page.wait_for_load_state()
    assert "edited in another editor" in page.locator("#text-welcome").input_value()
    assert page.locator('[data-state-of="welcome"]').first.inner_text() == "stale"
