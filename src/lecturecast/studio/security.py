"""Same-origin only: Host checked on every request, Origin and a per-session CSRF token on every POST.

* ``Host`` must name the address the studio listens on (127.0.0.1, localhost or the ``--host`` given)
  with its port — a page on another site that re-points its DNS name at 127.0.0.1 gets 403.
* A POST must carry ``Origin: http://<that host>`` and the header ``X-CSRF-Token`` whose value is an
  HMAC of the browser's session cookie (``SameSite=Strict``, ``HttpOnly``) with a secret made at start.
"""
from __future__ import annotations

import hashlib
import hmac
import ipaddress
import logging
import secrets
import socket
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

log = logging.getLogger(__name__)

SESSION_COOKIE = "lecturecast_studio"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = ("GET", "HEAD")
ANY_ADDRESS = ("0.0.0.0", "::")
LOCAL_NAMES = ("127.0.0.1", "localhost")


class Guard:
    def __init__(self, host: str, port: int):
        self.secret = secrets.token_bytes(32)
        self.port = port
        self.any_address = host in ANY_ADDRESS
        names = set(LOCAL_NAMES) | {host} if host in LOCAL_NAMES else {host}
        self.hosts = {f"[{name}]:{port}" if ":" in name else f"{name}:{port}" for name in names}

    def allows_host(self, host: str) -> bool:
        """The Host header names this server.  Listening on every address (0.0.0.0), any IP literal,
        this machine's name or localhost with our port is accepted — but never another DNS name, which
        is what a DNS-rebinding page would send."""
        if host in self.hosts:
            return True
        if not self.any_address:
            return False
        name, _, port = host.rpartition(":")
        if port != str(self.port):
            return False
        name = name.strip("[]")
        if name in LOCAL_NAMES or name == socket.gethostname():
            return True
        try:
            ipaddress.ip_address(name)
            return True
        except ValueError:
            return False

    def token(self, session: str) -> str:
        return hmac.new(self.secret, session.encode(), hashlib.sha256).hexdigest()

    @staticmethod
    def new_session() -> str:
        return secrets.token_urlsafe(24)

    def refusal(self, request: Request) -> str | None:
        """Why this request is refused, or None."""
        host = request.headers.get("host", "")
        if not self.allows_host(host):
            return f"unexpected Host header {host!r}"
        if request.method in SAFE_METHODS:
            return None
        origin = request.headers.get("origin")
        if origin != f"http://{host}":
            return f"cross-origin request refused (Origin {origin!r})"
        session = request.cookies.get(SESSION_COOKIE, "")
        sent = request.headers.get(CSRF_HEADER, "")
        if not session or not hmac.compare_digest(sent, self.token(session)):
            return "missing or wrong CSRF token (reload the page)"
        return None


class GuardMiddleware:
    """ASGI middleware applying :class:`Guard` to every HTTP request."""

    def __init__(self, app: ASGIApp, guard: Guard):
        self.app = app
        self.guard = guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        reason = self.guard.refusal(request)
        if reason is not None:
            log.warning("studio: %s %s refused: %s", request.method, request.url.path, reason)
            response: Response = PlainTextResponse(reason, status_code=403)
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def session_of(request: Request, guard: Guard) -> tuple[str, bool]:
    """(this browser's session id, whether it is new and must be set as a cookie)."""
    session = request.cookies.get(SESSION_COOKIE)
    return (session, False) if session else (guard.new_session(), True)


def set_session_cookie(response: Response, session: str) -> None:
    response.set_cookie(SESSION_COOKIE, session, httponly=True, samesite="strict")
