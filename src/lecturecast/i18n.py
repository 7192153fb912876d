"""Interface text in the lecture's language (``assets/i18n/<lang>.yaml``).

Every word lecturecast itself puts on a slide, card, handout page or caption/description file
("Thank you", "Part 2", "cont.", "Slide 3 of 20", …) comes from one of these files, chosen by the
front matter's ``language:`` (``es``, ``pt-BR`` → ``pt``, ``ja``, …).  A language without a file, or
a key a file lacks, falls back to English (logged at debug level).  Templates see the strings as
``ui`` (``{{ ui.thank_you }}``, ``{{ ui.slide_of.format(number=3, total=20) }}``); code calls
:func:`interface`.
"""
from __future__ import annotations

import functools
import logging
from types import MappingProxyType
from typing import Mapping

import yaml

from .assets import assets_dir, load_words_yaml
from .errors import AssetError

log = logging.getLogger(__name__)
DEFAULT = "en"


def base_language(language: str | None) -> str:
    """``pt-BR`` / ``pt_BR`` / ``PT`` → ``pt``; empty → ``en``."""
    code = (language or DEFAULT).strip().replace("_", "-").split("-")[0].lower()
    return code if code.isalpha() else DEFAULT


def _read(code: str) -> dict[str, str] | None:
    path = assets_dir() / "i18n" / f"{code}.yaml"
    if not path.is_file():
        return None
    try:
        data = load_words_yaml(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise AssetError(f"interface strings {path} cannot be read: {exc}", hint="fix the YAML") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise AssetError(f"interface strings {path} must map names to text", hint="see assets/i18n/en.yaml")
    return {str(k): v for k, v in data.items()}


@functools.lru_cache(maxsize=32)
def interface(language: str | None) -> Mapping[str, str]:
    """The interface strings for ``language`` (English for what it lacks); read-only."""
    english = _read(DEFAULT)
    if english is None:
        raise AssetError("assets/i18n/en.yaml is missing", hint="restore it from the lecturecast sources")
    code = base_language(language)
    own = _read(code) if code != DEFAULT else english
    if own is None:
        log.debug("no interface strings for language %r; using English", language)
        own = {}
    missing = sorted(set(english) - set(own))
    if own and missing:
        log.debug("interface strings for %r lack %s; using English for them", code, ", ".join(missing))
    return MappingProxyType({**english, **own})


def text(language: str | None, key: str, **values: object) -> str:
    """One interface string with its ``{name}`` parts filled in."""
    return interface(language)[key].format(**values)
