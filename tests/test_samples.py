"""The bundled sample lectures (scripts/*.md) are complete: every asset they name exists."""
from __future__ import annotations

from pathlib import Path

import pytest

from lecturecast.assets import find_asset
from lecturecast.model import CueKind
from lecturecast.paths import project_of
from lecturecast.script import load_lecture
from lecturecast.voice.music import music_asset
from lecturecast.voice.sounds import sound_asset

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "scripts").glob("*.md"))


@pytest.mark.parametrize("script", SAMPLES, ids=lambda p: p.stem)
def test_sample_names_only_existing_assets(script):
    lecture = load_lecture(script)
    for segment in lecture.segments:
        for cue in segment.cues:
            if cue.kind == CueKind.MUSIC:
                assert music_asset(cue, lecture) is not None, cue.text  # raises AssetError when named and missing
            elif cue.kind == CueKind.SOUND:
                assert sound_asset(cue, lecture) is not None, f"{script.name}: sound {cue.text!r} plays nothing"
            elif cue.asset:
                found = (find_asset(cue.asset, project_of(lecture), "images", required=False)
                         or find_asset(cue.asset, project_of(lecture), "", required=False))
                assert found is not None, f"{script.name}: {cue.asset} is missing"
    assert len(SAMPLES) >= 3 and lecture.segments
