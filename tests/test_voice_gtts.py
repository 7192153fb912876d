"""gTTS at HTTP level: gTTS's own requests, through a local HTTPS proxy that answers like Google.

Covers (see tests/gtts_server.py for the server): a real MP3 decoded with ffmpeg; 429/503 then
success (bounded retries); a 503 outage (the fallback takes over after one sentence's retries, with
one warning, and the run stays fast); a POST that hangs (one read timeout, then the fallback);
undecodable audio (an engine failure: the fallback speaks that sentence); an unreachable service
(``auto`` picks piper once, with one warning).  Short timeouts keep every scenario bounded.
"""
from __future__ import annotations

import logging
import os
import time

import pytest

from lecturecast import once
from lecturecast.errors import ServiceError
from lecturecast.media import run_ffmpeg
from lecturecast.model import Segment, Speech
from lecturecast.voice import get_engine, synthesize_segment
from lecturecast.voice.audio import to_array
from lecturecast.voice.engines import auto as auto_mod
from lecturecast.voice.engines import gtts_engine
from gtts_server import FakeGoogle, make_certificate
from voice_helpers import lecture_of

FAST = dict(timeout=(0.5, 0.4), retries=2, backoff=0.05, max_backoff=0.2, max_total=5.0, probe_timeout=0.5)
BATCH_PATH = "/_/TranslateWebserverUi/data/batchexecute"


@pytest.fixture(scope="module")
def mp3_bytes(tmp_path_factory):
    out = tmp_path_factory.mktemp("gtts") / "hello.mp3"
    run_ffmpeg(["-f", "lavfi", "-i", "sine=frequency=330:duration=0.8", "-ac", "1", "-ar", "24000",
                "-c:a", "libmp3lame", "-b:a", "32k", str(out)])
    return out.read_bytes()


@pytest.fixture(scope="module")
def cert(tmp_path_factory):
    return make_certificate(tmp_path_factory.mktemp("cert"))


def reset_run_state() -> None:
    gtts_engine._PROBES.clear()
    gtts_engine.HEALTH.reset()
    once.forget()
    os.environ.pop(auto_mod.RESOLVED_ENV, None)


@pytest.fixture(autouse=True)
def clean_env(monkeypatch):
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY",
                "REQUESTS_CA_BUNDLE", auto_mod.RESOLVED_ENV):
        monkeypatch.delenv(var, raising=False)
    reset_run_state()
    yield
    reset_run_state()


@pytest.fixture
def google(mp3_bytes, cert, monkeypatch):
    """``google(plan, then="ok", hang_get=False)``: a started FakeGoogle that gTTS is routed to."""
    servers = []

    def start(plan=(), then="ok", hang_get=False):
        server = FakeGoogle(mp3_bytes, cert, plan, then, hang_get).__enter__()
        servers.append(server)
        for name, value in server.env().items():
            monkeypatch.setenv(name, value)
        return server

    yield start
    for server in servers:
        server.__exit__(None, None, None)


def warnings_of(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]


def test_gtts_speaks_through_its_public_api(google):
    g = google()
    eng = get_engine("gtts", **FAST)
    voice = eng.resolve_voice("auto:1")
    seg = eng.synthesize("Hello from a lecture.", voice)
    x, rate = to_array(seg)
    assert rate == 48000 and 0.7 < x.size / rate < 1.0  # the 0.8 s MP3, decoded by ffmpeg
    assert voice.opts["tld"] == "co.uk"
    assert "translate.google.co.uk:443" in g.connects  # gTTS built the URL from the voice's tld
    assert g.posts[0]["host"] == "translate.google.co.uk" and g.posts[0]["path"] == BATCH_PATH
    assert g.posts[0]["args"][:2] == ["Hello from a lecture.", "en"]


def test_gtts_retries_429_and_503_then_succeeds(google, caplog):
    caplog.set_level(logging.INFO, logger="lecturecast")
    g = google(plan=["429", "503"])
    eng = get_engine("gtts", **dict(FAST, retries=3))
    t0 = time.monotonic()
    seg = eng.synthesize("Try again please.")
    took = time.monotonic() - t0
    assert len(seg) > 700 and [p["action"] for p in g.posts] == ["429", "503", "ok"]
    retries = [r.getMessage() for r in caplog.records if "retry" in r.getMessage()]
    assert retries == [
        "gTTS: HTTP 429 for 'Try again please.'; retry 1/3 in 0.05 s",
        "gTTS: HTTP 503 for 'Try again please.'; retry 2/3 in 0.10 s",
    ]
    assert 0.15 <= took < 5.0  # the backoff really waited, and it is bounded
    assert not eng.down  # a success resets the failure count


def test_gtts_outage_gives_clear_error_then_refuses_at_once(google):
    g = google(then="500")
    eng = get_engine("gtts", **FAST)
    with pytest.raises(ServiceError, match=r"HTTP 500 after 3 attempt\(s\).*--engine piper"):
        eng.synthesize("Never works.")
    t0 = time.monotonic()
    with pytest.raises(ServiceError, match="out of service in this run: HTTP 500 after 3 attempt"):
        eng.synthesize("Not even asked.")
    assert time.monotonic() - t0 < 0.1 and len(g.posts) == 3


