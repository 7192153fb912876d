"""gTTS against a local HTTP server that answers like Google's batchexecute endpoint.

Covers: a real MP3 payload decoded with ffmpeg; 429 then success (retries + backoff in the log);
a server that accepts and never answers (timeouts, retries, then piper in ``auto`` mode); a server
that is not reachable at all (``auto`` picks piper once, with one warning).  Short timeouts keep
every scenario bounded.
"""
from __future__ import annotations

import base64
import json
import logging
import os
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lecturecast.errors import ServiceError
from lecturecast.media import run_ffmpeg
from lecturecast.voice import get_engine, synthesize_segment
from lecturecast.voice.audio import to_array
from lecturecast.voice.engines import auto as auto_mod
from lecturecast.voice.engines import gtts_engine
from lecturecast.model import Segment, Speech
from voice_helpers import lecture_of

FAST = dict(timeout=(0.5, 0.4), retries=2, backoff=0.05, max_backoff=0.2, max_total=5.0, probe_timeout=0.5)


@pytest.fixture(scope="module")
def mp3_bytes(tmp_path_factory):
    out = tmp_path_factory.mktemp("gtts") / "hello.mp3"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=0.8", "-ac", "1", "-ar", "24000",
                "-c:a", "libmp3lame", "-b:a", "32k", str(out)])
    return out.read_bytes()


def batchexecute_body(mp3: bytes) -> bytes:
    payload = json.dumps([base64.b64encode(mp3).decode("ascii")])
    envelope = json.dumps([["wrb.fr", "jQ1olc", payload, None, None, None, "generic"],
                           ["di", 41], ["af.httprm", 40, "-123", 7]], separators=(",", ":"))
    return f")]}}'\n\n{len(envelope)}\n{envelope}\n25\n[[\"e\",4,null,null,131]]\n".encode()


class FakeGoogle:
    """``plan``: list of actions for successive POSTs ("429", "500", "hang", "ok"); then "ok"."""

    def __init__(self, mp3: bytes, plan=(), hang_get=False):
        self.mp3, self.plan, self.hang_get = mp3, list(plan), hang_get
        self.posts: list[dict] = []
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *a):  # keep pytest output clean
                pass

            def do_GET(self):
                if outer.hang_get:
                    outer.release.wait(30)
                    return
                self.send_response(404)
                self.end_headers()

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
                rpc = json.loads(urllib.parse.parse_qs(body)["f.req"][0])
                outer.posts.append({"path": self.path, "args": json.loads(rpc[0][0][1])})
                action = outer.plan.pop(0) if outer.plan else "ok"
                if action == "hang":
                    outer.release.wait(30)  # accept, read, never answer
                    return
                if action.isdigit():
                    self.send_response(int(action))
                    self.send_header("Retry-After", "0")
                    self.end_headers()
                    return
                data = batchexecute_body(outer.mp3)
                self.send_response(200)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                "LECTURECAST_GTTS_URL", auto_mod.RESOLVED_ENV):
        monkeypatch.delenv(var, raising=False)
    gtts_engine._PROBES.clear()
    yield
    os.environ.pop(auto_mod.RESOLVED_ENV, None)  # set by AutoEngine itself during the test
    gtts_engine._PROBES.clear()


def test_gtts_local_server_real_mp3(mp3_bytes, monkeypatch):
    with FakeGoogle(mp3_bytes) as g:
        monkeypatch.setenv("LECTURECAST_GTTS_URL", g.url)
        eng = get_engine("gtts", **FAST)
        voice = eng.resolve_voice("auto:1")
        seg = eng.synthesize("Hello from a lecture.", voice)
    x, rate = to_array(seg)
    assert rate == 48000 and 0.7 < x.size / rate < 1.0  # the 0.8 s MP3, decoded by ffmpeg
    assert g.posts[0]["path"] == "/_/TranslateWebserverUi/data/batchexecute"
    assert g.posts[0]["args"][:2] == ["Hello from a lecture.", "en"]
    assert voice.opts["tld"] == "co.uk" and g.url in eng.version


