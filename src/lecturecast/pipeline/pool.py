"""Run independent pieces of work in parallel, bounded by ``jobs``, reporting progress.

``jobs == 1`` runs inline (easy debugging, no pickling).  Otherwise a process pool is used: the
work functions must be module-level and their arguments picklable.  The first failure cancels the
rest and is re-raised as it was (so LecturecastErrors keep their message).
"""
from __future__ import annotations

import concurrent.futures as cf
import multiprocessing
import os
from typing import Any, Callable, Sequence, TypeVar

T = TypeVar("T")


def context() -> Any:
    # fork is fastest on Linux but unsafe with threads (onnxruntime); spawn everywhere else.
    method = "forkserver" if os.name == "posix" and "forkserver" in multiprocessing.get_all_start_methods() else "spawn"
    return multiprocessing.get_context(method)


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
    with cf.ProcessPoolExecutor(max_workers=min(jobs, total), mp_context=context()) as pool:
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
