"""One build per output folder at a time.

Uses an OS file lock (``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) on
``<output>/.lecturecast.lock``.  The OS releases it when the process dies, even by SIGKILL, so a
killed build never leaves a stale lock behind.
"""
from __future__ import annotations

import os
import time
from pathlib import Path
from types import TracebackType

from ..errors import BuildLocked

if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int) -> bool:
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)


class BuildLock:
    """Context manager: ``with BuildLock(out_dir, wait=0): ...``; ``wait`` seconds before giving up."""

    def __init__(self, folder: str | os.PathLike[str], wait: float = 0.0):
        self.path = Path(folder) / ".lecturecast.lock"
        self.wait = wait
        self._fd: int | None = None

    def __enter__(self) -> "BuildLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        deadline = time.monotonic() + self.wait
        while not _try_lock(fd):
            if time.monotonic() >= deadline:
                holder = self._holder(fd)
                os.close(fd)
                raise BuildLocked(
                    f"another build of {self.path.parent} is running{holder}",
                    hint="wait for it to finish, or pass --wait SECONDS",
                )
            time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    @staticmethod
    def _holder(fd: int) -> str:
        try:
            os.lseek(fd, 0, os.SEEK_SET)
            pid = os.read(fd, 32).decode().strip()
            return f" (pid {pid})" if pid else ""
        except OSError:
            return ""

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if self._fd is not None:
            try:
                _unlock(self._fd)
            finally:
                os.close(self._fd)
                self._fd = None
