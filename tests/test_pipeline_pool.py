"""pipeline.pool: worker processes log to the parent's console and see the parent's current env."""
from __future__ import annotations

import logging
import os

from lecturecast import once
from lecturecast.pipeline.pool import run_all

log = logging.getLogger("lecturecast.test_pool")


def _work(item: int) -> tuple[int, str | None]:
    log.warning("the same warning from every worker")
    log.warning("worker warning for item %d", item)
    log.warning("worded differently by item %d", item, extra={"once": "one-topic"})
    log.debug("debug from item %d", item)  # below the parent's level: not forwarded
    return os.getpid(), os.environ.get("LECTURECAST_TEST_MARK")


def test_worker_warnings_reach_the_parent_once_each(caplog, monkeypatch):
    caplog.set_level(logging.INFO, logger="lecturecast")
    once.forget()
    run_all(_work, [(0,), (1,)], jobs=2)  # a forkserver started before the variable below existed
    once.forget()  # a new build (pipeline.engine.build forgets what the last one warned about)
    monkeypatch.setenv("LECTURECAST_TEST_MARK", "set after the forkserver started")
    results = run_all(_work, [(i,) for i in range(4)], jobs=2)
    assert all(pid != os.getpid() for pid, _ in results)  # really other processes
    assert {mark for _, mark in results} == {"set after the forkserver started"}
    messages = [r.getMessage() for r in caplog.records if r.name == "lecturecast.test_pool"]
    assert sorted(m for m in messages if m.startswith("worker warning")) == [
        "worker warning for item 0", "worker warning for item 0", "worker warning for item 1",
        "worker warning for item 1", "worker warning for item 2", "worker warning for item 3"]
    assert messages.count("the same warning from every worker") == 2  # once per run_all
    assert sum(m.startswith("worded differently") for m in messages) == 2  # one per topic and build
    assert not any(m.startswith("debug from") for m in messages)


def test_clip_batches_cover_every_clip_once():
    from lecturecast.pipeline.stages import clip_batches

    for n, jobs, most in ((0, 2, 32), (1, 2, 32), (5, 2, 32), (122, 2, 32), (7, 4, 2), (3, 8, 32)):
        batches = clip_batches(list(range(n)), jobs, most)
        assert sorted(x for b in batches for x in b) == list(range(n))
        assert all(b and len(b) <= most for b in batches)
        assert len(batches) == (0 if n == 0 else max(min(n, jobs), -(-n // most)))
