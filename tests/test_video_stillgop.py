"""Still-GOP clips (video/stillgop.py): one IDR per slide + pre-encoded all-skip P-frames.

Everything here is real: Pillow slides, the imageio-ffmpeg binary, x264.  Frames are compared after
decoding to rgb24 through an ffmpeg pipe.
"""
from __future__ import annotations

import logging
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from lecturecast.errors import MediaError
from lecturecast.media import ffmpeg_exe, probe, run_ffmpeg
from lecturecast.video import StillClip, count_frames, encode_still_clip, encode_still_clips, join_clips
from lecturecast.video import stillgop

SIZE = (640, 360)


def slide_png(path: Path, k: int, size=SIZE) -> Path:
    """A slide with text-like detail: a coloured background, a title bar, lines of 'glyphs'."""
    rng = np.random.default_rng(k)
    img = Image.new("RGB", size, (40 + 70 * k, 60, 200 - 60 * k))
    draw = ImageDraw.Draw(img)
    draw.rectangle((20, 20, size[0] - 20, 70), fill=(240, 240, 240))
    draw.text((30, 35), f"Slide {k}: gates, states and gradients", fill=(0, 0, 0))
    for line in range(8):
        y = 100 + line * 30
        draw.text((40, y), "".join(chr(c) for c in rng.integers(33, 126, 60)), fill=(255, 255, 230))
    img.save(path)
    return path


def decode_rgb(video: Path, *extra: str, size=SIZE) -> np.ndarray:
    cmd = [ffmpeg_exe(), "-hide_banner", "-nostdin", "-v", "error", *extra, "-i", str(video), "-map", "0:v:0",
           "-fps_mode", "passthrough", "-f", "rawvideo", "-pix_fmt", "rgb24", "-"]
    proc = subprocess.run(cmd, capture_output=True, timeout=300)
    assert proc.returncode == 0 and not proc.stderr, proc.stderr.decode()
    return np.frombuffer(proc.stdout, np.uint8).reshape(-1, size[1], size[0], 3)


def keyframe_times(video: Path) -> list[float]:
    err = run_ffmpeg(["-skip_frame", "nokey", "-i", str(video), "-map", "0:v:0", "-vf", "showinfo",
                      "-fps_mode", "passthrough", "-f", "null", "-"])
    return [float(t) for t in re.findall(r"pts_time:\s*([\d.]+)", err)]


def psnr(a: np.ndarray, b: np.ndarray) -> float:
    mse = ((a.astype(float) - b.astype(float)) ** 2).mean()
    return float("inf") if mse == 0 else 10 * np.log10(255 ** 2 / mse)


