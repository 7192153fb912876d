"""Voice specs and the speaker → voice assignment.

A voice spec is ``engine:name?key=value&key=value``, e.g. ``gtts:en?tld=co.uk``,
``piper:joe?length_scale=1.1&pitch=2``, ``piper:voices/x.onnx`` (a file inside the lecture's
project: the script's folder or ``--root``), ``espeak:en-us+f3``.  Speakers
without a front-matter ``voices:`` entry get ``auto:N`` where N is the speaker's position in the
lecture (order of first appearance, the narrator included), and each engine maps N to a distinct
default variant — so the same speaker gets the same voice on every run.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable
from urllib.parse import parse_qsl, quote, urlencode

from ..errors import ConfigError, Location, UnsafePathError
from ..model import Lecture
from ..paths import confine, field_location, project_of

ENGINE_FAMILIES = ("gtts", "piper", "espeak", "auto")


def _number(low: float, high: float, integer: bool = False) -> Callable[[str], str | None]:
    """A check for a numeric option in [low, high]; returns the problem, or None when fine."""
    def check(value: str) -> str | None:
        try:
            number = float(value)
        except ValueError:
            return f"is not a number (use {low:g}–{high:g})"
        if not math.isfinite(number) or not low <= number <= high:
            return f"is out of range (use {low:g}–{high:g})"
        if integer and number != int(number):
            return "must be a whole number"
        return None
    return check


def _choice(*allowed: str) -> Callable[[str], str | None]:
    return lambda value: None if value.lower() in allowed else f"must be one of {', '.join(allowed)}"


def _pattern(regex: str, example: str) -> Callable[[str], str | None]:
    compiled = re.compile(regex)
    return lambda value: None if compiled.fullmatch(value) else f"is not valid (e.g. {example})"


#: Google domains gTTS may be sent to: ``com``, a country code, ``co.xx`` or ``com.xx``.
GOOGLE_TLD = r"com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2}"
BOOLEAN = _choice("0", "1", "true", "false", "yes", "no")

#: option name → check, per engine family; every option an engine reads is listed here
OPTIONS: dict[str, dict[str, Callable[[str], str | None]]] = {
    "gtts": {"tld": _pattern(GOOGLE_TLD, "tld=co.uk"), "slow": BOOLEAN, "tempo": _number(0.5, 2.0)},
    "piper": {"length_scale": _number(0.1, 10.0), "noise_scale": _number(0.0, 2.0), "noise_w": _number(0.0, 2.0),
              "speaker": _number(0, 100_000, integer=True), "pitch": _number(-24.0, 24.0)},
    "espeak": {"speed": _number(20, 1000), "pitch": _number(0, 99)},
    "auto": {},
}
#: the voice name per engine family (gtts: a language code; espeak: a voice and variant; auto: a slot)
NAMES: dict[str, Callable[[str], str | None]] = {
    "gtts": _pattern(r"[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*", "gtts:en, gtts:zh-CN"),
    # a voice name, optionally under its language family (gmw/en-US), never a path that climbs out
    "espeak": _pattern(r"[A-Za-z0-9][A-Za-z0-9_-]*(/[A-Za-z0-9][A-Za-z0-9_-]*)*(\+[A-Za-z0-9_-]+)?", "espeak:en-us+f3"),
    "auto": _pattern(r"\d{1,5}", "auto:1"),
}


@dataclass(frozen=True)
class VoiceSpec:
    engine: str
    name: str = ""
    options: tuple[tuple[str, str], ...] = ()

    @property
    def opts(self) -> dict[str, str]:
        return dict(self.options)

    def get_float(self, key: str, default: float) -> float:
        value = self.opts.get(key)
        if value is None:
            return default
        try:
            return float(value)
        except ValueError as exc:
            raise ConfigError(f"voice {self}: option {key}={value!r} is not a number",
                              hint="write e.g. length_scale=1.1") from exc

    def with_options(self, **extra: object) -> "VoiceSpec":
        opts = self.opts
        opts.update({k: f"{v:g}" if isinstance(v, float) else str(v) for k, v in extra.items()})
        return VoiceSpec(self.engine, self.name, tuple(sorted(opts.items())))

    def __str__(self) -> str:
        text = f"{self.engine}:{self.name}"
        if self.options:
            text += "?" + urlencode(self.options, quote_via=quote, safe="/+")
        return text


def _problem(engine: str, name: str, options: tuple[tuple[str, str], ...]) -> str | None:
    """What is wrong with a parsed spec (unknown option, untyped value, bad name), or None."""
    checks = OPTIONS[engine]
    for key, value in options:
        if key not in checks:
            known = ", ".join(checks) or "none"
            return f"unknown option {key!r} for {engine} voices (known: {known})"
        problem = checks[key](value)
        if problem:
            return f"option {key}={value!r} {problem}"
    if name and engine in NAMES:
        problem = NAMES[engine](name)
        if problem:
            return f"voice name {name!r} {problem}"
    return None


def parse_voice(spec: str, location: Location | None = None) -> VoiceSpec:
    """``"piper:joe?length_scale=1.1"`` → VoiceSpec("piper", "joe", (("length_scale", "1.1"),)).

    Raises ConfigError (at ``location``) for an unknown engine, an unknown option, a value of the
    wrong type or range, or a malformed voice name — before any engine runs."""
    text = str(spec).strip()
    engine, _, rest = text.partition(":")
    engine = engine.strip().lower()
    if engine == "espeak-ng":
        engine = "espeak"
    if engine not in ENGINE_FAMILIES:  # a bare family ("piper", "auto") means its default voice
        raise ConfigError(f"voice spec {spec!r} must start with one of {', '.join(ENGINE_FAMILIES)}:",
                          location=location,
                          hint="e.g. 'gtts:en?tld=co.uk', 'piper:joe?length_scale=1.1', 'espeak:en-us+f3'")
    name, _, query = rest.partition("?")
    options = tuple(sorted(parse_qsl(query, keep_blank_values=True))) if query else ()
    problem = _problem(engine, name.strip(), options)
    if problem:
        raise ConfigError(f"voice {text!r}: {problem}", location=location,
                          hint="see docs/voice.md, section Voices")
    return VoiceSpec(engine, name.strip(), options)


def _spec_location(lecture: Lecture, spec: str) -> Location | None:
    """Where ``spec`` is written in the lecture's script (the first line that contains it)."""
    if not lecture.path:
        return None
    try:
        lines = Path(lecture.path).read_text("utf-8", errors="replace").splitlines()
    except OSError:
        return Location(str(lecture.path))
    line = next((n for n, text in enumerate(lines, 1) if spec.strip() in text), None)
    return Location(str(lecture.path), line)


