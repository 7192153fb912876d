"""One writer per output folder at a time.

Every command that writes into a folder (``slides``, ``audio``, ``video``, ``segment``, ``build``,
``import``/``fmt`` with ``-o``) holds this lock while it writes.  It is an OS file lock
(``fcntl.flock`` on POSIX, ``msvcrt.locking`` on Windows) on ``<folder>/.lecturecast.lock``; the OS
releases it when the process dies, even by SIGKILL, so a killed build never leaves a stale lock.

The file exists only while a writer runs: the holder deletes it *before* it lets go of the lock, and
a process that got the lock checks that the path still names the file it locked (same inode) —
otherwise the holder before it deleted it in between, and it locks the new file instead.  So two
writers can never hold "the" lock at once, and a finished build leaves no lock file behind (a
SIGKILLed one leaves an unlocked file, removed by the next writer).  On Windows an open file cannot
be deleted, so there the file stays (and is reused).
"""
from __future__ import annotations

import contextlib
import os
import sys
import time
from pathlib import Path
from types import TracebackType
from typing import Iterator

from ..errors import BuildLocked
from ..outdir import OwnedFiles

if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
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
        deadline = time.monotonic() + self.wait
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            if _try_lock(fd):
                if self._still_named(fd):
                    break
                os.close(fd)  # the previous holder removed this file after we opened it: retry
                continue
            if time.monotonic() >= deadline:
                holder = self._holder(fd)
                os.close(fd)
                raise BuildLocked(
                    f"another build is writing to {self.path.parent}{holder}",
                    hint="wait for it to finish, or pass --wait SECONDS",
                )
            os.close(fd)
            time.sleep(0.2)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd
        return self

    def _still_named(self, fd: int) -> bool:
        try:
            st = os.stat(self.path)
        except FileNotFoundError:
            return False
        mine = os.fstat(fd)
        return (st.st_dev, st.st_ino) == (mine.st_dev, mine.st_ino)

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
        if self._fd is None:
            return
        try:
            if os.name != "nt":  # delete while still holding the lock (see the module docs)
                with contextlib.suppress(OSError):
                    os.unlink(self.path)
            _unlock(self._fd)
        finally:
            os.close(self._fd)
            self._fd = None


@contextlib.contextmanager
def writing_to(folder: str | os.PathLike[str], wait: float = 0.0) -> Iterator[OwnedFiles]:
    """Hold ``folder``'s lock; yield its record of lecturecast's files, after removing temp files a
    killed run left there.  Everything that writes into an output folder goes through this."""
    with BuildLock(folder, wait=wait):
        owned = OwnedFiles.load(folder)
        owned.sweep(owned.folders())  # we hold the lock: temp files of ours here are from a killed run
        yield owned
