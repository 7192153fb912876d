"""``lecturecast import | lint | fmt`` — the script layer's commands."""
from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

from ..errors import LintFailed, ScriptError, path_location
from ..fsutil import write_text_atomic
from ..model import Lecture, format_clock, slugify
from ..pipeline.lock import BuildLock
from ..script import format_lecture, import_script, lint, load_any, parse_canonical, read_script_text
from ..script.canonical import has_front_matter
from ..script.importer import render_report, report_json, require_narration
from ..script.importer.split import split_conversation
from ..script.lint import has_errors
from ..script.report import ImportReport
from .common import add_wait_argument


def register(subparsers: argparse._SubParsersAction) -> None:
    p = subparsers.add_parser("import", help="turn an LLM-written script into the canonical format, with a report",
                              description="Import a messy script (chat answer, SRT, JSON timings) and write the "
                                          "canonical lecture script. Every line that is not used is reported.")
    p.add_argument("script", type=Path, help="the messy script (any encoding)")
    p.add_argument("-o", "--output", type=Path, default=None,
                   help="write the canonical script here (default: print it to stdout)")
    p.add_argument("--json", action="store_true", help="print the import report as JSON")
    p.add_argument("--force", action="store_true", help="overwrite OUTPUT even if it already exists")
    p.add_argument("--split", action="store_true",
                   help="a file with several lectures: one lecture per script the teacher asked for in a chat log "
                        "(prompts that say 'continue' extend the script before), else per part (videos, episodes, "
                        "parts, title blocks), written to the folder -o")
    p.add_argument("--language", default=None, metavar="CODE",
                   help="the narration language (e.g. es, fr, ja) instead of the detected one")
    add_wait_argument(p)
    p.set_defaults(func=cmd_import)

    p = subparsers.add_parser("lint", help="check a script: timing, speakers, directions read aloud, claims to verify",
                              description="Report problems as 'file:line: severity code: message'. Exits 3 on errors.")
    p.add_argument("script", type=Path, help="canonical or messy script")
    p.add_argument("--json", action="store_true", help="print findings as JSON")
    p.add_argument("--no-info", action="store_true", help="hide info findings (unused lines of messy input)")
    p.set_defaults(func=cmd_lint)

    p = subparsers.add_parser("fmt", help="rewrite a script in canonical form (stable segment ids)",
                              description="Format a script canonically. Canonical files are rewritten in place; "
                                          "messy files need -o (use 'import' for the report).")
    p.add_argument("script", type=Path, help="script to format")
    p.add_argument("-o", "--output", type=Path, default=None, help="write here instead ('-' for stdout)")
    p.add_argument("--check", action="store_true", help="do not write; exit 1 if the file is not canonical")
    add_wait_argument(p)
    p.set_defaults(func=cmd_fmt)


def cmd_import(args: argparse.Namespace) -> int:
    text = read_script_text(args.script)
    if args.split:
        return _import_split(args, text)
    if has_front_matter(text):
        lecture = parse_canonical(text, args.script)
        report = ImportReport(path=str(args.script), format="canonical")
    else:
        result = import_script(text, args.script)
        require_narration(result)
        lecture, report = _with_language(result.lecture, args.language), result.report
    canonical = format_lecture(lecture)
    if args.output is not None:
        out = Path(args.output)
        if out.exists() and out.resolve() == Path(args.script).resolve():
            raise ScriptError("refusing to overwrite the input with its import", location=path_location(args.script),
                              hint="choose another -o file")
        if out.exists() and not args.force and not _is_canonical_file(out):
            raise ScriptError(f"{out} exists and is not a lecturecast script", location=path_location(out),
                              hint="pass --force to overwrite it")
        _write_locked(out, canonical, args.wait)
    if args.json:
        data = report_json(lecture, report)
        data["output"] = str(args.output) if args.output else None
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        rendered = render_report(lecture, report)
        if report.format == "canonical":  # nothing was converted: no line counts, no unused lines
            rendered = rendered.splitlines()[0]
        text = rendered + "\n" + segment_list(lecture, args.script)
        if args.output is None:
            sys.stdout.write(canonical)
            print(text, file=sys.stderr)
        else:
            print(text)
            print(f"Wrote {args.output}")
    return 0


def segment_list(lecture, script: Path) -> str:
    """One line per segment: the number and id 'lecturecast segment' takes, section, clock, words."""
    rows = [f"Segments ('lecturecast segment {script} N' rebuilds one, by number or id):"]
    for number, seg in enumerate(lecture.segments, 1):
        clock = format_clock(seg.clock) or "-"
        rows.append(f"  {number:>3}  {seg.id:<24} {clock:>8}  {lecture.section_of(seg.id).title}"
                    f" ({seg.words} words)")
    return "\n".join(rows)


