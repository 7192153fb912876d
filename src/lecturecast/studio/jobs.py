"""The studio's build worker: one thread that runs the build engine, and the state of every segment.

A segment is *ready* when the outputs on disk were built from its current text, *stale* when its
text changed since, *queued* / *building* while a rebuild is pending or running, *error* when the
last rebuild of this text failed (the previous audio and video stay in place: the engine publishes
nothing from a failed build).  Texts are compared by a fingerprint of their canonical lines; the
fingerprints of the last build are kept in ``<output>/studio.json`` so a restarted studio knows them.

Builds go through :func:`lecturecast.pipeline.engine.build` with the same cache and the same
output-folder lock as the CLI.  When another process holds the lock, the worker says so ("busy")
and tries again until it gets it.
"""
from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from ..errors import BuildLocked, LecturecastError
from ..fsutil import write_text_atomic
from ..model import Lecture, Segment
from ..pipeline.engine import build as engine_build
from ..pipeline.keys import file_digest
from ..pipeline.options import BuildOptions
from ..pipeline.stages import warm_up_voice
from ..script.formatter import format_segment
from ..voice.voices import voice_for_speaker
from .project import Project

log = logging.getLogger(__name__)

READY, STALE, QUEUED, BUILDING, ERROR = "ready", "stale", "queued", "building", "error"
STUDIO_STATE = "studio.json"
LOCK_RETRY_SECONDS = 0.5

Publish = Callable[[dict[str, Any]], None]
OptionsFactory = Callable[[bool], BuildOptions]  # (incremental) -> options


@dataclass(frozen=True)
class Status:
    state: str
    error: str = ""


def fingerprint(segment: Segment, lecture: Lecture) -> str:
    text = "\n".join(format_segment(segment, lecture.meta.narrator)) + repr(lecture.meta)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]


