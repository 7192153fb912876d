"""Content-addressed cache of synthesized sentences.

Key = sha256 of (prepared text, engine, voice spec, engine version, post-processing settings).
Files live at ``<cache_dir>/audio/ab/abcdef….wav`` (48 kHz mono 16-bit, already trimmed and
loudness-normalised) and are written atomically (temp file + rename), so several processes can fill
the same cache at once: the worst case is two processes synthesising the same sentence once each.
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
from .audio import OUT_RATE, read_wav, write_wav

log = logging.getLogger(__name__)


def cache_key(**parts: object) -> str:
    blob = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


class AudioCache:
    def __init__(self, cache_dir: str | os.PathLike[str]):
        self.root = Path(cache_dir) / "audio"

    def path(self, key: str) -> Path:
        return self.root / key[:2] / f"{key}.wav"

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

    def put(self, key: str, samples: np.ndarray) -> Path:
        return write_wav(self.path(key), samples, OUT_RATE)
