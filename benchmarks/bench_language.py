"""Accuracy of the offline language detector on every paragraph (six words or more; any CJK paragraph)
of the project's own multilingual fixtures and of the Spanish evaluation script.

    PYTHONPATH=src python benchmarks/bench_language.py   # prints correct/total per language
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

from lecturecast.script import import_script, read_script_text
from lecturecast.script.language import detect_language

ROOT = Path(__file__).resolve().parents[1]
FIX = ROOT / "tests" / "fixtures" / "script"
EXPECTED = {"fr_phrases.md": "fr", "es_phrases.md": "es", "de_script.md": "de", "ro_script.md": "ro",
            "ja_captions.srt": "ja", "ja_captions.vtt": "ja", "podcast_transcript.md": "en",
            "tutorial_videos.md": "en", "episodes.md": "en", "story.md": "en", "podcast.md": "en"}
EVAL_ES = ROOT.parents[1] / "shared" / "eval" / "scripts" / "13_es_PE_guion-video-explicativo.md"


def main() -> int:
    files = {FIX / name: lang for name, lang in EXPECTED.items()}
    if EVAL_ES.is_file():
        files[EVAL_ES] = "es"
    total, right, wrong = Counter(), Counter(), []
    for path, lang in files.items():
        lecture = import_script(read_script_text(path), path).lecture
        for seg in lecture.segments:
            for speech in seg.speeches:
                if len(speech.text.split()) >= 6 or lang in ("ja", "zh"):
                    total[lang] += 1
                    got = detect_language(speech.text)
                    right[lang] += got == lang
                    if got != lang:
                        wrong.append(f"  {path.name}: {lang} read as {got}: {speech.text[:60]!r}")
    for lang in sorted(total):
        print(f"{lang}: {right[lang]}/{total[lang]} paragraphs")
    print(f"all: {sum(right.values())}/{sum(total.values())}")
    print("\n".join(wrong))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
