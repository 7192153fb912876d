"""Numbers, years and units as words: English by hand (below), other languages with num2words.

``normalize_numbers(text)`` rewrites every digit sequence the way a lecturer reads it aloud:

* years ``1997`` → "nineteen ninety-seven", ``2014`` → "twenty fourteen", ``2005`` → "two thousand five"
* decades ``1940s`` → "nineteen forties", ``'90s`` → "nineties"
* decimals ``3.5`` → "three point five"; thousands separators ``10,000`` → "ten thousand"
* percent ``50%`` → "fifty percent"; currency ``$5`` → "five dollars", ``€2.50`` → "two euros fifty"
* ordinals ``21st`` → "twenty-first"; ranges ``1990-2000`` → "nineteen ninety to two thousand"
* version-like ``GPT-3`` → "GPT three", plain integers → cardinal words.

:func:`normalize_numbers_for` reads numbers in the lecture's language: English as above, the languages
num2words knows (es, fr, de, pt, ro, it, ja, …) with num2words — years with its ``year`` form where it has
one, decimals with the language's decimal comma or point, ``%`` with the language's word — and any other
language is left to the engine (digits stay digits).
"""
from __future__ import annotations

import logging
import re
from functools import lru_cache

from num2words import CONVERTER_CLASSES, num2words

log = logging.getLogger(__name__)

_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
         "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
         "nineteen"]
_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_SCALES = [(10**12, "trillion"), (10**9, "billion"), (10**6, "million"), (1000, "thousand")]
_ORD_IRREGULAR = {"one": "first", "two": "second", "three": "third", "five": "fifth", "eight": "eighth",
                  "nine": "ninth", "twelve": "twelfth"}


def _under_100(n: int) -> str:
    if n < 20:
        return _ONES[n]
    tens, ones = divmod(n, 10)
    return _TENS[tens] + (f"-{_ONES[ones]}" if ones else "")


def _under_1000(n: int) -> str:
    hundreds, rest = divmod(n, 100)
    parts = []
    if hundreds:
        parts.append(f"{_ONES[hundreds]} hundred")
    if rest:
        parts.append(_under_100(rest))
    return " ".join(parts)


def number_to_words(n: int) -> str:
    """Cardinal words: 0 → "zero", 1234 → "one thousand two hundred thirty-four", -5 → "minus five"."""
    if n < 0:
        return "minus " + number_to_words(-n)
    if n == 0:
        return "zero"
    if n >= 10**15:
        return " ".join(_ONES[int(d)] for d in str(n))
    parts = []
    for value, name in _SCALES:
        if n >= value:
            count, n = divmod(n, value)
            parts.append(f"{_under_1000(count)} {name}")
    if n:
        parts.append(_under_1000(n))
    return " ".join(parts)


def ordinal_words(n: int) -> str:
    """21 → "twenty-first", 100 → "one hundredth"."""
    words = number_to_words(n)
    head, sep, last = words.rpartition("-") if "-" in words.split(" ")[-1] else words.rpartition(" ")
    if last in _ORD_IRREGULAR:
        last = _ORD_IRREGULAR[last]
    elif last.endswith("y"):
        last = last[:-1] + "ieth"
    else:
        last += "th"
    return head + sep + last


def year_to_words(n: int) -> str:
    """How years are said: 1997 → nineteen ninety-seven, 1900 → nineteen hundred, 2000 → two thousand,
    2005 → two thousand five, 2014 → twenty fourteen."""
    if n < 1000 or n > 9999:
        return number_to_words(n)
    high, low = divmod(n, 100)
    if n % 1000 == 0:
        return number_to_words(n)
    if 2000 <= n < 2010:
        return number_to_words(n)
    if low == 0:
        return f"{_under_100(high)} hundred"
    if low < 10:
        return f"{_under_100(high)} oh {_ONES[low]}"
    return f"{_under_100(high)} {_under_100(low)}"


def _plural(words: str) -> str:
    """"nineteen forty" → "nineteen forties", "eighty" → "eighties", "six" → "sixes"."""
    if words.endswith("y"):
        return words[:-1] + "ies"
    if words.endswith(("x", "s")):
        return words + "es"
    return words + "s"


def decimal_to_words(text: str) -> str:
    """"3.5" → "three point five", "0.25" → "zero point two five"."""
    whole, _, frac = text.partition(".")
    head = number_to_words(int(whole)) if whole else "zero"
    return head + " point " + " ".join(_ONES[int(d)] for d in frac)


def _looks_like_year(n: int, after: str, before: str) -> bool:
    if not 1100 <= n <= 2099:
        return False
    if re.match(r"\s*(?:%|percent|people|users|words|tokens|parameters|samples|images|examples|times)", after, re.I):
        return False
    return not re.search(r"[$€£]\s*$", before)


_CURRENCY = {"$": ("dollar", "dollars", "cent", "cents"), "€": ("euro", "euros", "cent", "cents"),
             "£": ("pound", "pounds", "penny", "pence")}
_MAGNITUDE = {"k": "thousand", "K": "thousand", "M": "million", "B": "billion", "bn": "billion",
              "million": "million", "billion": "billion", "trillion": "trillion", "thousand": "thousand"}