class Builder:
    def __init__(self, project: Project, make_options: OptionsFactory, publish: Publish,
                 build_fn: Callable[..., Any] = engine_build):
        self.project = project
        self._make_options = make_options
        self._publish = publish
        self._build_fn = build_fn
        self._cond = threading.Condition()
        self._queued: set[str] = set()
        self._whole = False
        self._building: set[str] = set()
        self._errors: dict[str, tuple[str, str]] = {}  # id -> (fingerprint, message)
        self._built: dict[str, str] = {}
        self._busy = ""
        self._last_error = ""
        self._closing = False
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------------ lifecycle
    def start(self) -> None:
        self.sync_with_disk()
        self._thread = threading.Thread(target=self._run, name="studio-builder", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        with self._cond:
            self._closing = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout=60)

    # ------------------------------------------------------------------ state
    def sync_with_disk(self) -> None:
        """Learn what the outputs were built from: build.json of this very script, else studio.json."""
        try:
            lecture = self.project.read().lecture
            current = file_digest(self.project.script)
        except (LecturecastError, OSError):
            return
        manifest = self.project.manifest()
        built_ids = set(manifest.get("segments", {}))
        digest = manifest.get("lecture", {}).get("script_digest")
        with self._cond:
            if digest and digest == current:
                self._built = {s.id: fingerprint(s, lecture) for s in lecture.segments if s.id in built_ids}
            else:
                saved = self._load_state()
                self._built = {k: v for k, v in saved.items() if k in built_ids}

    def statuses(self, lecture: Lecture) -> dict[str, Status]:
        with self._cond:
            out = {}
            for seg in lecture.segments:
                fp = fingerprint(seg, lecture)
                if seg.id in self._queued:  # (again: its text changed after the running build read it)
                    out[seg.id] = Status(QUEUED)
                elif seg.id in self._building:
                    out[seg.id] = Status(BUILDING)
                elif self._built.get(seg.id) == fp:
                    out[seg.id] = Status(READY)
                elif self._errors.get(seg.id, ("", ""))[0] == fp:
                    out[seg.id] = Status(ERROR, self._errors[seg.id][1])
                else:
                    out[seg.id] = Status(STALE)
            return out

    @property
    def busy(self) -> str:
        return self._busy

    @property
    def last_error(self) -> str:
        return self._last_error

    # ------------------------------------------------------------------ requests
    def request(self, segment_ids: list[str] | None = None) -> None:
        """Queue a rebuild: of these segments, or (None) of the whole lecture."""
        with self._cond:
            if segment_ids is None:
                self._whole = True
            else:
                self._queued.update(segment_ids)
            self._cond.notify_all()
        self._publish({"kind": "state"})

    def idle(self) -> bool:
        with self._cond:
            return not (self._queued or self._building or self._whole)

    # ------------------------------------------------------------------ the worker
    def _warm_up(self) -> None:
        """Load the narrator's voice now, so the first edit does not wait for it."""
        try:
            lecture = self.project.read().lecture
            warm_up_voice(self._make_options(True).engine, voice_for_speaker(lecture, None))
        except Exception as exc:  # noqa: BLE001 - a later build reports the real problem
            log.info("studio: voice warm-up skipped (%s)", exc)

    def _run(self) -> None:
        self._warm_up()
        while True:
            with self._cond:
                while not (self._queued or self._whole or self._closing):
                    self._cond.wait()
                if self._closing:
                    return
                # a few segments of a built lecture: run in this process (the voice stays loaded)
                incremental = not self._whole and bool(self._built)
                ids, self._queued, self._whole = set(self._queued), set(), False
                self._building = set(ids)
            self._publish({"kind": "state"})
            self._build_once(incremental)

    def _build_once(self, incremental: bool) -> None:
        started = time.perf_counter()
        lecture: Lecture | None = None
        try:
            lecture = self.project.read().lecture
            with self._cond:  # everything stale is built, not only what was asked
                self._building |= {s.id for s in lecture.segments
                                   if self._built.get(s.id) != fingerprint(s, lecture)}
            self._publish({"kind": "state"})
            result = self._build_when_unlocked(lecture, incremental)
            self._succeeded(lecture)
            self._publish({"kind": "built", "segments": sorted(self._building_ids()),
                           "seconds": round(time.perf_counter() - started, 2),
                           "rebuilt": result.manifest.counts("rebuilt")})
        except LecturecastError as exc:
            self._failed(lecture, str(exc))
        except Exception as exc:  # noqa: BLE001 - the page must show it, the worker must survive
            log.exception("studio build failed")
            self._failed(lecture, f"internal error: {type(exc).__name__}: {exc}")
        finally:
            with self._cond:
                self._building = set()
                self._busy = ""
            self._publish({"kind": "state"})

    def _building_ids(self) -> set[str]:
        with self._cond:
            return set(self._building)

    def _build_when_unlocked(self, lecture: Lecture, incremental: bool) -> Any:
        options = self._make_options(incremental)
        options.progress = self._progress
        while True:
            try:
                self._busy = "building"
                return self._build_fn(lecture, options)
            except BuildLocked as exc:
                if self._busy != f"waiting: {exc.message}":
                    self._busy = f"waiting: {exc.message}"
                    self._publish({"kind": "state"})
                if self._closing:
                    raise
                time.sleep(LOCK_RETRY_SECONDS)

    def _progress(self, stage: str, done: int, total: int) -> None:
        self._publish({"kind": "progress", "stage": stage, "done": done, "total": total})

    def _succeeded(self, lecture: Lecture) -> None:
        with self._cond:
            for seg in lecture.segments:
                self._built[seg.id] = fingerprint(seg, lecture)
                self._errors.pop(seg.id, None)
            self._built = {k: v for k, v in self._built.items() if any(s.id == k for s in lecture.segments)}
            self._last_error = ""
            state = dict(self._built)
        write_text_atomic(self.project.output_dir / STUDIO_STATE, json.dumps({"built": state}, indent=1) + "\n")

    def _failed(self, lecture: Lecture | None, message: str) -> None:
        log.warning("studio: rebuild failed: %s", message)
        with self._cond:
            self._last_error = message
            if lecture is None:
                return
            for seg in lecture.segments:
                if seg.id in self._building:
                    self._errors[seg.id] = (fingerprint(seg, lecture), message)
        self._publish({"kind": "failed", "error": message})

    def _load_state(self) -> dict[str, str]:
        try:
            data = json.loads((self.project.output_dir / STUDIO_STATE).read_text("utf-8"))
            return {str(k): str(v) for k, v in data.get("built", {}).items()}
        except (OSError, ValueError, AttributeError):
            return {}
