"""Mutation fuzzing of lecture scripts: our own small fixture scripts, seeded mutations, one check.

Used by tests/test_fuzz_scripts.py (bounded, in CI) and benchmarks/bench_fuzz.py (≥ 10,000 inputs).
A check passes when ``load_lecture`` + ``lint`` + ``plan_deck`` (+ ``format_lecture``/reparse when the
script loads) either succeed or raise a :class:`LecturecastError`, within a time limit.
"""
from __future__ import annotations

import random
import signal
import time
import traceback
from dataclasses import dataclass
from pathlib import Path

from lecturecast.errors import LecturecastError
from lecturecast.slides.deck import plan_deck
from lecturecast.script import format_lecture, lint, load_lecture, parse_canonical
from lecturecast.slides.theme_loader import load_theme

SEEDS = {
    "canonical.md": """---
title: Sorting in practice
author: A. Teacher
rate: 150
voices:
  Host: piper:joe
---

# Warm-up

## 0:00 Why sort? (20s) {#why}

Host: Sorting puts things in order so we can search them quickly.

[visual: a shuffled deck of cards](images/cards.png)

## 0:20 Bubble sort {#bubble}

Narrator: Compare neighbours and swap them when they are out of order.

- pass over the list
  - swap neighbours
- repeat until nothing moves

```python
for i in range(n):
    pass
```

[pause: 2s]

# References

- Knuth, The Art of Computer Programming
""",
    "chat_markdown.md": """Sure! Here's a script for your lecture on tides.

**Title: Why the Sea Breathes**

**[0:00 - 0:30] Opening**

Narrator: "Twice a day the ocean climbs the beach and slips away again."

(Visuals of a harbour at low tide appear on screen)

**[0:30 - 1:15] The Moon's pull**

Narrator: "The Moon tugs on the water nearest to it, and the Earth turns underneath."

* gravity falls off with distance
* two bulges, not one

**[1:15 - 2:00] Closing**

Narrator: "Next time you stand on a shore, watch the line of wet sand."

[Outro music plays]

I hope this helps! Let me know if you'd like changes.
""",
    "podcast.txt": """Episode 3: Fermentation

[Intro music plays]

Host: Welcome back. Today we talk about bread that makes itself rise.
Guest: Thanks for having me. It all starts with wild yeast.
Host: (laughs) Wild? Like wolves?
Guest: Wilder. They live on the flour itself.

[Sound effect: oven door]

Host: That's all for today.
""",
    "headings.md": """# Photosynthesis in five minutes

## 1. Light (1:00)

Plants catch light with chlorophyll.

## 2. Water (2:00 - 3:30)

Roots pull water up; the leaf splits it.

### Note for the teacher

Show the leaf diagram here.

## 3. Sugar (30 seconds)

1. carbon dioxide comes in
2. sugar goes out
""",
    "chatlog.txt": """>>> write a short lecture script about volcanoes

Title: Fire Mountains

0:00
Narrator: Deep under our feet, rock is so hot it flows.

0:45
Narrator: When pressure builds, the mountain opens.

>>> continue

1:30
Narrator: Ash can travel around the whole planet.
""",
    "captions.srt": """1
00:00:00,000 --> 00:00:03,500
Welcome to a short talk about rivers.

2
00:00:03,500 --> 00:00:07,000
Every river starts as rain on a hill.
""",
}

