"""Content hashes for build artifacts.

A key is the SHA-256 of a canonical JSON encoding of *exactly* what an artifact depends on, plus
the artifact kind and :data:`FORMAT_VERSION`.  Bump the version when an artifact's encoding changes
so stale cache entries are never reused.
"""
from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from pathlib import Path
from typing import Any

from ..fsutil import file_sha256

FORMAT_VERSION = 1


def _default(obj: Any) -> Any:
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj) if f.compare}
    if isinstance(obj, enum.Enum):
        return obj.value
    if isinstance(obj, (set, frozenset)):
        return sorted(obj)
    if isinstance(obj, Path):
        return str(obj)
    if isinstance(obj, bytes):
        return hashlib.sha256(obj).hexdigest()
    raise TypeError(f"cannot hash {type(obj).__name__}")


def content_key(kind: str, *parts: Any) -> str:
    """Stable hex key for an artifact of ``kind`` built from ``parts``."""
    payload = json.dumps([kind, FORMAT_VERSION, *parts], default=_default, sort_keys=True,
                         ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]


def file_digest(path: str | Path) -> str:
    return file_sha256(path)[:32]
