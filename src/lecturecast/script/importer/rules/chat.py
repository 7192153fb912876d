"""Rules for what is not the script: the teacher's prompts, classroom transcript lines, the model's chatter."""
from __future__ import annotations

import re

from ..assemble import Assembler
from ..lines import PROMPT, TRANSCRIPT, strip_markdown
from ..recognise import find_label, is_chatter

_ABOUT = re.compile(r"\b(?:script|episode|lecture|story|continuation|podcast) (?:on|about) ([^:.!]{3,80})[:.!]{0,3}$",
                    re.IGNORECASE)
_ARTICLE = re.compile(r"^(?:the|a|an) ", re.IGNORECASE)


def prompt(a: Assembler, i: int, s: str) -> int | None:
    """``>>> …``: the teacher's prompt to the chat model."""
    if not PROMPT.match(s):
        return None
    a.rec(i, "prompt", False, "the teacher's prompt to the chat model")
    return i + 1


def transcript(a: Assembler, i: int, s: str) -> int | None:
    """``... 1:02:23``: a line of a classroom recording transcript pasted into the chat."""
    if not TRANSCRIPT.match(s):
        return None
    a.rec(i, "transcript", False, "classroom transcript line")
    return i + 1


def skipped_paragraph(a: Assembler, i: int, s: str) -> int | None:
    """The rest of a paragraph whose first line was chatter or metadata."""
    if not a.skip_para or a.in_quote or (a.skip_para[0] == "metadata" and find_label(s)):
        return None
    a.rec(i, a.skip_para[0], False, a.skip_para[1])
    return i + 1


def chatter(a: Assembler, i: int, s: str) -> int | None:
    """The first or last line of an answer in which the model talks to the teacher ("Here is…")."""
    part = a.sc.part_of[i]
    if i not in (a.sc.part_first.get(part), a.sc.part_last.get(part)) or a.in_quote or a.speaker is not None:
        return None
    plain = strip_markdown(s)
    if not is_chatter(plain):
        return None
    a.flush()
    a.skip_para = ("chatter", "the chat model talking to the teacher")
    a.rec(i, "chatter", False, "the chat model talking to the teacher")
    about = _ABOUT.search(plain[:300])
    if about and a.force_section:  # "Here's a continuation of the script on ULM fine-tuning:" names the part
        topic = _ARTICLE.sub("", about.group(1).strip())
        a.pending_title = topic[:1].upper() + topic[1:]
    return i + 1
