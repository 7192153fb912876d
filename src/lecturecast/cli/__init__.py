"""The ``lecturecast`` command.

Subcommands live in small modules (``cli/script_cmds.py``, ``cli/slides_cmds.py``, ...).  Each module
exposes ``register(subparsers)`` which adds its subparsers and sets ``func`` (a callable taking the
parsed ``argparse.Namespace`` and returning an exit code).  This module is the *one* place where
errors become messages: a :class:`~lecturecast.errors.LecturecastError` prints one line
("lecturecast: error: …") and exits with its code; ``--debug`` shows the traceback instead.
"""
from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import sys
from typing import Sequence

from .. import __version__
from ..errors import LecturecastError

log = logging.getLogger("lecturecast")

# Modules that contribute subcommands, in --help order.  A module that fails to import (an optional
# stack missing) must not break the others, so each is imported lazily inside register().
COMMAND_MODULES = (
    "lecturecast.cli.script_cmds",  # import, lint, fmt
    "lecturecast.cli.slides_cmds",  # slides
    "lecturecast.cli.voice_cmds",  # audio
    "lecturecast.cli.build_cmds",  # video, build, segment
    "lecturecast.cli.review_cmds",  # check
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="lecturecast",
        description="Compile a lecture script into an editable PowerPoint deck, a voiceover and an MP4 lecture.",
        epilog="Run 'lecturecast COMMAND --help' for the options of one command.",
    )
    parser.add_argument("--version", action="version", version=f"lecturecast {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output (-vv: debug)")
    parser.add_argument("-q", "--quiet", action="store_true", help="only warnings and errors")
    parser.add_argument("--debug", action="store_true", help="show tracebacks for errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # that command group is not built yet
            raise
        module.register(sub)
    return parser


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(message)s" if verbose < 2 else "%(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("lecturecast")
    root.handlers[:] = [handler]
    root.setLevel(level)
    root.propagate = False


def _describe_os_error(exc: OSError) -> str:
    where = f" {exc.filename}" if exc.filename else ""
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return f"disk full while writing{where} (free some space and run the same command again)"
    if exc.errno in (errno.EACCES, errno.EPERM):
        return f"permission denied:{where} (choose another output folder with -o)"
    return f"{exc.strerror or exc}:{where}"


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    _configure_logging(args.verbose, args.quiet)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args) or 0)
    except LecturecastError as exc:
        if args.debug or os.environ.get("LECTURECAST_DEBUG"):
            raise
        print(f"lecturecast: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except OSError as exc:
        if args.debug or os.environ.get("LECTURECAST_DEBUG"):
            raise
        print(f"lecturecast: error: {_describe_os_error(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("lecturecast: interrupted; finished pieces are kept, run the same command to resume", file=sys.stderr)
        return 130
    except BrokenPipeError:  # pragma: no cover - e.g. piped into head
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
