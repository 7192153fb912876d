"""The speaker-label rule: ``Name: text``, ``**Name:**``, ``[Name]: …``, ``Texte par Marie : …``, ``山田：…``.

A label is a name or a short phrase (at most four words) before a colon (``:``, a space then ``:``, or
the full-width ``：``), plain, bold or bracketed.  What it means is decided here, in this order:
metadata (``Duration:``) → a speaker (a known role, quoted speech after it, or a name used as a label
again and again, see :func:`..scan.is_speaker`) → a mode (``Visuals:``) → an insert (a bold label alone)
→ a line before the script starts.  Anything else declines (the line is prose).
"""
from __future__ import annotations

import re

from ....model import Cue, CueKind, SourceSpan
from ..assemble import Assembler
from ..lines import strip_markdown
from ..recognise import Label, cue_from_direction, find_label, is_cue_word, is_meta_label, is_narrator, mode_cue_kind, mode_of, \
    speaker_name
from ...report import LineRecord
from ..scan import is_speaker, narrators_differ
from .blocks import add_cue, meta


METADATA_WORDS = 12  # "Label: value" before the script: values longer than this are sentences


def label(a: Assembler, i: int, s: str) -> int | None:
    lab = find_label(s)
    if lab is None:
        return None
    mode = mode_of(lab.name)
    if is_meta_label(lab.name) and not a.in_quote and (not mode or _a_title(lab.rest)):
        a.flush()
        meta(a, i, lab.name, lab.rest)
        return i + 1
    if is_speaker(lab, a.sc):
        _turn(a, i, lab)
        return i + 1
    if mode == "speech" and lab.rest:  # "Script: Now we look inside the leaf." — the label is not said
        a.rest = lab.rest
        return i + 1
    if mode and not lab.rest and lab.form == "bold":
        a.flush()
        a.mode = mode
        a.rec(i, "heading")
        return i + 1
    if lab.form == "bold" and not lab.rest:
        _insert(a, i, lab)
        return i + 1
    if mode and lab.rest and mode in ("visual", "screen", "note"):
        a.flush()
        a.add(Cue(mode_cue_kind(mode, lab.rest), strip_markdown(lab.rest), source=SourceSpan(i + 1, i + 1)), i + 1, i + 1)
        a.rec(i, "cue")
        return i + 1
    if not a.seen_content and lab.form == "plain" and not a.in_quote and len(lab.name.split()) <= 3 \
            and len(lab.rest.split()) <= METADATA_WORDS:  # "Topic: Volcanoes" — a long sentence is prose
        a.flush()
        a.rec(i, "metadata", False, f"'{lab.name}:' line before the script starts")
        a.skip_para = ("metadata", f"continues the '{lab.name}:' line before the script starts")
        return i + 1
    return None


def _a_title(rest: str) -> bool:
    """After a word that is a label and a part marker ("Script"), a short line without a sentence end is a
    title ("Script: Photosynthesis in 3 minutes"); nothing ("**Script:**") or a sentence is narration."""
    return 0 < len(rest.split()) <= 12 and not re.search(r"[.!?。！？](?:\s|$)", rest)


def _turn(a: Assembler, i: int, lab: Label) -> None:
    """A speaker's turn: the text after the label (or the paragraph below a label alone) is theirs."""
    a.flush()
    a.in_quote = False
    name = None if is_narrator(lab.name) and not narrators_differ(a.sc) else speaker_name(lab.name)
    a.rec(i, "speaker")
    if a.mode not in ("speech", None):
        a.mode = None
    a.speaker = name
    if lab.rest:
        a.pending_speaker = False
        a.narration(lab.rest, i)
        a.records[i] = LineRecord(i + 1, a.original[i], "speaker", True, "")
        a.turn_lines.add(i)
    else:
        a.pending_speaker = name
        a.turn_lines.add(i)


def _insert(a: Assembler, i: int, lab: Label) -> None:
    """``**Break:**`` / ``**Clip title:**`` alone: a direction (a media link may follow)."""
    if is_cue_word(lab.name):
        add_cue(a, lab.name, i)
        return
    a.flush()
    a.rec(i, "cue")
    kind, text, seconds = cue_from_direction(lab.name)
    a.add(Cue(kind if kind is not CueKind.NOTE else CueKind.SOUND, text, None, seconds,
              SourceSpan(i + 1, i + 1)), i + 1, i + 1)
    a.prev_kind = "insert"