@pytest.fixture(scope="module")
def slides(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stillgop")
    return tmp, [slide_png(tmp / f"s{k}.png", k) for k in range(3)]


FPS = 5  # GOP = 50 frames: runs longer than a GOP stay cheap to decode
# slide 0: 57 frames (GOPs 29 + 28), slide 1: 13 frames, slide 2: 104 frames (GOPs 35 + 35 + 34)
OFFSETS, DURATION, STARTS, TOTAL = (0.0, 11.4, 14.0), 34.8, (0, 57, 70), 174


def test_clip_frames_are_the_slides_idr_pictures(slides, caplog):
    tmp, pngs = slides
    with caplog.at_level(logging.DEBUG, logger="lecturecast.video"):
        clip = encode_still_clip(list(zip(pngs, OFFSETS)), DURATION, tmp / "new.mp4", fps=FPS, size=SIZE)
    assert "still-GOP" in caplog.text and "full x264" not in caplog.text
    assert count_frames(clip) == TOTAL
    info = probe(clip)
    assert (info.width, info.height, info.fps, info.duration) == (SIZE[0], SIZE[1], FPS, TOTAL / FPS)
    frames = decode_rgb(clip)
    assert len(frames) == TOTAL
    # the IDR pictures on their own: every GOP of a run starts with the same picture
    keys = decode_rgb(clip, "-skip_frame", "nokey")
    key_at = [round(t * FPS) for t in keyframe_times(clip)]
    assert key_at == [0, 29, 57, 70, 105, 140]
    slide_of = np.searchsorted(STARTS, np.arange(TOTAL), side="right") - 1
    for i, frame in enumerate(frames):
        k = slide_of[i]
        idr = keys[key_at.index(STARTS[k])]
        assert np.array_equal(frame, idr), f"frame {i} differs from slide {k}'s IDR picture"
    for j, at in enumerate(key_at):
        assert np.array_equal(keys[j], keys[key_at.index(STARTS[slide_of[at]])])
    changes = [i for i in range(1, TOTAL) if not np.array_equal(frames[i], frames[i - 1])]
    assert changes == [57, 70]  # round(offset * fps), exactly


def test_quality_matches_the_full_encode(slides):
    """PSNR against the source PNG: at least the regular x264 path's minus 1 dB (or 40 dB)."""
    tmp, pngs = slides
    new = encode_still_clip(list(zip(pngs, OFFSETS)), DURATION, tmp / "q_new.mp4", fps=FPS, size=SIZE)
    # a fade-out forces the full per-frame encode; it only touches the last frame
    old = encode_still_clip(list(zip(pngs, OFFSETS)), DURATION, tmp / "q_old.mp4", fps=FPS, size=SIZE, fade_out=0.2)
    a, b = decode_rgb(new), decode_rgb(old)
    for k, start in enumerate(STARTS):
        src = np.asarray(Image.open(pngs[k]).convert("RGB"))
        at = start + 10  # the regular path refines a slide over its first P-frames: compare once settled
        p_new, p_old = psnr(a[at], src), psnr(b[at], src)
        assert p_new >= min(p_old - 1.0, 40.0), (k, p_new, p_old)
    # same stream parameters as the regular path (the join relies on it): identical avcC
    hashes = [subprocess.run([ffmpeg_exe(), "-v", "error", "-i", str(c), "-map", "0:v", "-c", "copy", "-f", "framemd5",
                              "-"], capture_output=True, check=True).stdout.decode().splitlines() for c in (new, old)]
    extradata = [[h for h in lines if h.startswith("#extradata")] for lines in hashes]
    assert len(extradata[0]) == 1 and extradata[0] == extradata[1]
    # and the first picture is the regular path's first frame, byte for byte
    assert hashes[0][hashes[0].index(next(h for h in hashes[0] if not h.startswith("#")))].rsplit(",", 1)[1] == \
        next(h for h in hashes[1] if not h.startswith("#")).rsplit(",", 1)[1]
    assert new.stat().st_size < old.stat().st_size


def test_join_with_fade_clips_is_exact_and_clean(slides):
    tmp, pngs = slides
    size = (320, 180)
    small = [slide_png(tmp / f"j{k}.png", k, size) for k in range(3)]
    clips = [
        encode_still_clip([(small[0], 0.0)], 3.0, tmp / "j_title.mp4", fps=10, size=size, fade_in=0.5),
        encode_still_clip([(small[1], 0.0), (small[2], 4.26), (small[0], 21.5)], 25.04, tmp / "j_a.mp4", fps=10,
                          size=size),
        # a 1-frame clip (as with the regular path, its IDR and the next clip's share idr_pic_id 0)
        encode_still_clip([(small[2], 0.0)], 0.1, tmp / "j_one.mp4", fps=10, size=size),
        encode_still_clip([(small[1], 0.0), (small[0], 0.1), (small[2], 0.2)], 12.3, tmp / "j_b.mp4", fps=10,
                          size=size),  # 1-frame runs: consecutive IDRs (x264 alternates idr_pic_id)
        encode_still_clip([(small[2], 0.0)], 4.0, tmp / "j_closing.mp4", fps=10, size=size, fade_out=1.0),
    ]
    counts = [count_frames(c) for c in clips]
    assert counts == [30, 250, 1, 123, 40]
    joined = join_clips(clips, tmp / "joined.mp4")
    assert count_frames(joined) == sum(counts)
    assert run_ffmpeg(["-v", "error", "-i", str(joined), "-f", "null", "-"]).strip() == ""  # no decoder message
    assert probe(joined).duration == pytest.approx(sum(counts) / 10, abs=1e-6)
    keys = keyframe_times(joined)
    assert keys[0] == 0.0
    gaps = np.diff(keys + [sum(counts) / 10])
    assert gaps.max() <= 10.0 + 1e-9, keys
    # every clip's frames come through the join unchanged
    whole = decode_rgb(joined, size=size)
    start = 0
    for clip, n in zip(clips, counts):
        part = decode_rgb(clip, size=size)
        assert np.array_equal(whole[start:start + n], part)
        start += n


def test_template_is_reused_across_processes(slides, tmp_path):
    _, pngs = slides
    cache = tmp_path / "templates"
    encode_still_clip([(pngs[0], 0.0)], 2.0, tmp_path / "a.mp4", fps=FPS, size=SIZE, template_dir=cache)
    files = list(cache.glob(".stillgop-*.h264"))
    assert len(files) == 1
    before = files[0].stat()
    script = textwrap.dedent(f"""
        import logging, sys
        logging.basicConfig(level=logging.DEBUG, stream=sys.stdout, format="%(name)s %(message)s")
        from lecturecast.video import encode_still_clip
        encode_still_clip([({str(pngs[1])!r}, 0.0)], 3.0, sys.argv[1], fps={FPS}, size={SIZE},
                          template_dir={str(cache)!r})
    """)
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "b.mp4")], capture_output=True, text=True,
                         env=env, timeout=300, check=True).stdout
    assert "still-GOP" in out and "P-frames" not in out and "ignoring" not in out  # nothing rebuilt
    after = files[0].stat()
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert count_frames(tmp_path / "b.mp4") == 3 * FPS
    # a damaged template file is ignored and replaced (another process, so nothing is in memory)
    files[0].write_bytes(b"\x00\x00\x00\x01garbage")
    out = subprocess.run([sys.executable, "-c", script, str(tmp_path / "c.mp4")], capture_output=True, text=True,
                         env=env, timeout=300, check=True).stdout
    assert "ignoring template" in out and "P-frames" in out and "still-GOP" in out
    assert files[0].stat().st_size > 100
    assert np.array_equal(decode_rgb(tmp_path / "b.mp4"), decode_rgb(tmp_path / "c.mp4"))


