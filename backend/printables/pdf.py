"""Shared drawing helpers for the printables: fonts, millimetres, wrapping.

DejaVu Sans covers Indonesian, "—" and "…"; Debian's fonts-dejavu-core installs it (the
backend image does). Without it the PDF core fonts are used, which still print Latin-1.
"""

import functools
import logging
from pathlib import Path

from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

MM = 72 / 25.4  # points per millimetre

_FONT_DIRS = ("/usr/share/fonts/truetype/dejavu", "/usr/share/fonts/dejavu")
_FONT_FILES = {
    "regular": ("DejaVuSans", "DejaVuSans.ttf"),
    "bold": ("DejaVuSans-Bold", "DejaVuSans-Bold.ttf"),
}
_FALLBACK_FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold"}


@functools.cache
def fonts() -> dict[str, str]:
    """Registered font name per style ("regular", "bold")."""
    found = {}
    for style, (name, filename) in _FONT_FILES.items():
        path = next((p for d in _FONT_DIRS if (p := Path(d) / filename).is_file()), None)
        if path is None:
            logger.warning("printables: %s not found; using %s", filename, _FALLBACK_FONTS[style])
            found[style] = _FALLBACK_FONTS[style]
            continue
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        found[style] = name
    return found


def wrap(text: str, font: str, size: float, width: float, max_lines: int = 0) -> list[str]:
    """`text` in lines no wider than `width`; a word wider than a line (a URL, an e-mail
    address) is cut anywhere. With `max_lines`, the last kept line ends with "…"."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        for line in simpleSplit(paragraph, font, size, width) or [""]:
            while stringWidth(line, font, size) > width:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
    if max_lines and len(lines) > max_lines:
        last = lines[max_lines - 1].rstrip()
        while last and stringWidth(last + "…", font, size) > width:
            last = last[:-1]
        lines = [*lines[: max_lines - 1], last + "…"]
    return lines


def phone_display(e164: str) -> str:
    """+6281234567890 → 0812-3456-7890, as residents write a number."""
    if not e164.startswith("+62"):
        return e164
    local = "0" + e164[3:]
    return "-".join([local[:4], local[4:8], local[8:]]).strip("-")
