"""Acceptance check of the fact checklist on the project's seed chat log (not a test: it reads
/work/shared).  The seed is split into its lectures (``lecturecast import --split``), every lecture
goes through the claim detector as ``lecturecast check`` uses it, and the three attributions the
chat model invented must be in the checklist.

    python benchmarks/eval_claims_seed.py [--seed FILE]     # exit 1 when one is missing
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from lecturecast.review.claims import claim_rows
from lecturecast.review.timeline import Timeline
from lecturecast.script.importer.split import split_conversation
from lecturecast.script.textio import read_script_text

SEED = next((p / "shared" / "seed" / "000_3756fdbb72bf6abd.txt" for p in Path(__file__).resolve().parents
             if (p / "shared" / "seed" / "000_3756fdbb72bf6abd.txt").is_file()), Path("../shared/seed/000_3756fdbb72bf6abd.txt"))
MUST = (  # (words that must all be in one listed claim) — the invented attributions
    ("In 2014, the Gated Recurrent Unit was introduced by Felix Gers, Jürgen Schmidhuber, and Kyunghyun Cho",),
    ("Conv-TasNet", "introduced by Sun et al. in 2019"),
    ("The first Generative Model for text was introduced by Andrew Ng",),
)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seed", type=Path, default=SEED)
    args = ap.parse_args()
    parts = [p for p in split_conversation(read_script_text(args.seed), args.seed) if p.result is not None]
    claims = []
    for number, part in enumerate(parts, 1):
        lecture = part.result.lecture
        rows = claim_rows(lecture, Timeline(lecture, Path("/nonexistent"), {}))
        kinds: dict[str, int] = {}
        for row in rows:
            for k in row.kinds:
                kinds[k] = kinds.get(k, 0) + 1
        print(f"{number}. {lecture.title!r}: {len(rows)} claims {kinds}")
        claims += [(number, row) for row in rows]
    missing = 0
    for words in MUST:  # the seed's own sentences are not printed (nothing from shared/ is copied)
        hit = next(((n, row) for n, row in claims if all(w in row.text for w in words)), None)
        where = f" (lecture {hit[0]}, line {hit[1].where.line}, kinds {', '.join(hit[1].kinds)})" if hit else ""
        print(f"{'FOUND  ' if hit else 'MISSING'} {' … '.join(words)}{where}")
        missing += hit is None
    print(f"{len(parts)} lectures, {len(claims)} claims listed; {len(MUST) - missing}/{len(MUST)} invented attributions found")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
