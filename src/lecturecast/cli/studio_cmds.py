"""``lecturecast studio SCRIPT``: the local web studio (needs the ``studio`` extra)."""
from __future__ import annotations

import argparse
from pathlib import Path

from ..errors import ConfigError
from .common import add_output_argument, add_script_argument


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("studio", help="a local web page to review, edit and regenerate the lecture segment by segment",
                       description="Serve the studio for one lecture on http://127.0.0.1:PORT/ (docs/studio.md).")
    add_script_argument(p)
    add_output_argument(p)
    p.add_argument("--port", type=int, default=8765, help="TCP port (default 8765)")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default 127.0.0.1; anything else lets other machines edit the script)")
    p.add_argument("--engine", choices=("auto", "gtts", "piper", "espeak"), default="auto", help="speech engine")
    p.add_argument("-j", "--jobs", type=int, default=None, help="parallel workers (default: all cores)")
    p.add_argument("--timing", choices=("natural", "script"), default=None, help="timing policy")
    p.add_argument("--cache", type=Path, default=None, help="artifact cache (default: output/.cache, shared)")
    p.set_defaults(func=cmd_studio)


def cmd_studio(args: argparse.Namespace) -> int:
    try:
        from ..studio import StudioConfig, serve
        import starlette  # noqa: F401  - the optional stack, checked before anything starts
        import uvicorn  # noqa: F401
    except ModuleNotFoundError as exc:
        raise ConfigError(f"the studio needs {exc.name}", hint="pip install 'lecturecast[studio]'") from None
    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port} is out of range", hint="use 1-65535")
    if not args.script.is_file():
        raise ConfigError(f"{args.script}: no such script file", hint="give the path of a lecture script")
    serve(StudioConfig(script=args.script, output_dir=args.output, host=args.host, port=args.port,
                       engine=args.engine, jobs=args.jobs, cache_dir=args.cache, timing=args.timing))
    return 0
