"""The record of what lecturecast wrote into an output folder — the only files it may replace or delete.

A teacher's output folder is shared: their own images, recordings and notes may sit beside the deck
and the MP4, even at names lecturecast uses.  Every command that writes there (``slides``, ``audio``,
``video``, ``segment``, ``build``) keeps one record, the sidecar :data:`RECORD` (JSON, relative path →
size, modification time and group), and follows three rules:

1. **Claim before writing** (:meth:`OwnedFiles.claim`): a name is added to the record (and the record
   saved) *before* the file is written, so even a build killed mid-way knows its files afterwards.  A
   file already at that name that is not ours — not in the record, or changed since we wrote it (its
   size or modification time differs) — is first renamed aside to ``NAME.kept.EXT`` (``.kept-2`` …)
   with a warning: a build never overwrites what it did not write.
2. **Prune only our own** (:meth:`OwnedFiles.prune`): files of a group (e.g. the slide images) that
   this run no longer produces are deleted only when they are in the record *and* unchanged since.
3. **Record what was written** (:meth:`OwnedFiles.record`) with its fingerprint, then :meth:`save`.

The caller holds the folder's lock (:class:`lecturecast.pipeline.lock.BuildLock`) while it does this.
"""
from __future__ import annotations

import json
import logging
import os
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, TypeGuard

from .fsutil import TEMP_PREFIX, is_temp_name, write_text_atomic

log = logging.getLogger(__name__)

RECORD = ".lecturecast-files.json"
RECORD_VERSION = 1
OUTPUT = "output"  # group of whole-lecture outputs (deck, MP4, ...): replaced, never pruned

# names a build of an older version (no record yet) wrote beside build.json
_LEGACY_SIDECARS = ("build.json", "drift.txt", "lecture.srt", "lecture.vtt", "chapters.vtt", "description.txt")


@dataclass(frozen=True)
class Entry:
    group: str
    size: int | None = None  # None: claimed, not yet written (or recorded by an older version)
    mtime_ns: int | None = None

    def matches(self, path: Path) -> bool:
        """True when ``path`` is still the file we wrote (or a claim we have not written yet)."""
        if self.size is None:
            return True
        try:
            st = path.lstat()
        except OSError:
            return False
        return st.st_size == self.size and st.st_mtime_ns == self.mtime_ns