def _import_split(args: argparse.Namespace, text: str) -> int:
    if args.output is None:
        raise ScriptError("--split writes one script per lecture: give a folder with -o",
                          location=path_location(args.script), hint="e.g. -o scripts/course/")
    folder = Path(args.output)
    if folder.exists() and not folder.is_dir():
        raise ScriptError(f"{folder} is a file; --split needs a folder", location=path_location(folder))
    parts = split_conversation(text, args.script)
    with BuildLock(folder, wait=args.wait):
        rows, written = _write_parts(args, parts, folder)
    skipped: list[dict[str, Any]] = [{"lines": p.spans, "prompts": list(p.prompts), "unused_lines": len(p.lines),
                "reason": "no narration, dialogue or slides: not a script"} for p in parts if p.result is None]
    if args.json:
        print(json.dumps({"path": str(args.script), "lectures": rows, "not_scripts": skipped},
                         ensure_ascii=False, indent=2))
        return 0
    for row in rows:
        s = row["summary"]
        unused = len(row["unused_lines"])
        print(f"{row['part']:>2}. lines {row['lines']}: {s['title']!r} — {s['sections']} sections, "
              f"{s['segments']} segments, {unused} line{'s' * (unused != 1)} not used → {row['output']}")
    for skip in skipped:
        asked = skip["prompts"][0][3:].strip() if skip["prompts"] else "(no prompt)"
        print(f"  - lines {skip['lines']} ({skip['unused_lines']} lines, {asked!r}): "
              f"not a script, nothing imported")
    print(f"Wrote {len(written)} lecture script(s) to {folder}; "
          f"build them together with: lecturecast build {folder}/*.md")
    return 0


def _write_parts(args: argparse.Namespace, parts: list, folder: Path) -> tuple[list[dict], list[Path]]:
    stem = slugify(Path(args.script).stem, max_len=24)
    rows, written = [], []
    for number, part in enumerate((p for p in parts if p.result is not None), 1):
        lecture, report = _with_language(part.result.lecture, args.language), part.result.report
        out = folder / f"{stem}-{number:02d}-{slugify(lecture.title, max_len=40)}.md"
        if out.exists() and not args.force and not _is_canonical_file(out):
            raise ScriptError(f"{out} exists and is not a lecturecast script", location=path_location(out),
                              hint="pass --force to overwrite it")
        folder.mkdir(parents=True, exist_ok=True)
        write_text_atomic(out, format_lecture(lecture))
        written.append(out)
        rows.append({"part": number, "lines": part.spans, "prompts": list(part.prompts),
                     "output": str(out), **report_json(lecture, report)})
    return rows, written


def _write_locked(target: Path, text: str, wait: float) -> None:
    """Write ``target`` atomically while holding its folder's lock (like every writer of a folder)."""
    with BuildLock(Path(target).parent, wait=wait):
        write_text_atomic(target, text)


def _with_language(lecture: Lecture, language: str | None) -> Lecture:
    """The teacher's ``--language`` wins over the detected language."""
    if not language:
        return lecture
    return dataclasses.replace(lecture, meta=dataclasses.replace(lecture.meta, language=language.strip()))


def _is_canonical_file(path: Path) -> bool:
    try:
        return has_front_matter(read_script_text(path))
    except ScriptError:
        return False


def cmd_lint(args: argparse.Namespace) -> int:
    lecture, report = load_any(args.script)
    findings = lint(lecture, report)
    if args.no_info:
        findings = [f for f in findings if f.severity != "info"]
    counts = {sev: sum(1 for f in findings if f.severity == sev) for sev in ("error", "warning", "info")}
    if args.json:
        print(json.dumps({"path": str(args.script), "counts": counts, "findings": [f.as_dict() for f in findings]},
                         ensure_ascii=False, indent=2))
    else:
        for f in findings:
            print(f)
        print(f"{args.script}: {counts['error']} errors, {counts['warning']} warnings, {counts['info']} info")
    if has_errors(findings):
        raise LintFailed(f"{counts['error']} lint error(s) in {args.script}", hint="fix the errors listed above")
    return 0


def cmd_fmt(args: argparse.Namespace) -> int:
    text = read_script_text(args.script)
    canonical_input = has_front_matter(text)
    lecture = parse_canonical(text, args.script) if canonical_input else import_script(text, args.script).lecture
    formatted = format_lecture(lecture)
    if args.check:
        if canonical_input and text == formatted:
            return 0
        print(f"would reformat {args.script}", file=sys.stderr)
        return 1
    if args.output is not None and str(args.output) == "-":
        sys.stdout.write(formatted)
        return 0
    target = args.output
    if target is None:
        if not canonical_input:
            raise ScriptError("this script is not in canonical form (no front matter)", location=path_location(args.script),
                              hint=f"run 'lecturecast import {args.script} -o NEW.md' (it also reports unused lines)")
        target = args.script
    if target == args.script and text == formatted:
        print(f"{args.script} is already canonical")
        return 0
    _write_locked(target, formatted, args.wait)
    print(f"Wrote {target}")
    return 0
