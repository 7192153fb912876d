"""Run LibreOffice on our decks with exactly the fonts we measured with.

LibreOffice finds fonts through fontconfig.  Left alone it uses whatever the machine has: a
different build of Noto Sans, or, without Noto, a substitute with other widths (text rewraps).
:func:`fontconfig_file` writes a fontconfig configuration that shows LibreOffice only the font
folders we name — by default the shipped ``assets/fonts`` — and :func:`soffice_pdf` converts a deck
with it (own throw-away profile, timeout).  The same configuration with other folders simulates a
machine without Noto (``benchmarks/bench_fonts.py``).
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Sequence
from xml.sax.saxutils import escape

from ..assets import assets_dir
from ..errors import MediaError


def fontconfig_file(folders: Sequence[str | os.PathLike[str]] | None = None, *,
                    where: str | os.PathLike[str] | None = None, system: bool = False,
                    reject: Sequence[str] = ()) -> Path:
    """A ``fonts.conf`` listing ``folders`` (default: the shipped fonts).  ``system=False`` shows
    LibreOffice nothing else; ``system=True`` adds the machine's fonts minus the ``reject`` globs.
    Written once per content into ``where`` (default: the temp folder)."""
    dirs = [str(Path(f).resolve()) for f in (folders if folders is not None else [assets_dir() / "fonts"])]
    body = "".join(f"  <dir>{escape(d)}</dir>\n" for d in dirs)
    if not system:  # a family we do not ship (a template's own font) falls back to Noto Sans, not to mono
        body += ('  <match target="pattern"><edit name="family" mode="append_last">'
                 "<string>Noto Sans</string></edit></match>\n")
    if system:
        body += '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        body += "".join(f"  <selectfont><rejectfont><glob>{escape(g)}</glob></rejectfont></selectfont>\n"
                        for g in reject)
    key = hashlib.sha256(body.encode()).hexdigest()[:12]
    folder = Path(where or tempfile.gettempdir()) / f"lecturecast-fontconfig-{key}"
    conf = folder / "fonts.conf"
    if not conf.is_file():
        folder.mkdir(parents=True, exist_ok=True)
        text = (f'<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n{body}'
                f"  <cachedir>{escape(str(folder / 'cache'))}</cachedir>\n</fontconfig>\n")
        tmp = conf.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(conf)
    return conf


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_pdf(pptx: str | os.PathLike[str], outdir: str | os.PathLike[str], *,
                fonts_conf: str | os.PathLike[str] | None = None, timeout: float = 180) -> Path:
    """Convert ``pptx`` to PDF in ``outdir`` with LibreOffice seeing only the fonts of ``fonts_conf``
    (default: the shipped fonts).  Raises :class:`MediaError` when it fails or writes nothing."""
    exe = soffice()
    if exe is None:
        raise MediaError("LibreOffice (soffice) is not installed", hint="apt-get install libreoffice-impress")
    env = dict(os.environ, FONTCONFIG_FILE=str(fonts_conf or fontconfig_file()))
    profile = tempfile.mkdtemp(prefix="lc-lo-profile-")
    try:
        subprocess.run([exe, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
                        "--outdir", str(outdir), str(pptx)], check=True, timeout=timeout, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
        raise MediaError(f"LibreOffice could not convert {Path(pptx).name}: {exc}") from None
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    pdf = Path(outdir) / (Path(pptx).stem + ".pdf")
    if not pdf.is_file():
        raise MediaError(f"LibreOffice wrote no PDF for {Path(pptx).name}")
    return pdf
