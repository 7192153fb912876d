"""Atomic file writes and safe paths.

Every output lecturecast writes goes through :func:`atomic_path` / :func:`write_text_atomic` /
:func:`write_bytes_atomic`: the data is written to a temporary file *in the same directory* and
``os.replace``-d onto the target only when complete, so a crash (even SIGKILL) leaves either the
previous good file or the new good file, never a truncated one.
"""
from __future__ import annotations

import contextlib
import errno
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from .errors import DiskFullError
from .paths import Project, confine

TEMP_PREFIX = ".lecturecast-tmp."  # every temporary name lecturecast makes starts with this (see is_temp_name)

_UMASK = os.umask(0)
os.umask(_UMASK)
_FILE_MODE = 0o666 & ~_UMASK  # mkstemp makes 0600 files; outputs get the usual permissions


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike[str], suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path next to ``target``; rename it onto ``target`` on success.

    The temporary name keeps the target's extension (ffmpeg and others pick formats by it).
    On any exception the temporary file is removed and the target is untouched.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    ext = suffix if suffix is not None else target.suffix
    fd, tmp_name = tempfile.mkstemp(prefix=f"{TEMP_PREFIX}{target.stem}.", suffix=f".part{ext}", dir=target.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        if not tmp.exists() or tmp.stat().st_size == 0:
            raise OSError(f"nothing was written to {target}")
        _fsync(tmp)
        os.chmod(tmp, _FILE_MODE)
        os.replace(tmp, target)
    except OSError as exc:
        _unlink(tmp)
        if exc.errno == errno.ENOSPC:
            raise DiskFullError(f"disk full while writing {target}", hint="free some space and build again") from exc
        raise
    except BaseException:
        _unlink(tmp)
        raise


def temp_name(target: str | os.PathLike[str], tag: str = "") -> Path:
    """A fresh temporary name next to ``target`` that :func:`is_temp_name` recognises as ours
    (unique per process and call; the caller creates and removes the file)."""
    target = Path(target)
    unique = f"{os.getpid()}.{os.urandom(4).hex()}"
    return target.with_name(f"{TEMP_PREFIX}{target.stem}.{unique}.part{tag}{target.suffix}")


def is_temp_name(name: str) -> bool:
    """True for the temporary names lecturecast makes (:func:`atomic_path`, :func:`temp_name`);
    only these may be swept after an interrupted build — never a teacher's ``.something.part`` file."""
    return name.startswith(TEMP_PREFIX) and ".part" in name


def write_bytes_atomic(target: str | os.PathLike[str], data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_text_atomic(target: str | os.PathLike[str], text: str, encoding: str = "utf-8") -> Path:
    return write_bytes_atomic(target, text.encode(encoding))


def _fsync(path: Path) -> None:
    try:
        with open(path, "rb") as fh:
            os.fsync(fh.fileno())
    except OSError:  # pragma: no cover - some filesystems refuse fsync; the rename is still atomic
        pass


def _unlink(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.unlink()


def file_sha256(path: str | os.PathLike[str], chunk: int = 1 << 20) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks (fonts, voice models, scripts)."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def resolve_inside(base: str | os.PathLike[str], relative: str, what: str = "path") -> Path:
    """Resolve ``relative`` against ``base`` and refuse anything that escapes ``base`` (URLs, absolute
    paths outside it, ``..``, symlinks out): :func:`lecturecast.paths.confine` with ``base`` as root."""
    root = Path(os.path.realpath(base))
    return confine(relative, Project(root, root), what)
