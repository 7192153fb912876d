"""lecturecast.studio — a local web page to review, edit and regenerate a lecture segment by segment.

``serve(config)`` runs the ASGI app (:func:`create_app`, Starlette) with uvicorn.  Optional stack: the
``studio`` extra (``pip install 'lecturecast[studio]'``).  See docs/studio.md.
"""
from __future__ import annotations

import logging

from .config import StudioConfig

log = logging.getLogger(__name__)

__all__ = ["StudioConfig", "serve"]


def serve(config: StudioConfig) -> None:
    """Serve the studio until interrupted (blocking)."""
    import uvicorn  # heavy optional dependency: only when serving

    from .app import create_app

    if not config.is_local:
        log.warning("studio: listening on %s — anyone who can reach this address can edit %s and run builds",
                    config.host, config.script)
    app = create_app(config)
    shown = f"[{config.host}]" if ":" in config.host else config.host
    log.warning("studio: http://%s:%d/  (Ctrl-C to stop)", shown, config.port)
    uvicorn.run(app, host=config.host, port=config.port, log_level="warning", timeout_graceful_shutdown=2,
                server_header=False)