HOSTILE = [
    "9" * 400, "1e308", "1e309", "inf", "-inf", "nan", "NaN", "-1", "0", "0.0000001", "1" * 40,
    "\ufffe", "\uffff", "\x00", "\x07", "\x1b[31m", "\x0c", "\ud800",
    "(1:30 - 0:10)", "[9:59 - 0:01]", "99:59:59", "100:00:00", "999:59", "99:999:59", "0:00.0000001",
    "(0.0000001s)", "(99999999999999999999s)", "(5s)", "(1e400 seconds)", "(-3 s)", "{#dup}", "{#x}{#y}",
    "Dr: Who: hello", "Host: : :", "**[Host]:**", "Narrator:", "\\", "\\(5s)",
    "[pause: 99999999999999999999s]", "[pause: 1e400s]", "[visual: x](../../etc/passwd)", "[music](/dev/zero)",
    "```", "~~~~", "---", "<!--", ">>> ", "<start>", "<end>", "...", "# ", "## ", "###### ", "**", "__",
    "é", "\u202e", "\u200b", "🙂", "\U0001F600" * 3, "日本語", "ﷺ",
]
LONG = [
    lambda n: "# " * (n // 2), lambda n: "(" * n, lambda n: "**" * (n // 2), lambda n: "0:0" * (n // 3),
    lambda n: "a" * n, lambda n: "[a](" * (n // 4), lambda n: "## a" + " \t" * (n // 2) + "b",
    lambda n: "**a**" + " " * n + "x", lambda n: "{#" * (n // 2), lambda n: "<b " * (n // 3), lambda n: "__a " * (n // 4),
]
FRONT_KEYS = {
    "rate": ["inf", "-5", "0", "nan", "1e400", "150", "abc", "[1, 2]", "{a: b}", "99999", "20", "1000.5"],
    "timing": ["script", "natural", "sometimes", "", "[x]"],
    "max_speedup": ["nan", "inf", "1.2", "0", "3", "x"],
    "narrator": ["Narrator", "Dr: Who", "", "x" * 300, "123", "Ana"],
    "language": ["en", "es", "zz", "", "x" * 200, "en-US"],
    "theme": ["dark", "default", "nope", "../evil.yaml", "/etc/passwd", ""],
    "voices": ["{Host: 'piper:joe?noise_scale=abc'}", "{Host: 'espeak:en?speed=inf'}", "x", "[a, b]", "{}"],
    "lexicon": ["{GIF: jif}", "x", "[1]"],
    "music": ["{intro: ../../x.mp3}", "{intro: music/a.mp3}", "7"],
    "title": ["", "'\ufffe'", "x" * 5000, "[unclosed"],
}


def _front_matter(rng: random.Random) -> str:
    keys = rng.sample(sorted(FRONT_KEYS), rng.randint(1, 4))
    return "---\n" + "".join(f"{k}: {rng.choice(FRONT_KEYS[k])}\n" for k in keys) + "---\n\n"


def mutate(rng: random.Random, text: str, long_line: int = 50_000) -> str:
    """1-4 random mutations: byte flips, line duplication/deletion/swap, hostile tokens, long lines, front matter."""
    for _ in range(rng.randint(1, 4)):
        lines = text.split("\n")
        op = rng.randrange(9)
        at = rng.randrange(len(lines))
        if op == 0 and text:  # flip a few characters
            chars = list(text)
            for _ in range(rng.randint(1, 8)):
                chars[rng.randrange(len(chars))] = chr(rng.choice([rng.randrange(32, 127), rng.randrange(0, 0x3000)]))
            text = "".join(chars)
            continue
        if op == 1:
            lines.insert(at, lines[at])
        elif op == 2 and len(lines) > 1:
            del lines[at]
        elif op == 3:
            b = rng.randrange(len(lines))
            lines[at], lines[b] = lines[b], lines[at]
        elif op in (4, 5):  # a hostile token inside a line
            line = lines[at]
            cut = rng.randint(0, len(line))
            lines[at] = line[:cut] + rng.choice(HOSTILE) + line[cut:]
        elif op == 6:
            lines.insert(at, rng.choice(LONG)(rng.randint(1000, long_line)))
        elif op == 7:
            text = _front_matter(rng) + (text.split("---\n", 2)[2] if text.startswith("---\n") and text.count("---\n") >= 2 else text)
            continue
        else:  # deep nesting: indented bullets / nested brackets
            depth = rng.randint(10, 400)
            lines.insert(at, rng.choice(["  " * i + "- x" for i in (depth,)] + ["[" * depth + "]" * depth,
                                                                                  "(" * depth + "0:00" + ")" * depth]))
        text = "\n".join(lines)
    return text


@dataclass(frozen=True)
class Outcome:
    status: str  # ok | error (a LecturecastError) | traceback | hang | roundtrip
    seconds: float
    detail: str = ""


class _Hang(BaseException):
    pass


def _alarm(signum: int, frame: object) -> None:
    raise _Hang("".join(traceback.format_stack(frame)[-20:]))  # type: ignore[arg-type]


def check_script(path: Path, limit: float) -> Outcome:
    """Run the script stages on ``path``; anything but success or a LecturecastError is a failure."""
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, limit)
    t0 = time.perf_counter()
    stage = ["load"]
    try:
        status, detail = _stages(path, stage)
    except LecturecastError as exc:
        status, detail = "error", str(exc)
    except _Hang as exc:
        status, detail = "hang", f"over {limit:g} s in\n{exc}\nin stage {stage[0]}"
    except Exception:  # noqa: BLE001 - this is what the fuzzer looks for
        status, detail = "traceback", traceback.format_exc(limit=-3) + f"\nin stage {stage[0]}"
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
    return Outcome(status, time.perf_counter() - t0, detail)


def _stages(path: Path, stage: list[str]) -> tuple[str, str]:
    lecture = load_lecture(path)
    stage[0] = "lint"
    lint(lecture)
    stage[0] = "plan_deck"
    plan_deck(lecture, load_theme(lecture))
    stage[0] = "format/reparse"
    text = format_lecture(lecture)
    again = parse_canonical(text, path)
    if again != lecture:
        return "roundtrip", _first_difference(lecture, again)
    return "ok", ""


def _first_difference(a: object, b: object) -> str:
    for sa, sb in zip(a.segments, b.segments):  # type: ignore[attr-defined]
        if sa != sb:
            return f"segment {sa.id!r}: {sa!r:.300} != {sb!r:.300}"
    return f"{a!r:.300} != {b!r:.300}"


def make_input(seed: int, index: int, long_line: int = 50_000) -> tuple[str, str]:
    """Input number ``index`` of run ``seed``: a seed script as is (the first few) or mutated (reproducible alone)."""
    names = sorted(SEEDS)
    name = names[index % len(names)]
    if index < len(names):
        return name, SEEDS[name]
    return name, mutate(random.Random(seed * 1_000_003 + index), SEEDS[name], long_line)


def inputs(seed: int, count: int, long_line: int = 50_000):
    """``count`` (name, text) pairs: the seed scripts themselves first, then seeded mutations of them."""
    for index in range(count):
        yield make_input(seed, index, long_line)


def write_input(folder: Path, index: int, name: str, text: str) -> Path:
    path = folder / f"{index:05d}-{name}"
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    return path