def test_fallbacks(slides, tmp_path, caplog):
    tmp, pngs = slides
    # fades: the full encode, logged at debug level
    with caplog.at_level(logging.DEBUG, logger="lecturecast.video"):
        clip = encode_still_clip([(pngs[0], 0.0)], 2.0, tmp_path / "fade.mp4", fps=FPS, size=SIZE, fade_in=0.4)
    assert "full x264 encode (fade)" in caplog.text
    assert count_frames(clip) == 2 * FPS
    # an image ffmpeg cannot read: the shortcut fails, the full encode reports the error; nothing is left
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(MediaError):
        encode_still_clip([(bad, 0.0)], 1.0, tmp_path / "bad.mp4", fps=FPS, size=SIZE)
    assert sorted(p.name for p in tmp_path.iterdir() if "bad" in p.name) == ["bad.png"]


def test_assemble_refuses_two_idrs_with_the_same_id(slides, tmp_path):
    """Real bitstreams: a clip's IDR access unit repeated as two 1-frame runs is not valid H.264."""
    tmp, pngs = slides
    clip = encode_still_clip([(pngs[0], 0.0)], 1.0, tmp_path / "one.mp4", fps=FPS, size=SIZE)
    raw = tmp_path / "one.h264"
    run_ffmpeg(["-i", str(clip), "-map", "0:v", "-c", "copy", "-bsf:v", "h264_mp4toannexb", "-f", "h264", str(raw)])
    nals = stillgop.split_nals(raw.read_bytes())
    sps = stillgop.parse_sps(next(n for n in nals if n[0] & 31 == stillgop.NAL_SPS))
    aus = stillgop.access_units(nals, sps)
    assert len(aus) == FPS and [n[0] & 31 for n in aus[0]][-1] == stillgop.NAL_IDR
    idr_slice = aus[0][-1]
    pframes = tuple(au[0] for au in aus[1:])
    gop = FPS * 10

    def template_for(sps_nal, pps_nal, sei):  # the clip's own P-frames 1..4 are the template's
        return stillgop.Template(sps_nal, pps_nal, pframes)

    twice = stillgop.annexb([*aus[0], idr_slice])  # the same IDR twice, as two runs
    with pytest.raises(stillgop.Unsupported, match="idr_pic_id"):
        stillgop.assemble(twice, [1, 1], gop, template_for)
    ok = stillgop.split_nals(stillgop.assemble(twice, [2, 3], gop, template_for))
    assert [n[0] & 31 for n in ok if n[0] & 31 in (1, 5)] == [5, 1, 5, 1, 1]
    assert stillgop.gop_lengths(237, 100) == [79, 79, 79]
    assert stillgop.gop_lengths(101, 100) == [51, 50]
    assert stillgop.gop_lengths(1, 100) == [1]


