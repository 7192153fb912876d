"""``review.json`` (every row, machine-readable) and ``review.html`` (one self-contained page: inline CSS
and JS, the video embedded from ``lecture.mp4`` beside it, rows that seek to their moment).  The page
is ``assets/templates/review.html.j2``, rendered through the sandboxed :mod:`lecturecast.templates`
with HTML autoescaping."""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from ..fsutil import write_text_atomic
from ..model import Lecture
from ..templates import render
from .records import WER_LIMIT, Review

REVIEW_JSON, REVIEW_HTML = "review.json", "review.html"


def _script_href(script: str | None, out: Path) -> str | None:
    if not script:
        return None
    try:
        return Path(os.path.relpath(Path(script).resolve(), Path(out).resolve())).as_posix()
    except ValueError:  # another drive on Windows
        return Path(script).resolve().as_uri()


def write_review(review: Review, lecture: Lecture | None = None) -> tuple[Path, Path]:
    out = Path(review.output)
    data = review.to_dict()
    json_path = write_text_atomic(out / REVIEW_JSON, json.dumps(data, indent=2, ensure_ascii=False) + "\n")
    context: dict[str, Any] = {
        "review": data, "summary": data["summary"], "wer_limit": WER_LIMIT,
        "script_href": _script_href(review.script, out), "script_name": review.script or "",
    }
    html = render("review.html.j2", lecture, **context)
    html_path = write_text_atomic(out / REVIEW_HTML, html)
    return json_path, html_path
