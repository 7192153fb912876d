"""Still clips: one H.264 clip per segment from its slide image(s), and the voice speed-up helper.

How a clip is encoded — CPU seconds for 30 s of one 1920×1080 text slide at 10 fps (300 frames), one
x264 thread, on the 2-core build machine:

=====================================================================  ========  ==========
input path / x264 preset                                               CPU       file
=====================================================================  ========  ==========
``-loop 1 -framerate 10 -i slide.png`` (PNG re-read, re-decoded and
re-converted RGB→YUV for every frame), ``veryfast``                      8.3 s    222 kB
PNG decoded once, ``format=yuv420p`` before the ``loop`` filter (the
conversion also runs once), ``setpts=N``, ``veryfast``                   2.4 s    222 kB
same, ``ultrafast`` + CABAC (the default)                                1.4 s    495 kB
=====================================================================  ========  ==========

The first two produce byte-identical files; ``ultrafast`` costs 4.6 ms per frame and its I-frames
are *sharper* at the same CRF (PSNR 57.3 dB vs 52.5 dB on a text slide), at ~1 MB per minute of
1080p — small for a lecture.  x264 is then the only cost; ``-threads 1`` per clip with clips encoded
in parallel is the most CPU-efficient.  Several slides in one clip: one input per PNG, each looped
for its own frame count, joined with the ``concat`` filter, timestamps renumbered — same cost per
frame as a single slide.

The frame count is exact (``round(duration * fps)``, each slide from ``round(offset * fps)``), never
``-loop 1 … -shortest`` (which overshoots the audio).  Keyframes every ``min(10 s, …)`` (``-g``), no
B-frames (every clip starts at pts 0 with no edit list, so the concat demuxer joins clips exactly),
BT.709 colour tags, yuv420p, 1920×1080 by default.

Clips without fades take a shortcut (:mod:`.stillgop`): each slide is encoded once as an IDR frame and
the repeated frames are pre-encoded all-skip P-frames — same stream parameters, same container, ~5–8×
less CPU.  Fades, and anything the shortcut cannot do exactly, use the full x264 encode above.
"""
from __future__ import annotations

import logging
import math
import os
from pathlib import Path
from typing import Sequence

from ..errors import ConfigError, MediaError
from ..fsutil import atomic_path
from . import stillgop
from .ffrun import Progress, frames_written, run

log = logging.getLogger(__name__)

DEFAULT_SIZE = (1920, 1080)
DEFAULT_PRESET = "ultrafast"
DEFAULT_X264 = "cabac=1"  # ultrafast turns CABAC off; on, files are ~10 % smaller for ~no time
DEFAULT_CRF = 20
KEYFRAME_SECONDS = 10  # at most this long between keyframes (seeking, chapter jumps)


def frame_count(duration: float, fps: int) -> int:
    return max(0, round(duration * fps))


def gop_frames(fps: int) -> int:
    return max(1, fps * KEYFRAME_SECONDS)


def encoder_args(fps: int, *, preset: str = DEFAULT_PRESET, crf: int = DEFAULT_CRF, threads: int = 0,
                 x264_params: str = DEFAULT_X264, container: bool = True) -> list[str]:
    """x264 settings shared by every clip, so clips can be joined with stream copy.

    ``container=False`` leaves out the MP4 muxer option (for raw ``-f h264`` output)."""
    extra = ["-x264-params", x264_params] if x264_params else []
    mp4 = ["-video_track_timescale", str(fps * 1000)] if container else []
    return ["-c:v", "libx264", "-preset", preset, "-tune", "stillimage", "-crf", str(crf), *extra,
            "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", str(gop_frames(fps)), "-bf", "0",
            "-threads", str(threads),
            "-colorspace", "bt709", "-color_primaries", "bt709", "-color_trc", "bt709", "-color_range", "tv",
            "-r", str(fps), "-fps_mode", "cfr", *mp4]


