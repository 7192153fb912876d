"""Helpers for the studio tests: a tiny lecture, a real ``lecturecast studio`` server, a CSRF session."""
from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Iterator

import httpx

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]

# Three short segments; the Guest voice points at a voice file that does not exist, so giving the
# Guest a line makes that segment's synthesis fail for real (the failed-rebuild test).
LECTURE = """\
---
title: Tiny Studio Lecture
language: en
voices:
  Guest: piper:voices/no-such-voice.onnx
---

# Opening

## 0:00 Welcome {#welcome}

Welcome to a very short lecture. We will look at three small ideas.

## 0:10 Loops {#loops}

[visual: A loop arrow around a box]

A loop lets a network remember. It carries a state from one step to the next.

# Closing

## 0:20 Safety {#safety}

Never paste <script>alert("hi")</script> into a slide. Text stays text.
"""

EDITED_FROM = "It carries a state from one step to the next."
EDITED_TO = "It carries a hidden state forward from every step to the following step, again and again."


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def cli_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src") + os.pathsep + env.get("PYTHONPATH", "")
    return env


def run_cli(*args: str, cwd: Path, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", "import sys; from lecturecast.cli import main; sys.exit(main())",
                           *args], cwd=cwd, env=cli_env(), capture_output=True, text=True, timeout=timeout)


@contextlib.contextmanager
def studio_server(script: Path, *extra: str, cwd: Path, pids: list[int] | None = None) -> Iterator[str]:
    """Run ``lecturecast studio SCRIPT --port N`` (real uvicorn) and yield its base URL (its process id
    is appended to ``pids`` when given)."""
    port = free_port()
    log = (cwd / f"studio-{port}.log").open("w")
    proc = subprocess.Popen([sys.executable, "-c", "import sys; from lecturecast.cli import main; sys.exit(main())",
                             "studio", str(script), "--port", str(port), "--engine", "piper", "-j", "2", *extra],
                            cwd=cwd, env=cli_env(), stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    if pids is not None:
        pids.append(proc.pid)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(base + "/api/state", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"studio did not start: {(cwd / f'studio-{port}.log').read_text()}")
            time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


def session(base: str) -> tuple[httpx.Client, str]:
    """An HTTP client holding a studio session cookie, and its CSRF token."""
    client = httpx.Client(base_url=base, timeout=30)
    page = client.get("/").text
    token = re.search(r'name="csrf-token" content="([0-9a-f]+)"', page)
    assert token, page[:500]
    return client, token.group(1)


def post_json(client: httpx.Client, base: str, token: str, path: str, data: dict) -> httpx.Response:
    return client.post(path, json=data, headers={"Origin": base, "X-CSRF-Token": token})


def wait_idle(client: httpx.Client, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    time.sleep(0.3)
    while time.monotonic() < deadline:
        state = client.get("/api/state").json()
        if state["idle"]:
            return state
        time.sleep(0.2)
    raise AssertionError("the studio did not finish building in time")


def launch_chromium(playwright):  # type: ignore[no-untyped-def]
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