class OwnedFiles:
    """The files lecturecast wrote in ``folder`` (see the module docs for the rules)."""

    def __init__(self, folder: str | os.PathLike[str], entries: dict[str, Entry] | None = None):
        self.folder = Path(folder)
        self.entries: dict[str, Entry] = dict(entries or {})
        self._swept: set[Path] = set()

    # ------------------------------------------------------------------------------ load / save
    @classmethod
    def load(cls, folder: str | os.PathLike[str]) -> "OwnedFiles":
        folder = Path(folder)
        try:
            data = json.loads((folder / RECORD).read_text("utf-8"))
            entries = {name: Entry(str(e["group"]), e.get("size"), e.get("mtime_ns"))
                       for name, e in data["files"].items() if _is_relative(name)}
            return cls(folder, entries)
        except FileNotFoundError:
            return cls(folder, _legacy_entries(folder))
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
            # without a trustworthy record nothing here is ours: we then replace and prune nothing
            log.warning("ignoring unreadable %s (%s): files at lecturecast's names will be kept aside",
                        folder / RECORD, exc)
            return cls(folder)

    def save(self) -> Path:
        data = {"lecturecast_files": RECORD_VERSION,
                "about": "files lecturecast wrote in this folder; only these may be replaced or deleted",
                "files": {name: {"group": e.group, "size": e.size, "mtime_ns": e.mtime_ns}
                          for name, e in sorted(self.entries.items())}}
        return write_text_atomic(self.folder / RECORD, json.dumps(data, indent=1) + "\n")

    # ------------------------------------------------------------------------------ the rules
    def claim(self, paths: Iterable[Path], group: str = OUTPUT) -> list[Path]:
        """Make ``paths`` ours to write: set aside any file there that is not ours, add the names to
        the record and save it.  Returns where set-aside files went."""
        kept = []
        paths = list(paths)
        # temp files of ours a killed run left beside these names (the caller holds the lock)
        self.sweep({Path(p).parent for p in paths})
        for path in paths:
            name = self.name(path)
            entry = self.entries.get(name)
            if os.path.lexists(path) and (entry is None or not entry.matches(path)):
                kept.append(self._set_aside(path, name, entry))
                entry = None
            self.entries[name] = Entry(group) if entry is None else Entry(group, entry.size, entry.mtime_ns)
        self.save()
        return kept

    def record(self, paths: Iterable[Path], group: str = OUTPUT) -> None:
        """Remember the fingerprints of files just written (call :meth:`save` afterwards)."""
        for path in paths:
            try:
                st = Path(path).lstat()
            except FileNotFoundError:
                continue
            self.entries[self.name(path)] = Entry(group, st.st_size, st.st_mtime_ns)

    def prune(self, group: str, keep: Iterable[Path]) -> list[str]:
        """Delete the files of ``group`` we wrote earlier that are not in ``keep`` — only those still
        unchanged since we wrote them; returns their names.  Changed ones are left (and forgotten)."""
        wanted = {self.name(p) for p in keep}
        removed = []
        for name, entry in sorted(self.entries.items()):
            if entry.group != group or name in wanted:
                continue
            path = self.folder / name
            del self.entries[name]
            if not os.path.lexists(path):
                continue
            if not (entry.matches(path) and stat.S_ISREG(path.lstat().st_mode)):
                log.warning("%s changed since lecturecast wrote it; leaving it in place", path)
                continue
            path.unlink()
            removed.append(name)
        if removed:
            log.info("removed %d file(s) of %s no longer produced: %s", len(removed), self.folder,
                     ", ".join(removed[:5]) + (" …" if len(removed) > 5 else ""))
        return removed

    def sweep(self, folders: Iterable[Path]) -> int:
        """Remove temp files of ours from ``folders`` (each once per run; the caller holds the lock)."""
        todo = {Path(f) for f in folders} - self._swept
        self._swept |= todo
        return sweep_partials(sorted(todo), min_age=0.0)

    def folders(self) -> list[Path]:
        """The output folder and every subfolder a recorded file lives in (where temp files of ours
        can be left by a killed build)."""
        subs = {(self.folder / name).parent for name in self.entries}
        return sorted({self.folder, *subs})

    def name(self, path: str | os.PathLike[str]) -> str:
        """``path`` (inside the folder) as the record's relative name."""
        path = Path(path)
        try:
            return path.relative_to(self.folder).as_posix()
        except ValueError:
            return path.resolve().relative_to(self.folder.resolve()).as_posix()

    def _set_aside(self, path: Path, name: str, entry: Entry | None) -> Path:
        stem, suffix = path.stem, path.suffix
        for n in range(1, 10_000):
            target = path.with_name(f"{stem}.kept{'' if n == 1 else f'-{n}'}{suffix}")
            if not os.path.lexists(target):
                break
        os.rename(path, target)
        why = "was not written by lecturecast" if entry is None else "changed since lecturecast wrote it"
        log.warning("%s %s: kept it as %s", path, why, target.name)
        return target


def _is_relative(name: object) -> TypeGuard[str]:
    """Record entries are plain relative paths inside the folder (a hand-edited record cannot make a
    build delete anything outside it)."""
    if not isinstance(name, str) or not name or name.startswith("/") or "\\" in name:
        return False
    return all(part not in ("", ".", "..") for part in name.split("/"))


def _legacy_entries(folder: Path) -> dict[str, Entry]:
    """An output folder built before the record existed: the files its ``build.json`` names are ours."""
    try:
        manifest = json.loads((folder / "build.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict):
        return {}
    names = [s.get("file") for s in manifest.get("slides", []) if isinstance(s, dict)]
    names += [seg.get("audio", {}).get("file") for seg in manifest.get("segments", {}).values()
              if isinstance(seg, dict) and isinstance(seg.get("audio"), dict)]
    names += [o.get("file") for o in manifest.get("outputs", {}).values() if isinstance(o, dict)]
    names += list(_LEGACY_SIDECARS)
    group = {"slides": "slides", "audio": "build-audio"}
    return {n: Entry(group.get(n.split("/")[0], OUTPUT)) for n in names if _is_relative(n)}


def sweep_partials(folders: Iterable[Path], min_age: float, recursive: bool = False) -> int:
    """Remove temp files of ours (:func:`~lecturecast.fsutil.is_temp_name`) older than ``min_age``
    seconds — left by killed runs — from ``folders`` (and their subfolders with ``recursive``);
    returns how many.  Call it only while holding the folder's lock, or (the shared cache) with an age
    no running build reaches.  Any other file, such as a teacher's ``.notes.part2.md``, is never touched."""
    now, removed = time.time(), 0
    for folder in folders:
        if not Path(folder).is_dir():
            continue
        pattern = TEMP_PREFIX + "*"
        for path in Path(folder).rglob(pattern) if recursive else Path(folder).glob(pattern):
            try:
                if is_temp_name(path.name) and path.is_file() and now - path.stat().st_mtime >= min_age:
                    path.unlink()
                    removed += 1
            except OSError:
                continue
    if removed:
        log.info("removed %d unfinished file(s) left by an interrupted run", removed)
    return removed
