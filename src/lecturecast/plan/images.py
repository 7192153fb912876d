"""Find the image a visual cue asks for.

1. ``Cue.asset`` (explicit reference, relative to the script; searched like every asset: the
   lecture's ``assets/images``, ``assets/``, its folder, then the bundled ``assets/images``; it must
   stay inside the lecture's project, see :mod:`lecturecast.paths`).
2. Otherwise a file whose *name* matches the cue: every word of the file stem (ignoring stop words
   and words shorter than 3 letters) must occur in the cue text, e.g. ``lstm-layers.png`` for
   "(Visuals of LSTM layers appear on screen)".  The file naming the most cue words wins.
3. Nothing found → ``None``: the slide shows a built-in diagram or a typographic card of the cue's
   subject instead, and the to-do ("add an image …") goes to the notes, handout and build log.

A picture found either way is checked before it is used (:func:`lecturecast.pictures.inspect_image`:
a real PNG/JPEG/GIF/BMP of sane size); a file that is not, or a name-matched symlink that leads
out of the project, stops the build with one line naming the cue.
"""
from __future__ import annotations

import functools
import hashlib
import logging
import re
from pathlib import Path

from ..assets import find_asset, search_dirs
from ..errors import AssetError, Location
from ..model import Cue, CueKind, Lecture
from ..paths import Project, confine, project_of
from ..pictures import inspect_image
from .wording import Wording

log = logging.getLogger(__name__)

IMAGE_EXTS = (".png", ".jpg", ".jpeg", ".gif", ".bmp")  # what python-pptx can embed
SHOWN_KINDS = (CueKind.VISUAL, CueKind.CUT, CueKind.SCREEN_TEXT)  # cues that put something on screen
STOP = frozenset("""a an and are as at be by for from in into is it of on onto or the to with show shows
showing appear appears appearing screen visual visuals image images picture cut animation illustrating
diagram slide fade fades over this that then""".split())
_WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> set[str]:
    return {w for w in (m.group().lower() for m in _WORD.finditer(text)) if len(w) >= 3 and w not in STOP}


def _plural_forms(word: str) -> set[str]:
    forms = {word}
    if word.endswith("s") and len(word) > 3:
        forms.add(word[:-1])
    else:
        forms.add(word + "s")
    return forms


@functools.lru_cache(maxsize=32)
def _candidates(dirs: tuple[tuple[str, bool], ...]) -> tuple[tuple[str, bool, frozenset[str]], ...]:
    out = []
    for folder, bundled in dirs:
        for path in sorted(Path(folder).iterdir()):
            if path.suffix.lower() in IMAGE_EXTS and path.is_file():
                stem_words = words(path.stem.replace("-", " ").replace("_", " "))
                if stem_words:
                    out.append((str(path), bundled, frozenset(stem_words)))
    return tuple(out)


def _cue_where(cue: Cue, project: Project) -> Location:
    return project.where(cue.source.start if cue.source else None)


def match_image(cue: Cue, lecture: Lecture | None) -> Path | None:
    """The picture for ``cue`` (checked: inside the project, a real image of sane size), or None."""
    project = project_of(lecture) if lecture is not None else None
    where = _cue_where(cue, project) if project is not None else None
    what = f"[{cue.kind.value}] image"
    if cue.asset:
        found = find_asset(cue.asset, project, "images", required=False, what=what, where=where) or \
            find_asset(cue.asset, project, "", required=False, what=what, where=where)
        if found is None:
            log.warning("cue image %r not found; the slide shows a diagram or a typographic card instead", cue.asset)
            return None
        if found.suffix.lower() not in IMAGE_EXTS:
            raise AssetError(f"{what} {cue.asset!r} is not a picture lecturecast can show", location=where,
                             hint=f"use one of {', '.join(IMAGE_EXTS)}")
        inspect_image(found, where)
        return found
    named = _match_by_name(cue, project)
    if named is None:
        return None
    path, bundled = named
    if not bundled and project is not None:  # a symlink in the lecture's folder may point anywhere
        path = confine(str(path), project, f"{what} matched by name", where=where)
    inspect_image(path, where)
    return path