def test_batched_clips_are_exact_and_join_cleanly(slides, tmp_path, caplog):
    """encode_still_clips: one IDR encode + one mux run for the batch; same frames, counts and join as one by one."""
    tmp, pngs = slides
    size = (320, 180)
    small = [slide_png(tmp_path / f"b{k}.png", k, size) for k in range(3)]
    specs = [
        StillClip(((small[0], 0.0),), 3.0, tmp_path / "b_title.mp4", fade_in=0.5),
        StillClip(((small[1], 0.0), (small[2], 4.26), (small[0], 21.5)), 25.04, tmp_path / "b_a.mp4"),
        StillClip(((small[2], 0.0),), 0.1, tmp_path / "b_one.mp4"),
        StillClip(((small[1], 0.0), (small[0], 0.1), (small[2], 0.2)), 12.3, tmp_path / "b_b.mp4"),
        StillClip(((small[2], 0.0),), 4.0, tmp_path / "b_closing.mp4", fade_out=1.0),
    ]
    with caplog.at_level(logging.DEBUG, logger="lecturecast"):
        clips = encode_still_clips(specs, fps=10, size=size, template_dir=tmp_path / "tpl")
    runs = [r.getMessage() for r in caplog.records if r.name == "lecturecast.media"]
    assert sum("idr.h264" in m for m in runs) == 1  # the 7 slides of the 3 still clips: one IDR encode
    assert sum(m.count("-probesize 32") == 3 for m in runs) == 1 and sum("-probesize 32" in m for m in runs) == 1
    assert "not batched" not in caplog.text and "one clip at a time" not in caplog.text
    counts = [count_frames(c) for c in clips]
    assert counts == [30, 250, 1, 123, 40]
    runs = {1: [(0, 43), (43, 215), (215, 250)], 2: [(0, 1)], 3: [(0, 1), (1, 2), (2, 123)]}
    for k, spans in runs.items():
        frames = decode_rgb(clips[k], size=size)
        single = decode_rgb(encode_still_clip(list(specs[k].frames), specs[k].duration, tmp_path / f"one{k}.mp4",
                                              fps=10, size=size), size=size)
        for (a, b), (image, _) in zip(spans, specs[k].frames):
            assert all(np.array_equal(f, frames[a]) for f in frames[a:b]), (k, a)  # a still run: exact copies
            src = np.asarray(Image.open(image).convert("RGB"))
            assert psnr(frames[a], src) >= psnr(single[a], src) - 1.0
    joined = join_clips(clips, tmp_path / "joined.mp4")
    assert count_frames(joined) == sum(counts)
    assert run_ffmpeg(["-v", "error", "-i", str(joined), "-f", "null", "-"]).strip() == ""
    assert sorted(p.name for p in tmp_path.iterdir() if p.suffix == ".mp4" and p.name.startswith("b_")) == \
        sorted(s.out.name for s in specs)  # no partial file left
    # an unreadable slide in a batch: one clear MediaError, no clip of the batch half-written
    bad = tmp_path / "bad.png"
    bad.write_bytes(b"\x89PNG\r\n\x1a\nnot really")
    with pytest.raises(MediaError):
        encode_still_clips([StillClip(((small[0], 0.0),), 1.0, tmp_path / "c1.mp4"),
                            StillClip(((bad, 0.0),), 1.0, tmp_path / "c2.mp4")], fps=10, size=size)
    assert not (tmp_path / "c2.mp4").exists() and not list(tmp_path.glob(".c*.part*"))
