"""Reading script files: bytes → clean text (encodings, BOMs, line endings) with clear errors."""
from __future__ import annotations

import codecs
import logging
import os
import re
from pathlib import Path

from ..errors import ScriptError, path_location

log = logging.getLogger(__name__)

MAX_BYTES = 20 * 1024 * 1024

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


# code points XML (PPTX, captions) cannot hold: C0 controls but tab/newline, lone surrogates, U+FFFE/U+FFFF
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml_safe(match: re.Match[str]) -> str:
    return " " if match.group() < " " else ""  # a control character separated words; the others are dropped


def _newlines(text: str) -> str:
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def normalise_newlines(text: str) -> str:
    """``\n`` line ends (from CRLF or CR), no leading byte-order mark and no XML-invalid code points."""
    text = _newlines(text)
    return _XML_INVALID.sub(_xml_safe, text) if _XML_INVALID.search(text) else text


def _report_invalid(text: str, where: str | None) -> None:
    first = _XML_INVALID.search(text)
    if first is not None:
        count = sum(1 for _ in _XML_INVALID.finditer(text))
        log.warning("%s: removed %d character(s) a slide or caption cannot hold (the first is U+%04X)",
                    path_location(where, text.count("\n", 0, first.start()) + 1), count, ord(first.group()))


def _line_of(data: bytes, offset: int) -> int:
    return data.count(b"\n", 0, offset) + 1


def decode_script_bytes(data: bytes, path: str | os.PathLike[str] | None = None) -> str:
    """Decode a script file's bytes: UTF-8 (BOM optional), UTF-16/32 with BOM, CP1252/Latin-1 fallback."""
    where = str(path) if path is not None else None
    if len(data) > MAX_BYTES:
        raise ScriptError(f"script is too large ({len(data) // (1024 * 1024)} MB, limit 20 MB)",
                          location=path_location(where), hint="split it into several lectures")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as exc:
                raise ScriptError(f"file starts with a {encoding} byte-order mark but is not valid {encoding}",
                                  location=path_location(where), hint="re-save it as UTF-8") from exc
            return _check_text(text, where)
    if b"\x00" in data:
        line = _line_of(data, data.index(b"\x00"))
        raise ScriptError("this looks like a binary file (it contains NUL bytes), not a lecture script",
                          location=path_location(where, line), hint="pass the .md/.txt script, saved as UTF-8 text")
    if not data.strip():
        raise ScriptError("the script is empty", location=path_location(where),
                          hint="write or paste the lecture script into it first")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
            log.info("%s is not UTF-8; read it as Windows-1252/Latin-1", where or "script")
        except UnicodeDecodeError:
            text = data.decode("latin-1")
            log.info("%s is not UTF-8; read it as Latin-1", where or "script")
    return _check_text(text, where)


def _check_text(text: str, where: str | None) -> str:
    text = _newlines(text)
    if not text.strip():
        raise ScriptError("the script is empty", location=path_location(where),
                          hint="write or paste the lecture script into it first")
    bad = sum(1 for ch in text[:20000] if (ord(ch) < 32 and ch not in "\n\t\f\v") or ch == "\ufffd")
    if bad > max(8, len(text[:20000]) // 50):
        raise ScriptError("this does not look like a text file (too many control characters)",
                          location=path_location(where), hint="pass the .md/.txt script, saved as UTF-8 text")
    # stray control characters and U+FFFE/U+FFFF are removed (reported) so regexes, YAML and XML stay happy
    _report_invalid(text, where)
    return normalise_newlines(text)


def read_script_text(path: str | os.PathLike[str]) -> str:
    """Read and decode a script file.  Raises :class:`ScriptError` for missing/empty/binary/huge files."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise ScriptError(f"script is too large ({size // (1024 * 1024)} MB, limit 20 MB)",
                              location=path_location(p), hint="split it into several lectures")
        data = p.read_bytes()
    except FileNotFoundError as exc:
        raise ScriptError("script not found", location=path_location(p), hint="check the file name") from exc
    except IsADirectoryError as exc:
        raise ScriptError("this is a folder, not a script file", location=path_location(p)) from exc
    except PermissionError as exc:
        raise ScriptError("cannot read the script (permission denied)", location=path_location(p)) from exc
    except OSError as exc:
        raise ScriptError(f"cannot read the script: {exc.strerror or exc}", location=path_location(p)) from exc
    return decode_script_bytes(data, p)
