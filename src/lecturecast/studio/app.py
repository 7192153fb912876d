"""The studio's ASGI application (Starlette): pages, fragments, JSON actions, files and events."""
from __future__ import annotations

import asyncio
import contextlib
import logging
from pathlib import Path
from typing import Any, AsyncIterator

import jinja2
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, Response, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..assets import assets_dir
from ..errors import LecturecastError, UnsafePathError
from ..script.edit import content_digest
from .config import StudioConfig
from .events import Broker
from .jobs import Builder
from .project import PendingImport, Project, ScriptConflict, pending_import, write_import
from .rows import LectureView, lecture_view
from .security import Guard, GuardMiddleware, session_of, set_session_cookie

log = logging.getLogger(__name__)

STATIC = Path(__file__).resolve().parent / "static"
POLL_SECONDS = 1.0


class Studio:
    """Everything the routes share: the lecture, the build worker, the event broker, the guard."""

    def __init__(self, config: StudioConfig):
        self.config = config
        self.broker = Broker()
        self.guard = Guard(config.host, config.port)
        self.project: Project | None = None
        self.builder: Builder | None = None
        self.pending: PendingImport | None = None
        self.templates = self._environment(config.script)
        self.open(config.script)

    @staticmethod
    def _environment(script: Path) -> jinja2.Environment:
        folders = [script.resolve().parent / "templates" / "studio", assets_dir() / "templates" / "studio"]
        return jinja2.Environment(loader=jinja2.FileSystemLoader([str(f) for f in folders]), autoescape=True,
                                  undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)

    def open(self, script: Path) -> None:
        """Serve ``script``: canonical → the studio; anything else → the import page first."""
        self.pending = pending_import(script)
        if self.pending is not None:
            return
        self.project = Project(script, self.config.output_for(script))
        self.builder = Builder(self.project, self.config.build_options_for(self.project.output_dir),
                               self.broker.publish)

    def render(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        session, new = session_of(request, self.guard)
        html = self.templates.get_template(name).render(csrf=self.guard.token(session), **context)
        response = HTMLResponse(html, status_code=status)
        if new:
            set_session_cookie(response, session)
        return response

    def view(self) -> LectureView:
        assert self.project is not None and self.builder is not None
        snap = self.project.read()
        present = {p.name for p in self.project.output_dir.glob("*") if p.is_file()}
        return lecture_view(snap.lecture, snap.file.digest, self.project.manifest(),
                            self.builder.statuses(snap.lecture), present, self.project.import_report())


# ---------------------------------------------------------------------------------- pages
async def index(request: Request) -> Response:
    studio: Studio = request.app.state.studio
    if studio.pending is not None:
        return studio.render(request, "import.html.j2", pending=studio.pending)
    try:
        view = await asyncio.to_thread(studio.view)
    except LecturecastError as exc:
        return studio.render(request, "error.html.j2", status=500, message=str(exc))
    builder = studio.builder
    assert builder is not None  # set by Studio.open when there is no pending import
    return studio.render(request, "index.html.j2", view=view, busy=builder.busy, last_error=builder.last_error)


async def fragment(request: Request) -> Response:
    """Parts of the page the script refreshes after a build: the lecture, the table, the reports, the
    media (slides + voice) of every segment."""
    studio: Studio = request.app.state.studio
    part = request.path_params["part"]
    if studio.project is None or part not in ("lecture", "table", "reports", "media"):
        return Response("no such fragment", status_code=404)
    try:
        view = await asyncio.to_thread(studio.view)
    except LecturecastError as exc:  # the script cannot be read right now: the page keeps what it shows
        return Response(str(exc), status_code=409)
    return studio.render(request, "fragment.html.j2", part=part, view=view)


async def script_text(request: Request) -> Response:
    """The script (or the file it was imported from) with numbered lines, for 'line N' links."""
    studio: Studio = request.app.state.studio
    which = request.path_params["which"]
    if studio.project is None or which not in ("script", "source"):
        return Response(status_code=404)
    path = studio.project.script
    if which == "source":
        report = studio.project.import_report()
        if not report or not report.get("path"):
            return Response("no import source", status_code=404)
        path = Path(report["path"]).resolve()
        if path.parent != studio.project.script.parent:
            return Response("refused: outside the lecture's folder", status_code=403)
    lines = path.read_text("utf-8", errors="replace").splitlines()
    return studio.render(request, "lines.html.j2", path=str(path), lines=lines)


# ---------------------------------------------------------------------------------- actions
async def _json_body(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        raise ValueError("send JSON")
    data = await request.json()
    if not isinstance(data, dict):
        raise ValueError("send a JSON object")
    return data


async def save_segment(request: Request) -> Response:
    studio: Studio = request.app.state.studio
    if studio.project is None or studio.builder is None:
        return JSONResponse({"error": "import the script first"}, status_code=409)
    try:
        data = await _json_body(request)
        text, digest = str(data["text"]), str(data["digest"])
    except (ValueError, KeyError):
        return JSONResponse({"error": "expected JSON {text, digest}"}, status_code=400)
    seg_id = request.path_params["seg_id"]
    try:
        snap = await asyncio.to_thread(studio.project.save_segment, seg_id, text, digest)
    except ScriptConflict as exc:
        return JSONResponse({"error": str(exc), "conflict": True}, status_code=409)
    except LecturecastError as exc:
        return JSONResponse({"error": str(exc)}, status_code=422)
    studio.builder.request([seg_id])
    return JSONResponse({"digest": snap.file.digest, "segment": seg_id, "state": "queued"})


async def build_all(request: Request) -> Response:
    studio: Studio = request.app.state.studio
    if studio.builder is None:
        return JSONResponse({"error": "import the script first"}, status_code=409)
    studio.builder.request(None)
    return JSONResponse({"state": "queued"})


async def do_import(request: Request) -> Response:
    studio: Studio = request.app.state.studio
    if studio.pending is None:
        return JSONResponse({"error": "the script is already canonical"}, status_code=409)
    try:
        target = write_import(studio.pending, studio.config.output_for(studio.pending.target))
    except LecturecastError as exc:
        return JSONResponse({"error": str(exc)}, status_code=409)
    studio.open(target)
    assert studio.builder is not None
    studio.builder.start()
    return JSONResponse({"script": str(target)})


async def state(request: Request) -> Response:
    studio: Studio = request.app.state.studio
    if studio.project is None or studio.builder is None:
        return JSONResponse({"import": True})
    snap = await asyncio.to_thread(studio.project.read)
    statuses = studio.builder.statuses(snap.lecture)
    return JSONResponse({
        "digest": snap.file.digest, "busy": studio.builder.busy, "error": studio.builder.last_error,
        "idle": studio.builder.idle(),
        "segments": {k: {"state": v.state, "error": v.error} for k, v in statuses.items()},
    })


async def events(request: Request) -> Response:
    studio: Studio = request.app.state.studio
    return StreamingResponse(studio.broker.stream({"kind": "hello"}), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})


async def files(request: Request) -> Response:
    studio: Studio = request.app.state.studio
    relative = request.path_params["path"]
    if studio.project is None or any(part.startswith(".") for part in Path(relative).parts):
        return Response("refused", status_code=403)
    try:
        path = studio.project.output_file(relative)
    except UnsafePathError as exc:
        return Response(str(exc.message), status_code=404 if "no file" in exc.message else 403)
    return FileResponse(path, headers={"Cache-Control": "no-cache"})


# ---------------------------------------------------------------------------------- wiring
async def _watch_disk(studio: Studio) -> None:
    """Tell pages when the script or build.json changed outside the studio (an editor, a CLI build)."""
    seen: dict[str, Any] = {}
    while True:
        await asyncio.sleep(POLL_SECONDS)
        project, builder = studio.project, studio.builder
        if project is None or builder is None:
            continue
        script_stat = _stat(project.script)
        manifest_stat = _stat(project.output_dir / "build.json")
        if seen and script_stat != seen.get("script"):
            try:
                data = await asyncio.to_thread(project.script.read_bytes)
            except OSError:  # moved or deleted: any save will say so
                data = b""
            studio.broker.publish({"kind": "script", "digest": content_digest(data)})
        if seen and manifest_stat != seen.get("manifest") and builder.idle():
            await asyncio.to_thread(builder.sync_with_disk)
            studio.broker.publish({"kind": "built", "segments": [], "external": True})
        seen = {"script": script_stat, "manifest": manifest_stat}


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        st = path.stat()
        return st.st_mtime_ns, st.st_size
    except OSError:
        return None


def create_app(config: StudioConfig) -> Starlette:
    studio = Studio(config)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if studio.builder is not None:
            studio.builder.start()
        watcher = asyncio.create_task(_watch_disk(studio))
        try:
            yield
        finally:
            watcher.cancel()
            if studio.builder is not None:
                await asyncio.to_thread(studio.builder.stop)

    routes = [
        Route("/", index),
        Route("/fragment/{part}", fragment),
        Route("/text/{which:str}", script_text),
        Route("/api/state", state),
        Route("/events", events),
        Route("/segment/{seg_id}", save_segment, methods=["POST"]),
        Route("/build", build_all, methods=["POST"]),
        Route("/import", do_import, methods=["POST"]),
        Route("/files/{path:path}", files),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(GuardMiddleware, guard=studio.guard)])
    app.state.studio = studio
    return app


__all__ = ["Studio", "create_app"]
