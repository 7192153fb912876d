"""One error hierarchy for lecturecast.

Every error a user can cause (bad script, missing asset, dead TTS service, locked build, ...) is a
:class:`LecturecastError`.  Its message says *what happened, where, and what to do*; the CLI turns it
into one line on stderr and a non-zero exit code (see :mod:`lecturecast.cli`).  Library code raises,
logs, and never prints.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Location:
    """A place in an input file: path plus 1-based line (and optional column)."""

    path: str | None
    line: int | None = None
    column: int | None = None

    def __str__(self) -> str:
        text = self.path or "<input>"
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        return text


class LecturecastError(Exception):
    """Base class.  ``hint`` tells the user what to do next."""

    exit_code = 1

    def __init__(self, message: str, *, location: Location | None = None, hint: str | None = None):
        super().__init__(message)
        self.message = message
        self.location = location
        self.hint = hint

    def __str__(self) -> str:
        text = f"{self.location}: {self.message}" if self.location else self.message
        if self.hint:
            text += f" ({self.hint})"
        return text


class ScriptError(LecturecastError):
    """The script cannot be read or parsed (encoding, binary, malformed front matter, ...)."""

    exit_code = 2


class LintFailed(LecturecastError):
    """Lint found errors (the findings themselves were already reported)."""

    exit_code = 3


class AssetError(LecturecastError):
    """A referenced asset (image, music, theme, font, template, lexicon) is missing or unusable."""


class UnsafePathError(LecturecastError):
    """A path in a script or option points outside the project / lecture folder."""


class EngineError(LecturecastError):
    """A speech engine failed or is unavailable."""


class EngineUnavailable(EngineError):
    """The engine cannot run here at all (not installed, offline, voice missing)."""


class ServiceError(EngineError):
    """A remote TTS service answered with errors or did not answer in time."""


class MediaError(LecturecastError):
    """ffmpeg / audio / image processing failed."""


class BuildLocked(LecturecastError):
    """Another build of the same lecture is running."""

    exit_code = 4


class DiskFullError(LecturecastError):
    """The output or cache disk is full."""


class ConfigError(LecturecastError):
    """An option or front-matter value is invalid."""


def path_location(path: str | Path | None, line: int | None = None) -> Location:
    return Location(str(path) if path is not None else None, line)
