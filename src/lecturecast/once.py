"""Warnings a run shows once: the keys this process has already warned about.

``voice.engines.base.warn_once`` asks :func:`first_time` before it logs; the process pool
(``pipeline.pool``) asks it for every warning a worker forwards, so a warning the parent gave
before starting the workers (the voice chosen for the lecture's language) is not repeated by them.
"""
from __future__ import annotations

import threading

_SEEN: set[str] = set()
_LOCK = threading.Lock()


def first_time(key: str) -> bool:
    """True the first time this process asks about ``key``, False after."""
    with _LOCK:
        if key in _SEEN:
            return False
        _SEEN.add(key)
        return True


def forget() -> None:
    """Forget every key (a new run in the same process warns again)."""
    with _LOCK:
        _SEEN.clear()
