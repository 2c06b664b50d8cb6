"""Drawing helpers every PDF of the service shares: fonts, millimetres, line wrapping.

DejaVu Sans covers Indonesian, "—", "…" and "→"; Debian's fonts-dejavu-core puts it here
(deploy/backend.Dockerfile installs it) and ReportLab embeds the subset a PDF uses. Without
it the PDF core fonts are used, which still print Latin-1.
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
    "italic": ("DejaVuSans-Oblique", "DejaVuSans-Oblique.ttf"),
}
_FALLBACK_FONTS = {"regular": "Helvetica", "bold": "Helvetica-Bold", "italic": "Helvetica-Oblique"}


@functools.cache
def fonts() -> dict[str, str]:
    """Registered font name per style ("regular", "bold", "italic")."""
    found = {}
    for style, (name, filename) in _FONT_FILES.items():
        path = next((p for d in _FONT_DIRS if (p := Path(d) / filename).is_file()), None)
        if path is None:
            logger.warning(
                "PDF: %s not found in %s; using %s", filename, _FONT_DIRS, _FALLBACK_FONTS[style]
            )
            found[style] = _FALLBACK_FONTS[style]
            continue
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))
        found[style] = name
    return found


@functools.lru_cache(maxsize=4096)
def wrap(
    text: str, font: str, size: float, width: float, max_lines: int = 0, blank_lines: bool = False
) -> tuple[str, ...]:
    """`text` in lines no wider than `width`; a word wider than a line (a URL, a number) is
    cut anywhere. With `max_lines`, text that does not fit ends its last kept line with "…".
    Blank lines between paragraphs are dropped (a table cell has few lines to spare) unless
    `blank_lines` keeps them (a poster spaces its paragraphs with them).
    Cached: a book repeats its categories, channels, officers and outcomes on every page."""
    if not text:
        return ("",) if blank_lines else ()
    paragraphs = text.splitlines() if blank_lines else [text]
    lines: list[str] = []
    for paragraph in paragraphs:
        for line in simpleSplit(paragraph, font, size, width) or ([""] if blank_lines else []):
            while stringWidth(line, font, size) > width:
                cut = len(line) - 1
                while cut > 1 and stringWidth(line[:cut], font, size) > width:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
            if max_lines and len(lines) > max_lines:
                break
        if max_lines and len(lines) > max_lines:
            break
    if not max_lines or len(lines) <= max_lines:
        return tuple(lines)
    last = lines[max_lines - 1].rstrip()
    while last and stringWidth(last + "…", font, size) > width:
        last = last[:-1].rstrip()
    return (*lines[: max_lines - 1], last + "…")


def fit(text: str, font: str, size: float, width: float) -> str:
    """One line of `text`, cut with "…" where it would run past `width`."""
    lines = wrap(text, font, size, width, 1)
    return lines[0] if lines else ""
