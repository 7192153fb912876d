"""Voice specs and the speaker → voice assignment.

A voice spec is ``engine:name?key=value&key=value``, e.g. ``gtts:en?tld=co.uk``,
``piper:joe?length_scale=1.1&pitch=2``, ``piper:/path/voice.onnx``, ``espeak:en-us+f3``.  Speakers
without a front-matter ``voices:`` entry get ``auto:N`` where N is the speaker's position in the
lecture (order of first appearance, the narrator included), and each engine maps N to a distinct
default variant — so the same speaker gets the same voice on every run.

A piper model named by path must lie inside the lecture's project (``--root``), and a gTTS ``tld`` must
be a Google domain ending (:func:`confined_voice`): a script cannot make lecturecast load a model from
elsewhere or send its narration to another host.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qsl, quote, urlencode

from ..errors import ConfigError, UnsafePathError
from ..model import Lecture
from ..paths import confine, field_location, project_of

ENGINE_FAMILIES = ("gtts", "piper", "espeak", "auto")


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


def parse_voice(spec: str) -> VoiceSpec:
    """``"piper:joe?length_scale=1.1"`` → VoiceSpec("piper", "joe", (("length_scale", "1.1"),))."""
    text = spec.strip()
    engine, sep, rest = text.partition(":")
    engine = engine.strip().lower()
    if engine == "espeak-ng":
        engine = "espeak"
    if engine not in ENGINE_FAMILIES:  # a bare family ("piper", "auto") means its default voice
        raise ConfigError(f"voice spec {spec!r} must start with one of {', '.join(ENGINE_FAMILIES)}:",
                          hint="e.g. 'gtts:en?tld=co.uk', 'piper:joe?length_scale=1.1', 'espeak:en-us+f3'")
    name, _, query = rest.partition("?")
    options = tuple(sorted(parse_qsl(query, keep_blank_values=True))) if query else ()
    return VoiceSpec(engine, name.strip(), options)


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


BUNDLED_PIPER = ("", "joe", "default", "en_US-joe-medium")
_GOOGLE_TLD = re.compile(r"^(?:com|co|[a-z]{2}|com?\.[a-z]{2})$")  # translate.google.<tld>: com, co.uk, com.au, fr


def confined_voice(lecture: Lecture, spec: VoiceSpec, text: str) -> str:
    """``text`` (the spec as written), with what it points at kept in bounds: a piper model file must be
    inside the lecture's project (it becomes its real path, :mod:`lecturecast.paths`), a gTTS ``tld``
    must be one of Google's country domains (it names the host the narration is sent to), an espeak-ng
    voice must be a name, not a path."""
    project = project_of(lecture)
    if spec.engine == "piper" and spec.name not in BUNDLED_PIPER:
        model = confine(spec.name, project, "front matter 'voices' (piper model)",
                        where=field_location(project, "voices"))
        return str(VoiceSpec(spec.engine, str(model), spec.options))
    parts = spec.name.replace("\\", "/").split("/")
    if spec.engine == "espeak" and (not parts[0] and len(parts) > 1 or ".." in parts):
        raise UnsafePathError(f"voice {text!r} names a file outside espeak-ng's voices",
                              location=field_location(project, "voices"), hint="use a voice name, e.g. espeak:en-us+f3")
    tld = spec.opts.get("tld")
    if spec.engine in ("gtts", "auto") and tld is not None and not _GOOGLE_TLD.match(tld):
        raise ConfigError(f"voice {text!r}: tld={tld!r} is not a Google domain ending",
                          location=field_location(project, "voices"), hint="e.g. tld=com, tld=co.uk, tld=com.au")
    return text


def voice_for_speaker(lecture: Lecture, speaker: str | None) -> str:
    """The voice spec string for ``speaker``: front matter first, else ``auto:N``."""
    explicit = lecture.meta.voice_for(speaker)
    if explicit:
        spec = parse_voice(explicit)  # validate early, with a clear message
        if not spec.name and spec.engine == "auto":  # "auto": keep distinct defaults per speaker
            return f"auto:{speaker_index(lecture, speaker)}"
        return confined_voice(lecture, spec, explicit)
    return f"auto:{speaker_index(lecture, speaker)}"
