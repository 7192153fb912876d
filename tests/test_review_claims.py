"""Claim detection (lecturecast.script.claims): precision on a labelled fixture of our own, and the
rules that decide what is a date, an attribution, a number claim or a superlative."""
from __future__ import annotations

from pathlib import Path

import pytest

from lecturecast.script.claims import ATTRIBUTION, DATE, NUMBER, SUPERLATIVE, classify, find_claims

FIXTURE = Path(__file__).parent / "fixtures" / "review" / "claims_labelled.txt"


def _labelled() -> list[tuple[set[str], str]]:
    rows = []
    for line in FIXTURE.read_text("utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, _, sentence = line.partition(" | ")
        rows.append((set() if label.strip() == "-" else set(label.strip().split(",")), sentence.strip()))
    return rows


def test_precision_and_recall_on_labelled_sentences():
    rows = _labelled()
    assert len(rows) >= 50 and sum(1 for kinds, _ in rows if not kinds) >= 25
    tp = fp = fn = 0
    wrong = []
    for kinds, sentence in rows:
        claim = classify(sentence)
        if claim and kinds:
            tp += 1
        elif claim:
            fp += 1
            wrong.append(f"false claim {claim.kinds} {claim.evidence}: {sentence}")
        elif kinds:
            fn += 1
            wrong.append(f"missed {sorted(kinds)}: {sentence}")
    precision, recall = tp / max(1, tp + fp), tp / max(1, tp + fn)
    print(f"claims: precision {precision:.3f} recall {recall:.3f} (tp {tp}, fp {fp}, fn {fn}, {len(rows)} sentences)")
    for w in wrong:
        print("  ", w)
    assert precision >= 0.9, wrong
    assert recall >= 0.6, wrong  # recall is printed; a floor keeps the detector from going silent


def test_kinds_match_the_labels_for_found_claims():
    agree = total = 0
    for kinds, sentence in _labelled():
        claim = classify(sentence)
        if claim and kinds:
            total += 1
            agree += bool(set(claim.kinds) & kinds)
    assert total and agree / total >= 0.9


@pytest.mark.parametrize("sentence", [
    "The car stopped.", "In the 1st layer we see edges.", "At 3:00 we start.", "Two of us went.",
    "It took 1,000 times longer than planned?", "Use `range(1997)` here.", "The first step is easy.",
    "GPT-3 is large.", "Version 2.0 came out.", "The 2048 entries fit.",
])
def test_non_claims(sentence):
    assert classify(sentence) is None, classify(sentence)


def test_dates_and_quantities_are_told_apart():
    assert classify("In 1997 the LSTM was born.").kinds == (DATE,)
    claim = classify("It ran 1,000 times faster.")
    assert claim is not None and claim.kinds == (NUMBER,)
    assert DATE in classify("The paper (Vaswani et al., 2017) changed NLP.").kinds
    assert classify("We trained on 2048 tokens per batch.").kinds == (NUMBER,)  # a size, not a year


def test_invented_attributions_are_found():
    text = ("In 2014, the Gated Recurrent Unit was introduced by Ada Lovelace and Alan Turing. "
            "Conv-Net was introduced by Sun et al. in 2019. "
            "The first Generative Model for text was introduced by Grace Hopper.")
    claims = find_claims(text)
    assert len(claims) == 3
    assert claims[0].kinds == (DATE, ATTRIBUTION)
    assert ATTRIBUTION in claims[1].kinds and DATE in claims[1].kinds
    assert ATTRIBUTION in claims[2].kinds and SUPERLATIVE in claims[2].kinds
    assert "who is credited" in claims[0].describe()
