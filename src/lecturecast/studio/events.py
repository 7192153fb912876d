"""Server-sent events: the build worker (a thread) publishes, every open page (an asyncio task) listens."""
from __future__ import annotations

import asyncio
import json
import threading
from typing import Any, AsyncIterator

KEEPALIVE_SECONDS = 15.0


class Broker:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscribers: list[tuple[asyncio.AbstractEventLoop, asyncio.Queue[dict[str, Any]]]] = []

    def publish(self, message: dict[str, Any]) -> None:
        """Thread-safe: hand ``message`` to every subscriber's event loop."""
        with self._lock:
            subscribers = list(self._subscribers)
        for loop, queue in subscribers:
            try:
                loop.call_soon_threadsafe(queue.put_nowait, message)
            except RuntimeError:  # that loop is closed (server shutting down)
                pass

    async def stream(self, first: dict[str, Any] | None = None) -> AsyncIterator[str]:
        """``text/event-stream`` lines for one page, until it goes away."""
        queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        entry = (asyncio.get_running_loop(), queue)
        with self._lock:
            self._subscribers.append(entry)
        try:
            if first is not None:
                yield _event(first)
            while True:
                try:
                    message = await asyncio.wait_for(queue.get(), timeout=KEEPALIVE_SECONDS)
                except asyncio.TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                yield _event(message)
        finally:
            with self._lock:
                self._subscribers.remove(entry)


def _event(message: dict[str, Any]) -> str:
    return f"event: {message.get('kind', 'message')}\ndata: {json.dumps(message, ensure_ascii=False)}\n\n"