def _post_chain(fps: int) -> list[str]:
    return [f"settb=1/{fps}", "setpts=N",
            "setparams=color_primaries=bt709:color_trc=bt709:colorspace=bt709:range=tv"]


def _image_chain(index: int, frames: int, size: tuple[int, int]) -> str:
    w, h = size
    return (f"[{index}:v]scale={w}:{h}:force_original_aspect_ratio=decrease:out_color_matrix=bt709:out_range=tv,"
            f"format=yuv420p,pad={w}:{h}:(ow-iw)/2:(oh-ih)/2:color=black,setsar=1,"
            f"loop=loop={frames - 1}:size=1:start=0,setpts=N[s{index}]")


def plan_frames(frames: Sequence[tuple[str | os.PathLike[str], float]], total: int, fps: int) -> list[tuple[Path, int]]:
    """(image, number of frames) for each slide that is on screen for at least one frame."""
    starts = []
    previous = 0
    for k, (_, offset) in enumerate(frames):
        start = 0 if k == 0 else min(total, max(previous, round(float(offset) * fps)))
        starts.append(start)
        previous = start
    out: list[tuple[Path, int]] = []
    for k, (image, _) in enumerate(frames):
        end = starts[k + 1] if k + 1 < len(frames) else total
        if end > starts[k]:
            out.append((Path(image), end - starts[k]))
    return out


def check_clip(frames: Sequence[tuple[str | os.PathLike[str], float]], duration: float, out: str | os.PathLike[str],
               *, fps: int, size: tuple[int, int]) -> tuple[int, list[tuple[Path, int]], float]:
    """(frame count, shown slides, ffmpeg timeout) of a clip request; a clear error when it is not valid."""
    if not isinstance(fps, int) or fps < 1:
        raise ConfigError(f"fps must be a positive whole number, not {fps!r}")
    if not frames:
        raise MediaError("a clip needs at least one slide image", hint="check the slide plan for this segment")
    for image, _ in frames:
        if not Path(image).is_file():
            raise MediaError(f"slide image {image} does not exist", hint="rebuild the slides stage")
    w, h = size
    if w % 2 or h % 2 or w < 16 or h < 16:
        raise ConfigError(f"video size must be even and at least 16×16, not {w}×{h}")
    total = frame_count(duration, fps)
    if total < 1:
        raise MediaError(f"clip {Path(out).name} would be {duration:.3f} s long: shorter than one frame at {fps} fps")
    shown = plan_frames(frames, total, fps)
    timeout = 60 + total * 0.05 * max(1.0, (w * h) / (1920 * 1080))
    return total, shown, timeout


def encode_still_clip(frames: Sequence[tuple[str | os.PathLike[str], float]], duration: float,
                      out: str | os.PathLike[str], *, fps: int = 10, size: tuple[int, int] = DEFAULT_SIZE,
                      preset: str = DEFAULT_PRESET, crf: int = DEFAULT_CRF, threads: int = 1,
                      fade_in: float = 0.0, fade_out: float = 0.0, progress: Progress = None,
                      template_dir: str | os.PathLike[str] | None = None) -> Path:
    """Encode ``frames`` — ``[(png, offset_seconds), ...]`` — as a video-only clip of exactly
    ``round(duration * fps)`` frames.  Slide *k* is shown from ``offset_k`` until the next offset.

    ``fade_in`` / ``fade_out`` (seconds) fade from / to black (title and closing cards).  ``threads=1``
    suits a build that encodes clips in parallel (one per core); pass 0 for x264's own threading when
    encoding one clip at a time.  The file is written atomically.  ``template_dir`` keeps the
    still-GOP template (:mod:`.stillgop`, a few kB per encoder setting; default: ``out``'s folder).
    """
    total, shown, timeout = check_clip(frames, duration, out, fps=fps, size=size)
    length = total / fps
    folder = Path(template_dir) if template_dir is not None else Path(out).parent
    with atomic_path(out) as tmp:
        why = "fade" if fade_in > 0 or fade_out > 0 else _still_gop_clip(
            shown, total, tmp, Path(out).name, fps=fps, size=size, preset=preset, crf=crf, threads=threads,
            folder=folder, timeout=timeout)
        if why is None:
            if progress is not None:
                progress("clip", round(length * 1000), round(length * 1000))
        else:
            log.debug("clip %s: full x264 encode (%s)", Path(out).name, why)
            _full_encode(shown, total, tmp, Path(out).name, fps=fps, size=size, preset=preset, crf=crf, threads=threads,
                         fade_in=fade_in, fade_out=fade_out, timeout=timeout, progress=progress)
    log.debug("clip %s: %d frames, %d slide(s)%s", Path(out).name, total, len(shown), "" if why else ", still-GOP")
    return Path(out)


