"""Deterministic synthetic lectures of a given length, for benchmarks and build tests.

Text is assembled from a fixed bank of real-sounding lecture sentences (no randomness between runs),
so every benchmark run builds the same lecture.  ``minutes`` is the planned speaking time at
``wpm`` words per minute.
"""
from __future__ import annotations

import itertools
from pathlib import Path

from lecturecast.model import BulletItem, Bullets, Code, Cue, CueKind, Lecture, Meta, Section, Segment, Speech

SENTENCES = [
    "Recurrent networks read a sequence one step at a time and carry a hidden state forward.",
    "The hidden state is a summary of everything the network has seen so far.",
    "Training unrolls the network through time and applies backpropagation to every step.",
    "Gradients that pass through many steps can shrink until learning stops.",
    "This is the vanishing gradient problem, and it limited early recurrent models.",
    "Long short-term memory adds a cell state and three gates that decide what to keep.",
    "The forget gate removes information that is no longer useful.",
    "The input gate decides which new information enters the cell.",
    "The output gate controls what part of the cell becomes the next hidden state.",
    "Gated recurrent units merge some of these gates and train a little faster.",
    "Attention lets a model look back at every input position when it produces an output.",
    "Transformers replace recurrence with attention and process all positions in parallel.",
    "Positional encodings tell the model where each token sits in the sequence.",
    "Layer normalisation keeps the activations in a stable range during training.",
    "Residual connections let very deep stacks of layers learn without degrading.",
    "Pre-training on large text collections gives a model general knowledge of language.",
    "Fine-tuning adapts that general model to one task with a small labelled data set.",
    "Evaluation on held-out data tells us whether the model generalises.",
]

SECTION_TITLES = ["Foundations", "Memory and Gates", "Attention", "Transformers", "Training in Practice",
                  "Applications", "Limits", "Looking Ahead"]


def make_lecture(minutes: float = 20.0, wpm: int = 150, segment_seconds: float = 30.0,
                 title: str = "Sequence Models, Start to Finish", path: str | None = None) -> Lecture:
    total_words = int(minutes * wpm)
    per_segment = max(8, int(segment_seconds * wpm / 60))
    n_segments = max(1, total_words // per_segment)
    sentences = itertools.cycle(enumerate(SENTENCES))
    per_section = max(1, -(-n_segments // len(SECTION_TITLES)))
    sections = []
    number = 0
    for s_index, s_title in enumerate(SECTION_TITLES):
        segs = []
        for _ in range(per_section):
            if number >= n_segments:
                break
            words, parts = 0, []
            while words < per_segment:
                i, text = next(sentences)
                text = f"In part {number + 1}, {text[0].lower()}{text[1:]}" if not parts else text
                parts.append(text)
                words += len(text.split())
            blocks: list = [Cue(CueKind.VISUAL, f"Diagram for part {number + 1}"),
                            Speech(" ".join(parts[: len(parts) // 2 or 1]))]
            if number % 5 == 2:
                blocks.append(Bullets((BulletItem("hidden state"), BulletItem("gates"), BulletItem("attention"))))
            if number % 9 == 4:
                blocks.append(Code("h = tanh(W @ x + U @ h)\n", "python"))
            if parts[len(parts) // 2 or 1:]:
                blocks.append(Speech(" ".join(parts[len(parts) // 2 or 1:])))
            segs.append(Segment(f"part-{number + 1}", tuple(blocks), title=f"Part {number + 1}",
                                clock=round(number * segment_seconds, 0)))
            number += 1
        if segs:
            sections.append(Section(s_title, tuple(segs)))
    meta = Meta(title=title, author="lecturecast benchmarks", rate_wpm=wpm)
    return Lecture(meta, tuple(sections), path=path)


def write_lecture(path: Path, **kwargs) -> Path:
    from lecturecast.script import format_lecture

    lecture = make_lecture(**kwargs)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(format_lecture(lecture), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    import sys

    write_lecture(Path(sys.argv[1]), minutes=float(sys.argv[2]) if len(sys.argv) > 2 else 20.0)