def _match_by_name(cue: Cue, project: Project | None) -> tuple[Path, bool] | None:
    cue_words: set[str] = set()
    for w in words(cue.text):
        cue_words |= _plural_forms(w)
    if not cue_words:
        return None
    dirs = tuple((str(d), bundled) for d, bundled in search_dirs(project, "images"))
    best: tuple[int, str, bool] | None = None
    for path, bundled, stem_words in _candidates(dirs):
        if stem_words <= cue_words and (best is None or len(stem_words) > best[0]):
            best = (len(stem_words), path, bundled)
    return (Path(best[1]), best[2]) if best else None


def file_sha(path: str | Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()[:16]


def suggested_name(cue: Cue) -> str:
    ws = [w for w in (m.group().lower() for m in _WORD.finditer(cue.text)) if w not in STOP and len(w) >= 3]
    return "-".join(ws[:3]) + ".png" if ws else "visual.png"


_SUBJECT_DROP = re.compile(
    r"\b(?:visuals?|images?|pictures?|photos?|photographs?|footage|graphics?|animation|clip|shot|b-roll|"
    r"diagrams?|illustrations?)"
    r"(?:\s+(?:of|showing|illustrating|"
    r"depicting))?\b|\b(?:appears?|appearing|(?:is |are )?shown|displayed)(?:\s+on\s+(?:the\s+)?screen)?\b|"
    r"\bon screen\b|\bcut to\b|\bfade (?:in|out|to)\b|\bclose-up of\b|\bzoom(?: in| out)?(?: on)?\b|"
    r"\b(?:illustrating|showing|depicting)\b|"
    # screen-recording actions: the card names what is clicked or shown, not the action
    r"^\s*(?:(?:the\s+)?(?:cursor|mouse|user)\s+)?(?:click(?:s|ing)?|scroll(?:s|ing)?(?:\s+(?:down|up))?|"
    r"navigat(?:e|es|ing)|hover(?:s|ing)?)(?:\s+(?:on|to|over|into))?\b", re.IGNORECASE)


def cue_subject(cue: Cue, w: Wording) -> str:
    """What a visual cue is about, for a typographic card: "Visuals of LSTM layers appear on screen"
    → "LSTM layers".  English directions lose their camera words anywhere; in another language only a
    leading phrase of its ``cue_leads`` list goes ("Mostrar la lista" → "La lista"), so no card shows a
    fragment such as "Suave al menú" cut out of "Zoom suave al menú"."""
    text = re.sub(r"^\s*[\[(]?\s*[\w -]{0,20}:\s*", "", cue.text) if ":" in cue.text[:24] else cue.text
    if w.lang == "en":
        text = _SUBJECT_DROP.sub(" ", text)
    else:
        lead = w.starts_with("cue_leads", text.strip())
        text = text.strip()[lead.end():] if lead else text
    text = re.sub(r"\s+", " ", text).strip(" ,.;:-–—[]")
    text = _balance_brackets(text)
    text = re.sub(r"^(?:the|a|an)\s+", "", text, flags=re.IGNORECASE)
    return text[:1].upper() + text[1:] if text else ""


def _balance_brackets(text: str) -> str:
    """Drop an unmatched bracket at either end ("login (/login.html" keeps its ")")."""
    if text.startswith("(") and text.count("(") > text.count(")"):
        text = text[1:].lstrip()
    if text.endswith(")") and text.count(")") > text.count("("):
        text = text[:-1].rstrip()
    return text


def todo_text(cue: Cue) -> str:
    """The to-do for a visual without an image (for notes, handout, build log — never a frame)."""
    return f"Add an image for “{cue.text.strip()}”: {cue.asset or 'assets/images/' + suggested_name(cue)}"
