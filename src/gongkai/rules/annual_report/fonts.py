"""Finding a font with Chinese glyphs for the PDF renderer.

In order:

1. the ``GONGKAI_CJK_FONT`` environment variable: a font file, optionally
   ``#N`` for face N of a collection (``/path/NotoSerifCJK-Regular.ttc#2``);
   when set, it must exist;
2. fontconfig (``fc-list :lang=zh-cn``), preferring the families below;
3. the files the Debian packages put in place (see :data:`KNOWN_FONTS`).

Faces with TrueType outlines come first: AR PL UMing (a 明体/宋体 face, fit
for official documents) from Debian's ``fonts-arphic-uming``, then WenQuanYi
Zen Hei (``fonts-wqy-zenhei``). Noto Serif/Sans CJK (``fonts-noto-cjk``) also
render well, but they have CFF outlines, and pypdf (which
:mod:`gongkai.textextract` uses to read PDFs back) garbles the text of fpdf2's
CFF subsets, while pdftotext reads it correctly; so a PDF we publish must
read back with our own reader.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ENV_VARIABLE = "GONGKAI_CJK_FONT"
PREFERRED_FAMILIES = (
    "AR PL UMing CN",
    "WenQuanYi Zen Hei",
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "WenQuanYi Micro Hei",
    "Droid Sans Fallback",
)
# (regular file, face index, bold file or None), best first.
KNOWN_FONTS = (
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0, None),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0, None),
    (
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        2,
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    ),
    (
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
        2,
        "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    ),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0, None),
    ("/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf", 0, None),
)
MISSING_HELP = (
    "no font with Chinese glyphs found: install one "
    "(Debian: apt-get install -y fonts-arphic-uming) "
    f"or set {ENV_VARIABLE}=/path/to/font.ttf|.otf|.ttc[#face]"
)


class FontNotFound(RuntimeError):
    pass


@dataclass(frozen=True)
class FontFile:
    path: str
    index: int = 0
    bold_path: str | None = None  # same face index as ``index``


def find_cjk_font(explicit: str | None = None) -> FontFile:
    """The CJK font to embed; :class:`FontNotFound` says how to get one."""
    setting = explicit or os.environ.get(ENV_VARIABLE)
    if setting:
        path, _, face = setting.partition("#")
        if not Path(path).is_file():
            raise FontNotFound(f"{ENV_VARIABLE}={setting}: no such font file")
        return FontFile(path, int(face or 0))
    found = _from_fontconfig() or _from_known_paths()
    if found is None:
        raise FontNotFound(MISSING_HELP)
    return found


@cache
def _from_fontconfig() -> FontFile | None:
    if shutil.which("fc-list") is None:
        return None
    command = ["fc-list", "-f", "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\n", ":lang=zh-cn"]
    try:
        output = subprocess.run(
            command, capture_output=True, text=True, timeout=20, check=False
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    faces = [line.split("\t") for line in output.splitlines() if line.count("\t") == 3]
    for family in PREFERRED_FAMILIES:
        regular = [
            f for f in faces if f[2] == family and f[3] in ("Regular", "Book", "Light", "Medium")
        ]
        if regular:
            bold = next((f[0] for f in faces if f[2] == family and f[3] == "Bold"), None)
            return FontFile(regular[0][0], int(regular[0][1] or 0), bold)
    return FontFile(faces[0][0], int(faces[0][1] or 0)) if faces else None


def _from_known_paths() -> FontFile | None:
    for path, index, bold in KNOWN_FONTS:
        if Path(path).is_file():
            return FontFile(path, index, bold if bold and Path(bold).is_file() else None)
    return None
