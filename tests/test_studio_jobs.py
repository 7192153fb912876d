"""The studio's build worker as a state machine (unit logic: the build function is a stand-in here;
tests/test_studio_browser.py runs the real engine)."""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

from lecturecast.errors import BuildLocked, EngineError
from lecturecast.pipeline.options import BuildOptions
from lecturecast.studio.jobs import Builder
from lecturecast.studio.project import Project
from studio_helpers import LECTURE


class _Manifest:
    @staticmethod
    def counts(which: str) -> dict[str, int]:
        return {"audio": 1}


class _Result:
    manifest = _Manifest()


class Scripted:
    """Build function that replays a list of outcomes (an exception to raise, or None for success)."""

    def __init__(self, outcomes: list[BaseException | None]):
        self.outcomes = outcomes
        self.calls: list[tuple[str, int]] = []

    def __call__(self, lecture: Any, options: BuildOptions) -> _Result:
        self.calls.append((lecture.title, options.jobs))
        outcome = self.outcomes.pop(0) if self.outcomes else None
        if outcome is not None:
            raise outcome
        return _Result()


def make_builder(tmp_path: Path, build: Scripted) -> tuple[Builder, list[dict]]:
    script = tmp_path / "lesson.md"
    if not script.exists():
        script.write_text(LECTURE, "utf-8")
    events: list[dict] = []
    project = Project(script, tmp_path / "out")
    builder = Builder(project, lambda incremental: BuildOptions(tmp_path / "out", jobs=1 if incremental else 2,
                                                                engine="espeak"),
                      events.append, build_fn=build)
    builder._warm_up = lambda: None  # type: ignore[method-assign]  # no voice to load for a stand-in
    return builder, events


def wait_idle(builder: Builder, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    time.sleep(0.05)
    while not builder.idle():
        assert time.monotonic() < deadline, "worker did not finish"
        time.sleep(0.02)


def states(builder: Builder) -> dict[str, str]:
    return {k: v.state for k, v in builder.statuses(builder.project.read().lecture).items()}


def test_states_follow_builds_locks_and_failures(tmp_path: Path) -> None:
    build = Scripted([None, BuildLocked("another build of out is running (pid 42)"), BuildLocked("… (pid 42)"),
                      None, EngineError("piper voice file voices/x.onnx not found")])
    builder, events = make_builder(tmp_path, build)
    builder.start()
    try:
        assert set(states(builder).values()) == {"stale"}  # never built
        builder.request(None)
        wait_idle(builder)
        assert set(states(builder).values()) == {"ready"} and build.calls[-1][1] == 2  # whole build: all jobs
        project = builder.project
        snap = project.read()
        project.save_segment("loops", "A new text for loops.", snap.file.digest)
        assert states(builder)["loops"] == "stale" and states(builder)["welcome"] == "ready"
        builder.request(["loops"])
        wait_idle(builder)
        assert any(e.get("kind") == "state" for e in events)
        assert builder.busy == "" and states(builder)["loops"] == "ready"
        assert len(build.calls) == 4 and build.calls[-1][1] == 1  # waited twice on the lock; one job
        project.save_segment("safety", "Another text.", project.read().file.digest)
        builder.request(["safety"])
        wait_idle(builder)
        failed = builder.statuses(project.read().lecture)["safety"]
        assert failed.state == "error" and "voices/x.onnx not found" in failed.error
        assert states(builder)["loops"] == "ready" and "not found" in builder.last_error
        assert any(e.get("kind") == "failed" for e in events)
    finally:
        builder.stop()


def test_a_restarted_studio_remembers_what_was_built(tmp_path: Path) -> None:
    builder, _ = make_builder(tmp_path, Scripted([None]))
    builder.start()
    builder.request(None)
    wait_idle(builder)
    builder.stop()
    saved = json.loads((tmp_path / "out" / "studio.json").read_text("utf-8"))["built"]
    assert set(saved) == {"welcome", "loops", "safety"}
    (tmp_path / "out" / "build.json").write_text(json.dumps({"segments": {k: {} for k in saved}}), "utf-8")
    project = builder.project
    project.save_segment("welcome", "Changed while the studio was closed.", project.read().file.digest)
    again, _ = make_builder(tmp_path, Scripted([]))
    again.sync_with_disk()
    assert states(again) == {"welcome": "stale", "loops": "ready", "safety": "ready"}


def test_requests_during_a_build_are_queued_and_built_next(tmp_path: Path) -> None:
    gate = threading.Event()

    class Slow(Scripted):
        def __call__(self, lecture: Any, options: BuildOptions) -> _Result:
            gate.wait(5)
            return super().__call__(lecture, options)

    build = Slow([])
    builder, _ = make_builder(tmp_path, build)
    builder.start()
    try:
        builder.request(["welcome"])
        time.sleep(0.2)
        builder.request(["loops"])
        assert states(builder)["loops"] == "queued" and states(builder)["welcome"] == "building"
        gate.set()
        wait_idle(builder)
        assert len(build.calls) == 2 and set(states(builder).values()) == {"ready"}
    finally:
        builder.stop()
