"""Reading the printables back: text with pypdf, and the QR code's squares."""

import io
import os
from pathlib import Path

from pypdf import PdfReader
from pypdf.generic import ContentStream

# Set to keep the rendered samples (e.g. /tmp/rendered) for a look by eye; never in the repo.
KEEP = os.environ.get("PRINTABLES_KEEP_DIR", "")


def keep(name: str, data: bytes) -> None:
    if KEEP:
        Path(KEEP).mkdir(parents=True, exist_ok=True)
        (Path(KEEP) / name).write_bytes(data)


def pdf_pages(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    return PdfReader(io.BytesIO(data))


def pdf_text(data: bytes) -> str:
    """The text of every page, with runs of whitespace as one space."""
    text = " ".join(page.extract_text() or "" for page in pdf_pages(data).pages)
    return " ".join(text.split())


def filled_rectangles(data: bytes) -> list[tuple[float, float, float, float]]:
    """Every rectangle (x, y, width, height) the first page draws with `re`."""
    reader = pdf_pages(data)
    page = reader.pages[0]
    stream = ContentStream(page.get_contents(), reader)
    return [
        tuple(float(value) for value in operands)
        for operands, operator in stream.operations
        if operator == b"re"
    ]


def qr_matrix_of(rectangles, size: int) -> list[list[int]]:
    """The QR modules a set of rectangles paints: each rectangle is a run of dark modules in
    one row, all of one height (the module). `size`: modules per side without quiet zone."""
    cell = min(h for _x, _y, _w, h in rectangles)
    left = min(x for x, _y, _w, _h in rectangles)
    top = max(y + h for _x, y, _w, h in rectangles)
    matrix = [[0] * size for _ in range(size)]
    for x, y, w, _h in rectangles:
        row = round((top - (y + cell)) / cell)
        first = round((x - left) / cell)
        for column in range(first, first + round(w / cell)):
            matrix[row][column] = 1
    return matrix
