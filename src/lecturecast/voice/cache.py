"""Content-addressed cache of synthesized sentences.

Key = sha256 of (prepared text, engine, voice spec, engine version, post-processing settings).
Files live at ``<cache_dir>/audio/ab/abcdef….wav`` (48 kHz mono 16-bit, already trimmed and
loudness-normalised) and are written atomically, so several processes can fill the same cache at
once.  The first writer wins (temp file + hard link, which fails if the key exists): piper's audio
differs a little on every call, so when two workers synthesise the same sentence both use the first
one's audio — every segment, and every later run, hears the same take (a rebuild with nothing
changed then reproduces the same durations and skips the mix).
"""
from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from pathlib import Path

import numpy as np

from ..errors import MediaError
from ..fsutil import temp_name
from ..store import Store
from .audio import OUT_RATE, read_wav, write_wav

log = logging.getLogger(__name__)


def cache_key(**parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AudioCache:
    def __init__(self, cache_dir: str | os.PathLike[str]):
        self.store = Store(cache_dir)
        self.root = self.store.root / "audio"

    def path(self, key: str) -> Path:
        return self.store.path("audio", key, ".wav")

    def get(self, key: str) -> np.ndarray | None:
        p = self.path(key)
        if not p.is_file():
            return None
        try:
            samples, rate = read_wav(p)
        except MediaError:
            log.warning("cached audio %s is damaged; synthesizing it again", p)
            with contextlib.suppress(OSError):
                p.unlink()
            return None
        if rate != OUT_RATE:
            return None
        return samples

    def put(self, key: str, samples: np.ndarray) -> np.ndarray:
        """Store ``samples`` unless another process stored ``key`` first; returns the cached samples
        (as read back, so this run and later runs use identical audio)."""
        path = self.path(key)
        tmp = write_wav(temp_name(path), samples, OUT_RATE)
        try:
            os.link(tmp, path)
        except FileExistsError:
            if self.get(key) is None:  # damaged (and removed) or unreadable: take its place
                os.replace(tmp, path)
        except OSError:  # no hard links here (some network / FAT file systems): last writer wins
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                tmp.unlink()
        stored = self.get(key)
        return samples if stored is None else stored