def test_auto_503_outage_fallback_speaks_the_rest_after_one_warning(google, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    text = " ".join(f"Sentence number {n} of the outage test." for n in range(1, 20))  # 19 sentences
    seg = Segment(id="outage", blocks=(Speech(text),))
    g = google(then="503")
    t0 = time.monotonic()
    eng = get_engine("auto", **FAST)
    assert eng.speaking.name == "gtts"
    audio = synthesize_segment(seg, lecture_of(seg), eng, tmp_path)
    took = time.monotonic() - t0
    assert len(audio.sentences) == 19 and {s.engine for s in audio.sentences} == {"piper"}
    assert len(g.posts) == 3  # one sentence: 1 try + 2 retries; then gTTS is not asked again
    assert g.posts[-1]["at"] - g.posts[0]["at"] < 1.0  # the retries cost ~0.15 s of backoff
    outage = [m for m in warnings_of(caplog) if "out of service" in m]
    assert outage == ["gTTS is out of service (HTTP 503 after 3 attempt(s)); piper speaks the rest of this run"]
    assert not any("failed for" in m for m in warnings_of(caplog))  # no warning per sentence
    assert eng.primary_down and eng.speaking.name == "piper"
    assert took < 60.0  # piper speaks 19 sentences; before, each sentence waited 7.5 s for gTTS first


def test_auto_falls_back_when_post_hangs(google, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    seg = Segment(id="hang-seg", blocks=(Speech("First sentence here. Second sentence here."),))
    g = google(then="hang")  # GET answers (probe ok), POSTs never do
    t0 = time.monotonic()
    eng = get_engine("auto", **dict(FAST, max_total=0.8))
    audio = synthesize_segment(seg, lecture_of(seg), eng, tmp_path)
    took = time.monotonic() - t0
    assert len(g.posts) == 1  # a second 0.4 s attempt (+0.05 s backoff) would not fit into max_total=0.8 s
    assert any("out of service (no answer within the timeout after 1 attempt(s))" in m for m in warnings_of(caplog))
    assert audio.engine == "piper" and [s.engine for s in audio.sentences] == ["piper", "piper"]
    assert took < 20.0  # one 0.4 s read timeout + piper


def test_undecodable_audio_is_an_engine_failure(google, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    seg = Segment(id="garbled", blocks=(Speech("Garbled answer here. Good answer here."),))
    google(plan=["garbage"])
    eng = get_engine("auto", **FAST)
    audio = synthesize_segment(seg, lecture_of(seg), eng, tmp_path)
    assert [s.engine for s in audio.sentences] == ["piper", "gtts"] and audio.engine == "piper+gtts"
    failed = [m for m in warnings_of(caplog) if "failed for" in m]
    assert len(failed) == 1 and "gtts failed for segment 'garbled', sentence 1" in failed[0]
    assert "cannot be decoded" in failed[0] and "piper:joe" in failed[0] and "speaks it instead" in failed[0]
    assert not eng.primary_down  # one bad answer is not an outage


def test_repeated_undecodable_audio_counts_as_outage(google, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    seg = Segment(id="garbled", blocks=(Speech("One here. Two here. Three here. Four here. Five here."),))
    g = google(then="garbage")
    eng = get_engine("auto", **FAST)
    audio = synthesize_segment(seg, lecture_of(seg), eng, tmp_path)
    assert {s.engine for s in audio.sentences} == {"piper"}
    assert len(g.posts) == gtts_engine.OUTAGE_AFTER == 3  # bad answers are not retried
    assert any("out of service (3 sentences in a row failed" in m for m in warnings_of(caplog))


def test_auto_offline_picks_piper_once(google, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    g = google(hang_get=True)  # even the probe gets no answer
    t0 = time.monotonic()
    eng = get_engine("auto", **FAST)
    again = get_engine("auto", **FAST)  # same run: no second probe, no second warning
    took = time.monotonic() - t0
    assert eng.speaking.name == "piper" and again.speaking.name == "piper"
    warnings = [m for m in warnings_of(caplog) if "voice engine auto" in m]
    assert len(warnings) == 1 and "not reachable" in warnings[0] and "piper speaks" in warnings[0]
    assert took < 5.0 and g.posts == []


def test_explicit_gtts_voice_offline_warns_naming_the_voice(google, tmp_path, caplog):
    caplog.set_level(logging.WARNING, logger="lecturecast")
    google(hang_get=True)
    seg = Segment(id="talk", blocks=(Speech("Cheerio everyone.", speaker="Host"),))
    lec = lecture_of(seg, voices=(("Host", "gtts:en?tld=co.uk"),))
    eng = get_engine("auto", **FAST)
    audio = synthesize_segment(seg, lec, eng, tmp_path)
    assert audio.engine == "piper"
    honoured = [m for m in warnings_of(caplog) if "cannot be honoured" in m]
    assert len(honoured) == 1
    speaks = eng.fallback.resolve_voice(None, 0, lec.meta.rate_wpm)  # the Host's default piper slot
    assert honoured[0] == (f"voice gtts:en?tld=co.uk cannot be honoured (gTTS is not reachable in this run); "
                           f"{speaks} speaks instead")
    assert str(speaks).startswith("piper:joe?")
