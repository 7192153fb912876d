"""Options and helpers shared by several subcommands."""
from __future__ import annotations

import argparse
from pathlib import Path


def add_script_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("script", type=Path, help="lecture script (canonical .md or any LLM-written text)")


def add_output_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-o", "--output", type=Path, default=None,
                        help="output directory (default: output/<script-stem>/)")


def add_root_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--root", type=Path, default=None, metavar="DIR",
                        help="project root: every file the script names (images, music, theme, templates, "
                             "lexicons, fonts) must be inside it (default: the script's folder); "
                             "give a course folder to share files between its lectures")


def default_output_dir(script: Path, output: Path | None) -> Path:
    return output if output is not None else Path("output") / script.stem


WAIT_HELP = ("one lecturecast command writes to an output folder at a time: if another one is writing to it, "
             "wait up to SECONDS for it to finish (default 0: stop at once with a one-line message)")


def add_wait_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--wait", type=float, default=0.0, metavar="SECONDS", help=WAIT_HELP)


CONSOLE_TODOS = 8  # visuals to add listed on the console; all of them are in the notes and build.json


def print_todos(todos: list[str] | tuple[str, ...], where_all: str) -> None:
    """The first ``CONSOLE_TODOS`` "add an image" lines, then how many more and where they all are."""
    for todo in todos[:CONSOLE_TODOS]:
        print(f"    - {todo}")
    if len(todos) > CONSOLE_TODOS:
        print(f"    … and {len(todos) - CONSOLE_TODOS} more: every one is in {where_all}")