def test_gtts_retries_429_then_succeeds(mp3_bytes, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    with FakeGoogle(mp3_bytes, plan=["429", "503"]) as g:
        eng = get_engine("gtts", url=g.url, **dict(FAST, retries=3))
        t0 = time.monotonic()
        seg = eng.synthesize("Try again please.")
        took = time.monotonic() - t0
    assert len(seg) > 700 and len(g.posts) == 3
    retries = [r.getMessage() for r in caplog.records if "retry" in r.getMessage()]
    assert retries == [
        "gTTS: HTTP 429 for 'Try again please.'; retry 1/3 in 0.05 s",
        "gTTS: HTTP 503 for 'Try again please.'; retry 2/3 in 0.10 s",
    ]
    assert 0.15 <= took < 5.0  # the backoff really waited, and it is bounded


def test_gtts_gives_up_with_clear_error(mp3_bytes):
    with FakeGoogle(mp3_bytes, plan=["500"] * 10) as g:
        eng = get_engine("gtts", url=g.url, **FAST)
        with pytest.raises(ServiceError, match=r"HTTP 500 after 3 attempt\(s\).*--engine piper"):
            eng.synthesize("Never works.")


def test_auto_falls_back_to_piper_when_gtts_hangs(mp3_bytes, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    seg = Segment(id="hang-seg", blocks=(Speech("First sentence here. Second sentence here."),))
    lec = lecture_of(seg)
    with FakeGoogle(mp3_bytes, plan=["hang"] * 10) as g:  # GET answers (probe ok), POSTs never do
        t0 = time.monotonic()
        eng = get_engine("auto", url=g.url, **FAST)
        assert eng.speaking.name == "gtts"
        audio = synthesize_segment(seg, lec, eng, tmp_path)
        took = time.monotonic() - t0
    msgs = [r.getMessage() for r in caplog.records]
    assert any("gTTS is reachable, so gtts speaks" in m for m in msgs)
    assert sum("retry" in m and "no answer within the timeout" in m for m in msgs) == 2
    assert any("gtts failed for segment 'hang-seg'" in m and "piper speaks it instead" in m for m in msgs)
    assert any("piper speaks the rest of this run" in m for m in msgs)
    assert len(g.posts) == 3  # 1 try + 2 retries, then the second sentence goes straight to piper
    assert audio.engine == "piper" and [s.engine for s in audio.sentences] == ["piper", "piper"]
    assert audio.duration > 2.0
    assert took < 20.0  # 3 × 0.4 s timeouts + backoff + piper: bounded


def test_auto_mixed_run_records_both_engines(mp3_bytes, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    seg = Segment(id="mixed", blocks=(Speech("Spoken by Google. Spoken offline."),))
    with FakeGoogle(mp3_bytes, plan=["ok", "500", "500", "500"]) as g:
        eng = get_engine("auto", url=g.url, **FAST)
        audio = synthesize_segment(seg, lecture_of(seg), eng, tmp_path)
    assert audio.engine == "gtts+piper"
    assert [s.engine for s in audio.sentences] == ["gtts", "piper"]
    assert any("gtts failed for segment 'mixed'" in r.getMessage() for r in caplog.records)
    assert not eng.primary_down  # HTTP errors are not "offline": the next sentence tries gTTS again


def test_auto_offline_picks_piper_once(mp3_bytes, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    with FakeGoogle(mp3_bytes, hang_get=True) as g:  # even the probe gets no answer
        t0 = time.monotonic()
        eng = get_engine("auto", url=g.url, **FAST)
        again = get_engine("auto", url=g.url, **FAST)  # same run: no second probe, no second warning
        took = time.monotonic() - t0
    assert eng.speaking.name == "piper" and again.speaking.name == "piper"
    warnings = [r.getMessage() for r in caplog.records if "voice engine auto" in r.getMessage()]
    assert len(warnings) == 1 and "not reachable" in warnings[0] and "piper speaks" in warnings[0]
    assert took < 5.0 and g.posts == []
