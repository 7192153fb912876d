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
