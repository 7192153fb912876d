"""Checkable claims in narration: the sentences a teacher should verify before publishing.

``find_claims(text) -> list[Claim]`` splits ``text`` into sentences and keeps those that state
something a source can confirm or refute.  Offline, deterministic, regular expressions only;
**precision matters more than recall**: a sentence is listed only when one of these holds.

* ``date`` — a year 1500–2099 used as a date ("in 1997", "In 2014,", "(Vaswani, 2017)", "March 2015",
  "the 1990s", "the early 2000s").  A four-digit number followed by a plural noun or a unit
  ("2048 tokens", "1,000 times") is a quantity, not a date.
* ``attribution`` — credit given to people or organisations: "introduced/invented/proposed/
  developed/created/coined/… by <Name>", "<Name> et al.", "<Name>'s paper/work/team", "according
  to <Name>", "<Name> and <Name> introduced/proposed/…".
* ``number`` — a quantity a source can confirm: a percentage, money, a number with a scale word
  (thousand/million/billion/trillion), "N times faster/larger/…", or a number with a unit of
  measure (parameters, tokens, GPUs, hours, years, GB, …).  Small structural counts ("3 layers",
  "two of us", "the 1st layer"), clock times ("3:00"), version numbers ("GPT-3", "Python 3.11")
  and code are **not** claims: they describe the lecture, not the world.
* ``superlative`` — firsts and records: "the first to…", "was the first <thing>", "the first
  <thing> was/for…", "the largest/fastest/oldest/most cited/most widely used…", "state of the art",
  "world's …", "a record".  "The first layer", "first, let's…" and opinions ("the best way", "the
  most important") are not.

Questions are never claims.  ``lint`` (W-FACT) and ``lecturecast check`` both use this module.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DATE, ATTRIBUTION, NUMBER, SUPERLATIVE = "date", "attribution", "number", "superlative"
KINDS = (DATE, ATTRIBUTION, NUMBER, SUPERLATIVE)

_SPLIT = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z0-9\"“(‘])")
_ABBREV = re.compile(r"(?:\b(?:al|e\.g|i\.e|Dr|Mr|Mrs|Ms|Prof|vs|etc|St|No|Fig|approx|ca|c)|\b[A-Z])\.$")
_INLINE_CODE = re.compile(r"`[^`]*`")
_CLOCK = re.compile(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?", re.I)
_VERSION = re.compile(r"\b[A-Za-z][\w.]*-\d+(?:\.\d+)*\b|\b(?:v|version|Python|Java|GPT|Llama)\s?\d+(?:\.\d+)+\b")

_MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
           "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_YEAR_NUM = r"(?:1[5-9]\d\d|20[0-3]\d)"  # 2040+ reads as a size (2048)
_PLURAL_NEXT = r"(?!\s*(?:(?!(?:was|has|is|as|does|this|thus|plus|versus|its|his)\b)[a-z]+s\b|%|percent|x\b|times\b))"
_DATE_WORDS = r"(?:in|by|since|from|until|till|through|of|around|circa|c\.|ca\.|before|after|during|between|" \
              r"and|to|early|mid|late|year|summer|winter|spring|autumn|fall|back in)"
_YEAR_CONTEXT = re.compile(
    rf"\b(?:{_MONTHS})\.?\s+(?:\d{{1,2}}(?:st|nd|rd|th)?,?\s+)?{_YEAR_NUM}\b"  # March 2015, March 3, 2015
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTHS})\.?,?\s+{_YEAR_NUM}\b"  # 3 March 2015
    rf"|\b{_YEAR_NUM}'?s\b"  # the 1990s
    rf"|\b(?:early|mid|late)[- ](?:1[5-9]|20)\d0s\b"
    rf"|\b{_DATE_WORDS}\s+(?:the\s+)?(?:year\s+)?{_YEAR_NUM}\b{_PLURAL_NEXT}"
    rf"|\(\s*(?:[A-Z][\w-]+(?: et al\.?)?,?\s+)?{_YEAR_NUM}[a-z]?\s*\)"  # (2017), (Vaswani, 2017)
    rf"|^{_YEAR_NUM}\b{_PLURAL_NEXT}"  # "1997 saw the LSTM."
    rf"|\b{_YEAR_NUM}(?=\s*[,;.!]|\s*$)",  # "… published 1997."
    re.I)

_NAME = r"(?:[A-Z][\w'’.-]*[a-z][\w'’.-]*|[A-Z]{2,}[\w-]*)"  # Hinton, McCulloch, DeepMind, IBM, OpenAI
_NAMES = rf"{_NAME}(?:\s+(?:{_NAME}|van|von|de|der|da|di|le|la))*"
_ATTR_VERBS = (r"(?i:introduced|invented|proposed|developed|created|coined|discovered|founded|pioneered|published|"
               r"described|designed|formulated|popularized|popularised|conceived|built|released|devised|"
               r"presented|first described|trained)")
# "<Name> introduced X": only verbs that credit an origin ("Sales Order created", "AI showed up" are not)
_ACTIVE_VERBS = r"introduced|invented|proposed|coined|discovered|founded|pioneered|devised|formulated|popularized|popularised"
_COLLEAGUES = r"(?:colleagues|co-?workers|co-?authors|(?:his|her|their)\s+(?:team|students|colleagues|group))"
_ATTRIBUTION = re.compile(
    rf"\b(?:{_ATTR_VERBS})(?:\s+(?:in|around)\s+(?:the\s+)?{_YEAR_NUM}s?,?)?\s+by\s+(?:the\s+)?"
    rf"(?:(?:researchers?|scientists?|engineers?|teams?|groups?|mathematicians?|labs?|people)\s+(?:at|from)\s+)?"
    rf"{_NAME}"
    rf"|\b{_NAME}\s+et\s+al\b"
    rf"|\b{_NAME}(?:'s|’s)\s+(?:(?:famous|seminal|original|landmark|\d{{4}})\s+)?"
    r"(?:paper|papers|work|team|group|lab|thesis|book|article|theorem|law|model|algorithm|experiment|study)\b"
    rf"|\baccording\s+to\s+(?:the\s+)?{_NAME}"
    rf"|\b(?:paper|work|book|thesis|article)\s+by\s+{_NAME}"
    rf"|(?<!^)(?<![.!?]\s)\b{_NAMES}\s+(?:and\s+(?:{_NAMES}|{_COLLEAGUES})\s+)?(?:{_ACTIVE_VERBS})\b"
    rf"|^{_NAMES}\s+and\s+(?:{_NAMES}|{_COLLEAGUES})\s+(?:{_ACTIVE_VERBS})\b"
    rf"|^{_NAME}\s+{_NAME}\s+(?:{_ACTIVE_VERBS})\b"
)

_SPELLED = (r"(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|"
            r"fifty|sixty|seventy|eighty|ninety|hundred|a hundred|a thousand|several|a few|many|dozens of)")
_DIGITS = r"\d[\d,]*(?:\.\d+)?"
_UNITS = (r"parameters|params|tokens|words|images|examples|samples|sentences|documents|pages|GPUs|TPUs|CPUs|"
          r"cores|servers|users|people|researchers|papers|citations|languages|hours|days|weeks|months|years|"
          r"decades|centuries|bytes|KB|MB|GB|TB|PB|kB|FLOPs|flops|petaflops|teraflops|km|kilometers|miles|"
          r"meters|metres|kg|tons|tonnes|watts|kW|MW|GW|kWh|MWh|Hz|kHz|MHz|GHz|dollars|euros|pounds|downloads|"
          r"stars|votes|patients|miles per hour|mph|km/h|degrees|synapses|species|galaxies")
_NUMBER = re.compile(
    rf"(?:{_DIGITS}|\b{_SPELLED})\s?(?:%|percent\b|per\s?cent\b|percentage points\b)"
    rf"|[$€£¥]\s?{_DIGITS}(?:\s?(?:[kKmMbB]n?\b|thousand|million|billion|trillion))?"
    rf"|\b(?:{_DIGITS}|{_SPELLED}|a|an|one)\s+(?:thousand|million|billion|trillion)\b"
    rf"|\b(?:{_DIGITS}|hundreds|thousands|millions|billions|trillions)\s*(?:of\s+)?(?:millions?|billions?|trillions?)\b"
    rf"|\b(?:millions|billions|trillions)\s+of\s+[a-z]+"
    rf"|\b\d+(?:\.\d+)?\s?[KMBT]\b(?!-)"
    rf"|\b(?:{_DIGITS}|{_SPELLED})\s?(?:x|×|times)\s+(?:faster|slower|larger|smaller|bigger|more|less|fewer|"
    r"cheaper|better|higher|lower|longer|shorter|as)\b"
    rf"|\b{_DIGITS}\s?(?:{_UNITS})\b"
    rf"|\b(?:{_DIGITS})\s+(?:[a-z]+\s+)?(?:parameters|tokens|GPUs|TPUs|citations|users|downloads)\b"
)
_SMALL_COUNT = re.compile(r"^(?:[0-9]|1[0-2])\s+(?:words|examples|sentences|images|samples|pages|people|"
                          r"papers|languages|documents|neurons|years|days|hours|weeks|months|degrees)$")

_STRUCTURAL = (r"layer|layers|step|steps|part|parts|section|sections|slide|slides|half|thing|things|time|example|"
               r"examples|lecture|lectures|chapter|chapters|question|questions|point|points|word|words|line|lines|"
               r"epoch|epochs|row|rows|column|columns|element|elements|item|items|stage|stages|phase|phases|term|"
               r"terms|idea|ideas|token|tokens|sentence|sentences|video|videos|episode|episodes|exercise|one|few|"
               r"two|three|version|input|output|hidden|case|cases|attempt|day|week|minute|minutes|segment|glance|"
               r"place|impression|challenge|problem|lesson|module|half|row|approach|method|trick|pass|iteration")
_SUPERLATIVE = re.compile(
    r"\b(?:was|were|is|are|became|become|remains?|being)\s+(?:also\s+|arguably\s+|among\s+)?(?:the\s+|one\s+of\s+the\s+)"
    rf"(?:very\s+)?first\b(?!\s+(?:{_STRUCTURAL})\b)"
    r"|\bthe\s+first\s+(?:to|ever|ones?\s+to|person|people|woman|man|team|company|computer|machine|program|"
    r"system|paper|demonstration)\b"
    r"|\bfirst[- ]ever\b"
    rf"|^(?:The|Its|Their|His|Her)\s+first\s+(?!(?:{_STRUCTURAL})\b)(?:[\w-]+\s+){{0,4}}?"
    r"(?:was|were|is|appeared|came|arrived|emerged)\b"
    r"|\bfirst\s+(?:introduced|proposed|described|appeared|published|used|developed|demonstrated|coined|"
    r"released|invented|discovered|built)\b"
    r"|\b(?:the|its|their|world's|world’s)\s+(?:single\s+)?(?:largest|biggest|fastest|smallest|oldest|earliest|"
    r"longest|highest|lowest|deepest|most\s+(?:cited|widely[- ]used|popular|influential|powerful|accurate|"
    r"successful|downloaded|famous|common|used|widely))\b"
    r"|\bstate[- ]of[- ]the[- ]art\b|\bworld[- ]record\b|\b(?:set|broke|holds?)\s+(?:a|the)\s+record\b"
    r"|\b(?:outperform(?:s|ed)?|surpass(?:es|ed)?|beat)\s+(?:all|every|human|humans|the\s+best)\b",
    re.I)
_OPINION_AFTER = re.compile(r"\b(?:largest|biggest|most\s+\w+)\s+(?:thing|things|part|way|reason|idea|lesson|"
                            r"question|challenge|problem|difference)\b", re.I)


@dataclass(frozen=True)
class Claim:
    """One sentence that makes a checkable claim; ``evidence`` holds the matched phrases."""

    text: str
    kinds: tuple[str, ...]
    evidence: tuple[str, ...]

    def describe(self) -> str:
        """What to check, e.g. 'the date and who is credited'."""
        words = {DATE: "the date", ATTRIBUTION: "who is credited", NUMBER: "the number",
                 SUPERLATIVE: "the first/record"}
        return " and ".join(words[k] for k in self.kinds)


def sentences(text: str) -> list[str]:
    """Split narration into sentences (abbreviations such as 'et al.' and 'Dr.' do not end one)."""
    out: list[str] = []
    for piece in _SPLIT.split(" ".join(text.split())):
        if out and _ABBREV.search(out[-1]):
            out[-1] += " " + piece
        else:
            out.append(piece)
    return [p.strip() for p in out if p.strip()]


def _clean(sentence: str) -> str:
    """Remove what is never a claim: inline code, clock times, version numbers."""
    text = _INLINE_CODE.sub(" ", sentence)
    text = _CLOCK.sub(" ", text)
    return _VERSION.sub(" ", text).strip(" \"“”'‘’*_")


def _numbers(text: str) -> list[str]:
    found = []
    for m in _NUMBER.finditer(text):
        phrase = m.group(0)
        if _SMALL_COUNT.match(phrase.strip()):
            continue  # "3 examples", "two years": structure or everyday counts, not a checkable quantity
        found.append(phrase)
    return found


def _superlatives(text: str) -> list[str]:
    found = []
    for m in _SUPERLATIVE.finditer(text):
        if _OPINION_AFTER.match(text, m.start() + len(m.group(0).split()[0]) + 1) or _OPINION_AFTER.search(m.group(0)):
            continue
        found.append(m.group(0))
    return found


def classify(sentence: str) -> Claim | None:
    """The claim one sentence makes, or None."""
    if sentence.rstrip(" \"”’)").endswith("?"):
        return None
    text = _clean(sentence)
    hits: dict[str, list[str]] = {
        DATE: [m.group(0) for m in _YEAR_CONTEXT.finditer(text)],
        ATTRIBUTION: [m.group(0) for m in _ATTRIBUTION.finditer(text)],
        NUMBER: _numbers(text),
        SUPERLATIVE: _superlatives(text),
    }
    kinds = tuple(k for k in KINDS if hits[k])
    if not kinds:
        return None
    evidence = tuple(dict.fromkeys(h.strip() for k in kinds for h in hits[k]))
    return Claim(sentence.strip(), kinds, evidence)


def find_claims(text: str) -> list[Claim]:
    """Every sentence of ``text`` that makes a checkable claim, in order."""
    return [c for c in map(classify, sentences(text)) if c is not None]
