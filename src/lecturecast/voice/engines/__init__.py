"""Speech engines behind one interface (see base.Engine) and ``get_engine(name, **options)``."""
from __future__ import annotations

from typing import Any

from ...errors import ConfigError
from .base import Engine

ENGINE_NAMES = ("gtts", "piper", "espeak", "auto")


def get_engine(name: str = "auto", **options: Any) -> Engine:
    """Create an engine: ``gtts`` | ``piper`` | ``espeak`` (``espeak-ng``) | ``auto``.

    Options go to the engine (unknown ones are ignored): gtts: timeout, retries, backoff,
    max_backoff, max_total, lang; piper: voice (name or .onnx path); espeak: binary; auto: all of
    them plus probe_timeout.  Each engine's constructor checks and converts its own options.
    """
    key = (name or "auto").lower()
    if key == "gtts":
        from .gtts_engine import GttsEngine
        return GttsEngine(**options)
    if key == "piper":
        from .piper_engine import PiperEngine
        return PiperEngine(**options)
    if key in ("espeak", "espeak-ng"):
        from .espeak_engine import EspeakEngine
        return EspeakEngine(**options)
    if key == "auto":
        from .auto import AutoEngine
        return AutoEngine(**options)
    raise ConfigError(f"unknown speech engine {name!r}", hint=f"use one of {', '.join(ENGINE_NAMES)}")


__all__ = ["Engine", "get_engine", "ENGINE_NAMES"]