def _inputs(images: Sequence[Path]) -> list[str]:
    inputs: list[str] = []
    for image in images:
        inputs += ["-f", "image2", "-pattern_type", "none", "-i", str(image)]  # '%' in a name is literal
    return inputs


def _concat(chains: list[str], n: int) -> str:
    """Append the concat of [s0]..[s(n-1)] to ``chains`` if n > 1; return the output label."""
    if n == 1:
        return "[s0]"
    chains.append("".join(f"[s{i}]" for i in range(n)) + f"concat=n={n}:v=1:a=0[cat]")
    return "[cat]"


def _full_encode(shown: list[tuple[Path, int]], total: int, tmp: Path, name: str, *, fps: int, size: tuple[int, int],
                 preset: str, crf: int, threads: int, fade_in: float, fade_out: float, timeout: float,
                 progress: Progress) -> None:
    """Every frame through x264 (fades; and the fallback of the still-GOP shortcut)."""
    chains = [_image_chain(i, n, size) for i, (_, n) in enumerate(shown)]
    last = _concat(chains, len(shown))
    post = _post_chain(fps)
    length = total / fps
    if fade_in > 0:
        post.append(f"fade=t=in:st=0:d={min(fade_in, length):.3f}")
    if fade_out > 0:
        d = min(fade_out, length)
        post.append(f"fade=t=out:st={length - d:.3f}:d={d:.3f}")
    chains.append(f"{last}{','.join(post)}[v]")
    run([*_inputs([image for image, _ in shown]), "-filter_complex", ";".join(chains), "-map", "[v]",
         "-frames:v", str(total), *encoder_args(fps, preset=preset, crf=crf, threads=threads), "-an", "-f", "mp4",
         str(tmp)],
        what=f"encoding clip {name}", timeout=timeout, progress=progress, stage="clip", total_seconds=length)


def template_getter(*, fps: int, size: tuple[int, int], preset: str, crf: int, threads: int, folder: Path):
    """``template_for(sps, pps, sei)`` for :func:`.stillgop.assemble`: the still-GOP template of these
    encoder settings, made through the regular filter chain and encoder when it is not cached."""
    gop = gop_frames(fps)
    codec = encoder_args(fps, preset=preset, crf=crf, threads=threads, container=False)
    w, h = size

    def lavfi_encode(source: str, frames: int, dest: Path) -> list[str]:  # template pictures, same chain
        chain = _image_chain(0, frames, size) + ";[s0]" + ",".join(_post_chain(fps)) + "[v]"
        src = f"{source}{':' if '=' in source else '='}s={w}x{h}:r=1:d=1"
        return ["-f", "lavfi", "-i", src, "-filter_complex", chain, "-map", "[v]", "-frames:v", str(frames), *codec,
                "-an", "-f", "h264", str(dest)]

    def template_for(sps: bytes, pps: bytes, sei: bytes) -> stillgop.Template:
        key = stillgop.template_key(sps, pps, sei, gop)
        return stillgop.get_template(key, sps, pps, gop, folder, lavfi_encode, timeout=120 + gop * 0.05)

    return template_for


