"""A tiny top-to-bottom page layout for small printables: blocks of wrapped text and rules,
measured first (a thermal roll's page is as long as its content), then drawn.

The receipt is a dozen short lines; ReportLab's platypus would do, but a receipt must also
fit one A6 page and grow on a 58 mm roll, which is simpler to say with measured blocks.
"""

from dataclasses import dataclass

from reportlab.lib.colors import Color, black
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from common.pdf import fonts, wrap

GREY = Color(0.3, 0.3, 0.3)


@dataclass(frozen=True)
class Text:
    text: str
    size: float = 1.0  # × the paper's base size
    bold: bool = False
    centre: bool = False
    grey: bool = False
    max_lines: int = 0
    after: float = 0.35  # space after, × the base size


@dataclass(frozen=True)
class Rule:
    double: bool = False


Block = Text | Rule


@dataclass(frozen=True)
class _Line:
    y: float  # from the top of the content, to the baseline
    text: str
    font: str
    size: float
    centre: bool
    grey: bool


def measure(blocks: list[Block], width: float, base: float) -> tuple[list, float]:
    """Where each line and rule goes (y from the content's top) and the content height."""
    regular, bold = fonts()["regular"], fonts()["bold"]
    placed: list = []
    y = 0.0
    for block in blocks:
        if isinstance(block, Rule):
            y += 0.3 * base
            placed.append(("rule", y, block.double))
            y += (0.6 if block.double else 0.4) * base
            continue
        size = block.size * base
        font = bold if block.bold else regular
        for line in wrap(block.text, font, size, width, block.max_lines, blank_lines=True):
            y += 1.25 * size
            placed.append(_Line(y - 0.25 * size, line, font, size, block.centre, block.grey))
        y += block.after * base
    return placed, y


def draw(canvas: Canvas, placed: list, *, left: float, top: float, width: float) -> None:
    for item in placed:
        if isinstance(item, _Line):
            canvas.setFillColor(GREY if item.grey else black)
            canvas.setFont(item.font, item.size)
            if item.centre:
                x = left + (width - stringWidth(item.text, item.font, item.size)) / 2
            else:
                x = left
            canvas.drawString(x, top - item.y, item.text)
            continue
        _kind, y, double = item
        canvas.setLineWidth(0.6)
        canvas.line(left, top - y, left + width, top - y)
        if double:
            canvas.line(left, top - y - 1.5, left + width, top - y - 1.5)
    canvas.setFillColor(black)