_NUM = r"\d{1,3}(?:,\d{3})+|\d+"
_TOKEN = re.compile(
    r"(?P<cur>[$€£])\s?(?P<camt>(?:" + _NUM + r")(?:\.\d+)?)(?:\s?(?P<cmag>bn|[kKMB]\b|million\b|billion\b|trillion\b))?"
    r"|(?P<decade>(?:'|’)?\d{2,4})s\b"
    r"|(?P<ord>\d+)(?P<osfx>st|nd|rd|th)\b"
    r"|(?P<range>\d{4})\s?[-–]\s?(?P<range2>\d{2,4})\b"
    r"|(?P<num>(?:" + _NUM + r")(?:\.\d+)?)(?P<mag>[kKMB]\b)?(?P<pct>\s?%)?"
)


def _amount(text: str) -> str:
    clean = text.replace(",", "")
    return decimal_to_words(clean) if "." in clean else number_to_words(int(clean))


def _currency(m: re.Match[str]) -> str:
    one, many, sub1, subn = _CURRENCY[m.group("cur")]
    amount = m.group("camt").replace(",", "")
    mag = m.group("cmag")
    if mag:
        return f"{_amount(amount)} {_MAGNITUDE[mag]} {many}"
    whole, _, frac = amount.partition(".")
    words = number_to_words(int(whole)) + " " + (one if int(whole) == 1 else many)
    if frac and len(frac) == 2 and int(frac):
        words += f" {number_to_words(int(frac))}"
    elif frac:
        return f"{decimal_to_words(amount)} {many}"
    return words


def _replace(m: re.Match[str]) -> str:
    text, start = m.string, m.start()
    before, after = text[max(0, start - 3):start], text[m.end():m.end() + 12]
    if m.group("cur"):
        return _currency(m)
    if m.group("decade") is not None:
        raw = m.group("decade").lstrip("'’")
        n = int(raw)
        if len(raw) == 2:
            return _plural(_under_100(n))
        return _plural(year_to_words(n)) if n % 10 == 0 else number_to_words(n) + "s"
    if m.group("ord"):
        return ordinal_words(int(m.group("ord")))
    if m.group("range"):
        a, b = int(m.group("range")), m.group("range2")
        if 1100 <= a <= 2099:
            end = int(b) if len(b) == 4 else int(str(a)[:2] + b)
            return f"{year_to_words(a)} to {year_to_words(end)}"
        return f"{number_to_words(a)} to {number_to_words(int(b))}"
    num = m.group("num")
    if "," not in num and "." not in num and len(num) > 1 and num.startswith("0"):
        words = " ".join(_ONES[int(d)] for d in num)  # 007, zip codes: digit by digit
    elif "," not in num and "." not in num and _looks_like_year(int(num), after, before) and not m.group("mag") \
            and not m.group("pct"):
        words = year_to_words(int(num))
    else:
        words = _amount(num)
    if m.group("mag"):
        words += " " + _MAGNITUDE[m.group("mag")]
    if m.group("pct"):
        words += " percent"
    return words


def normalize_numbers(text: str) -> str:
    """Replace every number in ``text`` by the words a speaker would say."""
    text = re.sub(r"(?<=[A-Za-z])-(?=\d)", " ", text)  # GPT-3 → GPT 3
    text = re.sub(r"(?<=\d)\s?[x×]\s?(?=\d)", " by ", text)  # 3x3 → 3 by 3
    text = re.sub(r"(?<=\d)\s?[–-]\s?(?=\d{1,3}\b)(?!\d{4})", " to ", text)  # 3-5 → 3 to 5 (not years)
    text = re.sub(r"(?<=\d)\s?[x×](?![\w])", " times", text)  # 3.5x faster → 3.5 times faster
    return _TOKEN.sub(_replace, text)


PERCENT_WORDS = {"es": "por ciento", "fr": "pour cent", "de": "Prozent", "pt": "por cento", "ro": "la sută",
                 "it": "per cento", "nl": "procent", "pl": "procent", "ja": "パーセント", "ru": "процентов"}
_LOCAL_NUMBER = re.compile(r"(?<![A-Za-z0-9.,])(\d{1,3}(?:[ .\u00a0]\d{3})+|\d+)(?:([.,])(\d+))?(?![A-Za-z0-9])(\s?%)?")


@lru_cache(maxsize=None)
def num2words_language(language: str) -> str | None:
    """The num2words code for a lecture language (``pt-BR`` → ``pt_BR`` or ``pt``), or None."""
    code = language.replace("-", "_")
    for candidate in (code, code.split("_")[0].lower()):
        if candidate in CONVERTER_CLASSES:
            return candidate
    return None


def _local_words(m: re.Match[str], lang: str) -> str:
    whole = re.sub(r"[ .\u00a0]", "", m.group(1))
    value: float | int = int(whole)
    if m.group(3) is not None:
        value = float(f"{whole}.{m.group(3)}")
    try:
        if isinstance(value, int) and 1000 <= value <= 2099 and m.group(1) == whole and not m.group(4):
            try:
                words = num2words(value, lang=lang, to="year")
            except (NotImplementedError, TypeError, AttributeError, KeyError):
                words = num2words(value, lang=lang)
        else:
            words = num2words(value, lang=lang)
    except (NotImplementedError, OverflowError, TypeError, AttributeError, KeyError, ValueError):
        return m.group(0)
    if m.group(4):
        words += " " + PERCENT_WORDS.get(lang.split("_")[0], "%")
    return words


def normalize_numbers_for(text: str, language: str) -> str:
    """Numbers in ``text`` as the words of ``language`` (English by the rules above)."""
    if language.lower().startswith("en"):
        return normalize_numbers(text)
    lang = num2words_language(language)
    if lang is None or not any(ch.isdigit() for ch in text):
        return text
    return _LOCAL_NUMBER.sub(lambda m: _local_words(m, lang), text)