def _is_voice_file(spec: VoiceSpec) -> bool:
    return spec.engine == "piper" and ("/" in spec.name or "\\" in spec.name or spec.name.endswith(".onnx"))


def _inside_project(lecture: Lecture, spec: VoiceSpec) -> VoiceSpec:
    """A piper voice file named by the script, confined to the lecture's project (``--root`` or the
    script's folder; no link may lead out, :mod:`lecturecast.paths`), as its real path; names
    (``piper:joe``) are left to the engine."""
    if not _is_voice_file(spec):
        return spec
    project = project_of(lecture)
    model = confine(spec.name, project, "front matter 'voices' (piper model)", where=field_location(project, "voices"))
    return VoiceSpec(spec.engine, str(model), spec.options)


def check_voices(lecture: Lecture) -> dict[str, VoiceSpec]:
    """Every front-matter voice, parsed and type-checked, voice files resolved inside the script's
    folder (ConfigError / UnsafePathError with the script's location)."""
    checked: dict[str, VoiceSpec] = {}
    for speaker, spec in lecture.meta.voices:
        try:
            checked[speaker] = _inside_project(lecture, parse_voice(spec))
        except (ConfigError, UnsafePathError) as exc:
            raise type(exc)(f"{exc.message} (voice of {speaker})", location=_spec_location(lecture, spec),
                            hint=exc.hint) from None
    return checked


def lecture_speakers(lecture: Lecture) -> tuple[str, ...]:
    """Speakers in order of first appearance (the narrator for unlabeled narration).

    Same as ``Lecture.speakers`` but tolerant of spoken Code blocks (which carry no speaker)."""
    names: list[str] = []
    for seg in lecture.segments:
        for block in seg.spoken_blocks():
            name = getattr(block, "speaker", None) or lecture.meta.narrator
            if name not in names:
                names.append(name)
    return tuple(names)


def speaker_index(lecture: Lecture, speaker: str | None) -> int:
    name = speaker or lecture.meta.narrator
    speakers = list(lecture_speakers(lecture))
    if name in speakers:
        return speakers.index(name)
    return len(speakers)


def voice_for_speaker(lecture: Lecture, speaker: str | None) -> str:
    """The voice spec string for ``speaker``: front matter first, else ``auto:N``."""
    explicit = lecture.meta.voice_for(speaker)
    if explicit:
        spec = check_voices(lecture)[speaker or lecture.meta.narrator]  # validated, with a location
        if not spec.name and spec.engine == "auto":  # "auto": keep distinct defaults per speaker
            return f"auto:{speaker_index(lecture, speaker)}"
        return str(spec)
    return f"auto:{speaker_index(lecture, speaker)}"