def raw_input_args(raw: Path, fps: int) -> list[str]:
    """ffmpeg input options for a still-GOP Annex B stream.  -probesize 32: the parser reads the stream
    parameters from the SPS without decoding the first picture (−7 ms)."""
    return ["-probesize", "32", "-f", "h264", "-framerate", str(fps), "-i", str(raw)]


def clip_output_args(index: int, fps: int, dest: Path) -> list[str]:
    """Stream copy of input ``index`` into an MP4 laid out like the regular clips: in-band SPS/PPS dropped
    (they are in avcC), frame N at N / fps, track timescale fps * 1000, movie timescale 1000."""
    return ["-map", f"{index}:v:0", "-c", "copy",
            "-bsf:v", f"filter_units=remove_types=7|8,setts=ts=N/{fps}/TB:duration=1/{fps}/TB",
            "-video_track_timescale", str(fps * 1000), "-movie_timescale", "1000", "-an", "-f", "mp4", str(dest)]


def _still_gop_clip(shown: list[tuple[Path, int]], total: int, tmp: Path, name: str, *, fps: int, size: tuple[int, int],
                    preset: str, crf: int, threads: int, folder: Path, timeout: float) -> str | None:
    """Write the clip to ``tmp`` the :mod:`.stillgop` way; None when done, else why it cannot be."""
    template_for = template_getter(fps=fps, size=size, preset=preset, crf=crf, threads=threads, folder=folder)
    gop = gop_frames(fps)
    codec = encoder_args(fps, preset=preset, crf=crf, threads=threads, container=False)
    raw = tmp.with_name(tmp.name + ".h264")  # a temp name of ours (fsutil.is_temp_name): swept like any partial file
    try:
        # each slide run once, as an IDR frame, through the regular filter chain and encoder settings
        chains = [_image_chain(i, 1, size) for i in range(len(shown))]
        last = _concat(chains, len(shown))
        chains.append(f"{last}{','.join(_post_chain(fps))}[v]")
        run([*_inputs([image for image, _ in shown]), "-filter_complex", ";".join(chains), "-map", "[v]",
             "-frames:v", str(len(shown)), *codec, "-force_key_frames", "expr:1", "-an", "-f", "h264", str(raw)],
            what=f"encoding the slides of clip {name}", timeout=timeout)
        raw.write_bytes(stillgop.assemble(raw.read_bytes(), [n for _, n in shown], gop, template_for))
        err = run([*raw_input_args(raw, fps), *clip_output_args(0, fps, tmp)], what=f"writing clip {name}",
                  timeout=timeout)
        muxed = frames_written(err)
        if muxed != total:
            raise stillgop.Unsupported(f"muxed {muxed if muxed is not None else '?'} frames, expected {total}")
        return None
    except (stillgop.Unsupported, MediaError) as exc:  # DiskFullError is not a MediaError: it propagates
        return f"still-GOP shortcut not possible: {exc}"
    finally:
        raw.unlink(missing_ok=True)


def apply_speed(wav_in: str | os.PathLike[str], wav_out: str | os.PathLike[str], factor: float, *,
                timeout: float = 300) -> Path:
    """Play ``wav_in`` ``factor`` times faster without changing pitch (ffmpeg ``atempo``); 16-bit WAV.

    The result lasts ``duration / factor`` (to within a few milliseconds).
    """
    if not math.isfinite(factor) or factor <= 0:
        raise ConfigError(f"speed factor must be positive, not {factor!r}")
    stages: list[float] = []
    rest = float(factor)
    while rest > 2.0:  # one atempo per factor of 2 keeps quality (and older ffmpeg builds) happy
        stages.append(2.0)
        rest /= 2.0
    while rest < 0.5:
        stages.append(0.5)
        rest /= 0.5
    stages.append(rest)
    chain = ",".join(f"atempo={s:.6f}" for s in stages)
    with atomic_path(wav_out) as tmp:
        run(["-i", str(wav_in), "-af", chain, "-c:a", "pcm_s16le", "-f", "wav", str(tmp)],
            what=f"changing the speed of {Path(wav_in).name}", timeout=timeout)
    return Path(wav_out)
