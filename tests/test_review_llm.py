"""``--llm``: a real HTTP server on 127.0.0.1 speaking ollama's /api/generate and the OpenAI-compatible
/v1/chat/completions; a dead server and a slow server each cost one warning and never fail the check."""
from __future__ import annotations

import json
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from lecturecast.cli import main
from lecturecast.review.llm import endpoint, judge_claims, parse_verdict
from lecturecast.review.records import ClaimRow, Where

SCRIPT = """---
title: Claims
---

# Part

## 0:00 One {#one}

In 2014, the GRU was introduced by Ada Lovelace. The transformer was proposed by Vaswani et al. in 2017.
"""


class Model(BaseHTTPRequestHandler):
    delay = 0.0
    seen: list[tuple[str, dict]] = []

    def log_message(self, *args):  # keep the test output clean
        pass

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).seen.append((self.path, body))
        time.sleep(self.delay)
        prompt = body["prompt"] if "prompt" in body else body["messages"][0]["content"]
        verdict = "Doubtful: Ada Lovelace died in 1852." if "Lovelace" in prompt else "plausible: matches the 2017 paper"
        if self.path == "/api/generate":
            answer = {"model": body["model"], "response": verdict, "done": True}
        elif self.path == "/v1/chat/completions":
            answer = {"choices": [{"message": {"role": "assistant", "content": verdict}}]}
        else:
            self.send_error(404)
            return
        data = json.dumps(answer).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):  # the client gave up (slow-server case)
            pass


@pytest.fixture
def server():
    handler = type("Handler", (Model,), {"delay": 0.0, "seen": []})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd, handler
    httpd.shutdown()
    httpd.server_close()


def _claims() -> list[ClaimRow]:
    return [ClaimRow(Where("one", 1), "In 2014, the GRU was introduced by Ada Lovelace.", ("date",), ()),
            ClaimRow(Where("one", 1), "The transformer was proposed by Vaswani et al. in 2017.", ("date",), ())]


@pytest.mark.parametrize("path", ["", "/api/generate", "/v1/chat/completions", "/v1"])
def test_both_apis_mark_claims(server, path):
    httpd, handler = server
    url = f"http://127.0.0.1:{httpd.server_address[1]}{path}"
    rows, warnings = judge_claims(_claims(), url, "tiny")
    assert warnings == []
    assert [(r.verdict, r.reason) for r in rows] == [("doubtful", "Ada Lovelace died in 1852."),
                                                    ("plausible", "matches the 2017 paper")]
    sent_path, body = handler.seen[0]
    assert sent_path == ("/v1/chat/completions" if "v1" in path else "/api/generate") and body["model"] == "tiny"


def test_check_cli_with_llm_writes_verdicts_and_leaves_the_script(server, tmp_path, capsys):
    httpd, _ = server
    script = tmp_path / "c.md"
    script.write_text(SCRIPT, "utf-8")
    before = script.read_bytes()
    url = f"http://127.0.0.1:{httpd.server_address[1]}"
    assert main(["check", str(script), "-o", str(tmp_path / "out"), "--no-asr", "--llm", url, "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["claims"] == 2 and summary["claims_doubtful"] == 1
    html = (tmp_path / "out" / "review.html").read_text("utf-8")
    assert "verdict-doubtful" in html and "Ada Lovelace died in 1852." in html
    assert script.read_bytes() == before


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_dead_server_costs_one_warning(caplog):
    t0 = time.monotonic()
    rows, warnings = judge_claims(_claims(), f"http://127.0.0.1:{_free_port()}", timeout=2.0)
    assert time.monotonic() - t0 < 5
    assert len(warnings) == 1 and "no answer from the model" in warnings[0]
    assert all(r.verdict is None for r in rows) and len(rows) == 2
    assert sum("no answer" in r.message for r in caplog.records) == 1


def test_slow_server_is_bounded(server):
    httpd, handler = server
    handler.delay = 3.0
    t0 = time.monotonic()
    rows, warnings = judge_claims(_claims() * 5, f"http://127.0.0.1:{httpd.server_address[1]}",
                                  timeout=0.5, budget=2.0)
    assert time.monotonic() - t0 < 2.5
    assert len(warnings) == 1 and "timed out" in warnings[0]
    assert all(r.verdict is None for r in rows) and len(rows) == 10


def test_endpoints_and_answers():
    assert endpoint("http://localhost:11434") == ("ollama", "http://localhost:11434/api/generate")
    assert endpoint("http://h:8080/v1") == ("openai", "http://h:8080/v1/chat/completions")
    with pytest.raises(ValueError):
        endpoint("file:///etc/passwd")
    assert parse_verdict("\n  PLAUSIBLE - yes, 1997.\nmore") == ("plausible", "yes, 1997.")
    assert parse_verdict("I am not sure")[0] == "unknown"


def test_bad_url_is_one_warning(tmp_path):
    rows, warnings = judge_claims(_claims(), "ftp://x")
    assert len(warnings) == 1 and all(r.verdict is None for r in rows)
