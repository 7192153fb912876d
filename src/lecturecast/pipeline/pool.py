"""Run independent pieces of work in parallel, bounded by ``jobs``, reporting progress.

``jobs == 1`` runs inline (easy debugging, no pickling).  Otherwise a process pool is used: the
work functions must be module-level and their arguments picklable.  The first failure cancels the
rest and is re-raised as it was (so LecturecastErrors keep their message).

Workers are told what the parent knows: they start with the parent's current ``LECTURECAST_*``
environment (a forkserver forked long ago would otherwise hand out a stale one), and their log
records (``lecturecast.*``) travel back through a queue to the parent's handlers, so a warning
from a worker (an engine falling back, a voice that cannot be honoured) reaches the console.  The
same warning from several workers is shown once.
"""
from __future__ import annotations

import concurrent.futures as cf
import logging
import logging.handlers
import multiprocessing
import os
from contextlib import contextmanager
from typing import Any, Callable, Iterator, Sequence, TypeVar

from ..once import first_time

T = TypeVar("T")

LOGGER = "lecturecast"
ENV_PREFIX = "LECTURECAST_"


def context() -> Any:
    # fork is fastest on Linux but unsafe with threads (onnxruntime); spawn everywhere else.
    method = "forkserver" if os.name == "posix" and "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


def init_worker(queue: Any, level: int, env: dict[str, str]) -> None:
    """Pool initializer: the parent's LECTURECAST_* environment, and logging into ``queue``."""
    for name in [n for n in os.environ if n.startswith(ENV_PREFIX) and n not in env]:
        del os.environ[name]
    os.environ.update(env)
    root = logging.getLogger(LOGGER)
    root.handlers[:] = [logging.handlers.QueueHandler(queue)]
    root.setLevel(level)
    root.propagate = False


class _ToParentLoggers(logging.Handler):
    """Hands a worker's record to the parent's logger of the same name; drops repeated warnings
    (same text, or the same ``once`` topic a worker attached with ``extra={"once": …}``)."""

    def __init__(self) -> None:
        super().__init__()
        self.seen: set[tuple[str, str]] = set()

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno >= logging.WARNING:
            once = getattr(record, "once", None)
            if once is not None and not first_time(str(once)):  # the parent (or a worker) said it already
                return
            key = (record.name, str(once or record.getMessage()))
            if key in self.seen:
                return
            self.seen.add(key)
        logger = logging.getLogger(record.name)
        if logger.isEnabledFor(record.levelno):
            logger.handle(record)


@contextmanager
def forwarded_logs(ctx: Any) -> Iterator[tuple[Callable[..., None], tuple]]:
    """``(initializer, initargs)`` for a process pool whose workers log to this process."""
    queue = ctx.Queue()
    listener = logging.handlers.QueueListener(queue, _ToParentLoggers())
    listener.start()
    env = {k: v for k, v in os.environ.items() if k.startswith(ENV_PREFIX)}
    try:
        yield init_worker, (queue, logging.getLogger(LOGGER).getEffectiveLevel(), env)
    finally:
        listener.stop()  # drains what the workers sent before they exited
        queue.close()
        queue.join_thread()


def run_all(fn: Callable[..., T], arg_tuples: Sequence[tuple], *, jobs: int,
            on_done: Callable[[int, int], None] | None = None) -> list[T]:
    """Call ``fn(*args)`` for each tuple; results in input order."""
    total = len(arg_tuples)
    results: list[Any] = [None] * total
    if total == 0:
        return []
    if jobs <= 1 or total == 1:
        for i, args in enumerate(arg_tuples):
            results[i] = fn(*args)
            if on_done:
                on_done(i + 1, total)
        return results
    done = 0
    ctx = context()
    with forwarded_logs(ctx) as (initializer, initargs), \
            cf.ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=ctx, initializer=initializer,
                                   initargs=initargs) as pool:
        futures = {pool.submit(fn, *args): i for i, args in enumerate(arg_tuples)}
        try:
            for fut in cf.as_completed(futures):
                results[futures[fut]] = fut.result()
                done += 1
                if on_done:
                    on_done(done, total)
        except BaseException:
            for fut in futures:
                fut.cancel()
            raise
    return results
