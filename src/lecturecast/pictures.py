"""Opening the pictures a script names: checked before decoding, downscaled for deck and video.

* Only PNG, JPEG, GIF and BMP are decoded (``Image.open(..., formats=...)``), whatever the file is
  called: a text file or an EPS (which Pillow would hand to Ghostscript) named ``x.png`` is refused.
* The size is read from the header (Pillow opens lazily) and checked *before* any pixel is decoded:
  more than :data:`MAX_PIXELS` is refused with one line, as is Pillow's own decompression-bomb error.
* The deck gets at most :data:`DECK_MAX_SIDE` pixels on the long side (a re-encoded copy when the
  file is larger or has an exotic mode); the painted slide (1920×1080, the video's frames) decodes
  JPEGs at reduced size (``draft``) and reduces others before resampling.
"""
from __future__ import annotations

import functools
import io
import os
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Iterator

from PIL import Image

from .errors import AssetError, Location

FORMATS = ("PNG", "JPEG", "GIF", "BMP")  # decoded by Pillow and embeddable by python-pptx
MAX_PIXELS = 120_000_000  # a 108-Mpx phone photo (12000x9000) passes; ~480 MB as RGBA at most
DECK_MAX_SIDE = 3840  # long side of a picture in deck.pptx (4K: sharp on any projector)
_REDUCIBLE = ("L", "LA", "RGB", "RGBA", "F")


@dataclass(frozen=True)
class ImageInfo:
    path: str
    width: int
    height: int
    format: str
    mode: str


def _fail(path: str | os.PathLike[str], problem: str, where: Location | None,
          hint: str = "use a PNG, JPEG, GIF or BMP file") -> AssetError:
    return AssetError(f"image {Path(path).name!r} {problem}", location=where or Location(str(path)), hint=hint)


_TOO_BIG = f"scale it down to at most {MAX_PIXELS // 1_000_000} megapixels"


@contextmanager
def open_checked(path: str | os.PathLike[str], where: Location | None = None) -> Iterator[Image.Image]:
    """The image, opened lazily, after its format and header size were checked (nothing decoded)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our limit decides
            im = Image.open(path, formats=FORMATS)
    except Image.DecompressionBombError as exc:
        raise _fail(path, f"is too large to decode safely ({exc})", where, _TOO_BIG) from None
    except Image.UnidentifiedImageError:
        raise _fail(path, "is not a PNG, JPEG, GIF or BMP image", where) from None
    except (OSError, ValueError, SyntaxError) as exc:
        raise _fail(path, f"cannot be read ({exc})", where) from None
    with im:
        w, h = im.size
        if w < 1 or h < 1 or w * h > MAX_PIXELS:
            raise _fail(path, f"is {w}x{h} pixels ({w * h / 1e6:.0f} Mpx), too large to decode safely", where,
                        _TOO_BIG)
        yield im


@functools.lru_cache(maxsize=256)
def _inspect(path: str, size: int, mtime_ns: int) -> ImageInfo:
    with open_checked(path) as im:
        return ImageInfo(path, im.size[0], im.size[1], str(im.format), im.mode)


def inspect_image(path: str | os.PathLike[str], where: Location | None = None) -> ImageInfo:
    """Header facts of a picture (format, size), refusing what :func:`open_checked` refuses."""
    try:
        st = os.stat(path)
        return _inspect(str(path), st.st_size, st.st_mtime_ns)
    except AssetError as exc:
        raise AssetError(exc.message, location=where or exc.location, hint=exc.hint) from None
    except OSError as exc:
        raise _fail(path, f"cannot be read ({exc.strerror})", where) from None


def _decoded(im: Image.Image, path: str | os.PathLike[str], target: tuple[int, int]) -> Image.Image:
    """Decode ``im`` at no less than ``target`` but as little above it as cheaply possible: JPEGs
    by DCT scaling (``draft``), others by an integer box ``reduce`` after decoding."""
    try:
        if im.format == "JPEG":
            im.draft("RGB", target)
        im.load()
        if im.mode not in _REDUCIBLE:
            im = im.convert("L" if im.mode in ("1", "I;16", "I") else "RGBA")
        factor = max(1, min(im.width // max(1, target[0]), im.height // max(1, target[1])))
        return im.reduce(factor) if factor > 1 else im.copy()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise _fail(path, f"cannot be decoded ({exc})", None) from None


def load_fitted(path: str | os.PathLike[str], size: tuple[int, int]) -> Image.Image:
    """The picture as RGBA, resampled to exactly ``size`` (for the painted slide)."""
    with open_checked(path) as im:
        small = _decoded(im, path, size)
    return small.convert("RGBA").resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)


def deck_picture(path: str | os.PathLike[str]) -> str | IO[bytes]:
    """What ``python-pptx`` embeds: the file itself when small enough, else a downscaled PNG/JPEG copy."""
    info = inspect_image(path)
    if max(info.width, info.height) <= DECK_MAX_SIDE:
        return str(path)
    scale = DECK_MAX_SIDE / max(info.width, info.height)
    size = (max(1, round(info.width * scale)), max(1, round(info.height * scale)))
    with open_checked(path) as im:
        small = _decoded(im, path, size)
    photo = info.format == "JPEG"
    small = small.convert("RGB" if photo else "RGBA")
    if small.size != size:
        small = small.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    data = io.BytesIO()
    small.save(data, format="JPEG" if photo else "PNG", quality=90)
    data.seek(0)
    return data
