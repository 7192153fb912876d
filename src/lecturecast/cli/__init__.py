"""The ``lecturecast`` command.

Subcommands live in small modules (``cli/script_cmds.py``, ``cli/slides_cmds.py``, ...).  Each module
exposes ``register(subparsers)`` which adds its subparsers and sets ``func`` (a callable taking the
parsed ``argparse.Namespace`` and returning an exit code).  This module is the *one* place where
errors become messages: a :class:`~lecturecast.errors.LecturecastError` prints one line
("lecturecast: error: …") and exits with its code; any other exception (a bug) prints one line with
the path of a log file holding its traceback and exits with 70; ``--debug`` (or ``LECTURECAST_DEBUG``)
shows the traceback instead.  Every message is folded onto one line.  When stdout's reader goes away
(``lecturecast lint x | head -1``) the command stops quietly.
"""
from __future__ import annotations

import argparse
import errno
import importlib
import logging
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path
from typing import Any, Sequence

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
    "lecturecast.cli.studio_cmds",  # studio
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


class _OneLineFormatter(logging.Formatter):
    """Console messages on one line each (a multi-line exception text in a warning is folded)."""

    def format(self, record: logging.LogRecord) -> str:
        return one_line(super().format(record))


class _CurrentStderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record arrives (not the stream of the first call: a
    late worker warning after a test's captured stream closed, or a redirected stderr, still works)."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, value: Any) -> None:  # StreamHandler.__init__ assigns it
        pass


def _configure_logging(verbose: int, quiet: bool) -> None:
    level = logging.WARNING if quiet else (logging.DEBUG if verbose > 1 else logging.INFO)
    handler = _CurrentStderr()
    handler.setFormatter(_OneLineFormatter("%(message)s") if verbose < 2
                         else logging.Formatter("%(levelname)s %(name)s: %(message)s"))
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


def one_line(text: str) -> str:
    """``text`` folded onto one line: line breaks (and the blanks around them) become " | "."""
    lines = [line.strip() for line in str(text).splitlines()]
    return " | ".join(line for line in lines if line) or str(text).strip()


def _say(message: str) -> None:
    """One line on stderr; a closed stderr (piped into a finished 'head') is not an error."""
    try:
        print(f"lecturecast: {one_line(message)}", file=sys.stderr, flush=True)
    except (BrokenPipeError, ValueError):
        pass


def crash_log_dir() -> Path:
    """Where tracebacks of unexpected errors go: $LECTURECAST_LOG_DIR, else <temp>/lecturecast-<user>."""
    env = os.environ.get("LECTURECAST_LOG_DIR")
    if env:
        return Path(env)
    user = os.environ.get("USER") or os.environ.get("USERNAME") or str(getattr(os, "getuid", lambda: "")())
    return Path(tempfile.gettempdir()) / f"lecturecast-{user or 'user'}"


def _write_crash_log(exc: BaseException, argv: Sequence[str]) -> Path | None:
    """The traceback of ``exc`` in a new file under :func:`crash_log_dir` (None if it cannot be written)."""
    try:
        folder = crash_log_dir()
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if hasattr(os, "getuid") and folder.lstat().st_uid != os.getuid():  # someone else's folder in /tmp
            folder = Path(tempfile.mkdtemp(prefix="lecturecast-log-"))
        stamp = time.strftime("%Y%m%d-%H%M%S")
        fd, name = tempfile.mkstemp(prefix=f"crash-{stamp}-", suffix=".log", dir=folder)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(f"lecturecast {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n")
            fh.write(f"command: lecturecast {' '.join(argv)}\n\n")
            fh.write("".join(traceback.format_exception(type(exc), exc, exc.__traceback__)))
        return Path(name)
    except OSError:
        return None


def _unexpected(exc: Exception, argv: Sequence[str]) -> str:
    log_path = _write_crash_log(exc, argv)
    where = f"the traceback is in {log_path}" if log_path else "rerun with --debug to see the traceback"
    what = one_line(str(exc)) or "(no message)"
    return f"error: unexpected {type(exc).__name__}: {what} ({where}; please report it)"


def _stdout_gone() -> int:
    """stdout's reader went away (``lecturecast lint x | head -1``): stop quietly, like a program ended by
    SIGPIPE.  stdout is pointed at /dev/null so the interpreter's final flush cannot fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass
    return 128 + 13  # SIGPIPE


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        _configure_logging(args.verbose, args.quiet)
        if not getattr(args, "func", None):
            parser.print_help()
            return 2
        code = _dispatch(args, argv)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's exit handler
        return code
    except BrokenPipeError:
        return _stdout_gone()
    except Exception as exc:  # noqa: BLE001 - a bug outside the command (building the parser, ...)
        if os.environ.get("LECTURECAST_DEBUG") or "--debug" in argv:
            raise  # also what _dispatch re-raised for --debug
        _say(_unexpected(exc, argv))
        return 70


def _dispatch(args: argparse.Namespace, argv: Sequence[str]) -> int:
    """Run the command; every failure becomes one line on stderr and a non-zero exit code."""
    debug = bool(args.debug or os.environ.get("LECTURECAST_DEBUG"))
    try:
        return int(args.func(args) or 0)
    except BrokenPipeError:
        raise  # stdout closed by its reader: handled in main(), not an error
    except LecturecastError as exc:
        if debug:
            raise
        _say(f"error: {exc}")
        return exc.exit_code
    except OSError as exc:
        if debug:
            raise
        _say(f"error: {_describe_os_error(exc)}")
        return 1
    except KeyboardInterrupt:
        _say("interrupted; finished pieces are kept, run the same command to resume")
        return 130
    except Exception as exc:  # noqa: BLE001 - the one catch-all: a bug, reported in one line + a log
        if debug:
            raise
        _say(_unexpected(exc, argv))
        return 70  # EX_SOFTWARE


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
