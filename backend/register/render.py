"""The register book as files: PDF (ReportLab), XLSX (XlsxWriter) and CSV.

ReportLab's canvas draws the PDF from a fixed page plan (A4 landscape, letterhead, ruled
rows under a head repeated on every page, "Page x of y", signature block): the book is a
grid of equal rows, so no layout engine is needed, and a busy desa's year (36 000 entries)
renders in seconds instead of the ~10 min of CPU and ~7 GB WeasyPrint took (HTML + CSS
laid out box by box, ~15 ms a row). XlsxWriter writes typed cells, frozen panes and widths
quickly and never reads, which is all an export needs (openpyxl reads the files back in the tests).
"""

import csv
import io
import itertools
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

import xlsxwriter
from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from common.clock import current_time
from common.pdf import fit, fonts, wrap
from regions.models import Region
from register.selectors import RegisterRow

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class BookHeader:
    """What the head of every export says: whose book, which period, who signs it."""

    desa: Region
    period: str  # e.g. "2026" or "1 Januari 2026 – 31 Maret 2026"
    village_head: str  # name for the signature block; blank line when unknown
    printed_at: datetime

    @property
    def kecamatan(self) -> str:
        return self.desa.parent.name if self.desa.parent else ""

    @property
    def kabupaten(self) -> str:
        parent = self.desa.parent.parent if self.desa.parent else None
        return parent.name if parent else ""


def _columns() -> list[tuple[str, str]]:
    """(key, heading) of the book's columns, in the paper register's order."""
    return [
        ("number", _("No.")),
        ("display_number", _("Register number")),
        ("received_at", _("Date received")),
        ("reporter", _("Reporter")),
        ("channel", _("Channel")),
        ("summary", _("Summary")),
        ("category", _("Category")),
        ("distributed_to", _("Distributed to")),
        ("follow_up", _("Follow-up")),
        ("finished_at", _("Date finished")),
        ("remarks", _("Remarks / outcome")),
    ]


def _cell(row: RegisterRow, key: str) -> object:
    if key == "channel":
        return row.channel_label
    return getattr(row, key)


def _date_text(value: datetime | None, with_time: bool = True) -> str:
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y %H:%M" if with_time else "%d/%m/%Y")


# --- PDF ---------------------------------------------------------------------------------------
# Drawn on the ReportLab canvas, page by page, from a fixed page plan: every row has the same
# height (a ruled paper register, each cell clipped to its lines with an ellipsis), so a page
# holds a known number of rows, the page count is known before the first page is drawn and
# "Page x of y" needs no second pass. Cell text is wrapped with `simpleSplit` against the
# embedded DejaVu Sans metrics; the cost is a few string-width sums a cell, not a layout
# engine's boxes (WeasyPrint, used before, spent ~15 ms of CPU a row of 11 cells).
#
# Geometry, in points (A4 landscape is 841.89 × 595.28).
_MM = 72 / 25.4
_PAGE_WIDTH, _PAGE_HEIGHT = landscape(A4)
_MARGIN_TOP, _MARGIN_BOTTOM, _MARGIN_SIDE = 16 * _MM, 14 * _MM, 10 * _MM
_BODY_WIDTH = _PAGE_WIDTH - 2 * _MARGIN_SIDE
_PAGE_BODY = _PAGE_HEIGHT - _MARGIN_TOP - _MARGIN_BOTTOM
_FONT_SIZE = 7.0  # table text
_LINE = 8.0  # line height of the table text
_ROW_LINES = 3  # lines a cell shows; the full text is in XLSX/CSV and the complaint
_HEAD_LINES = 2
_CELL_PADDING = 1.5  # top and bottom, each
_CELL_PADDING_X = 2.0  # left and right, each
_RULE = 0.5
_ROW_HEIGHT = _ROW_LINES * _LINE + 2 * _CELL_PADDING + _RULE
_HEAD_HEIGHT = _HEAD_LINES * _LINE + 2 * _CELL_PADDING + _RULE
_LETTERHEAD = 80.0  # kop, title and period on the first page
_SIGNATURE = 104.0  # place, date, title, room to sign, name
# A point of slack per page against rounding.
ROWS_PER_PAGE = int((_PAGE_BODY - _HEAD_HEIGHT - 1) // _ROW_HEIGHT)
ROWS_FIRST_PAGE = int((_PAGE_BODY - _LETTERHEAD - _HEAD_HEIGHT - 1) // _ROW_HEIGHT)

# Column widths in % of the table, and the characters that fit one line of each at 7 pt
# (text far longer than its lines is cut before wrapping, sparing work that would be clipped).
_PDF_WIDTHS = {
    "number": (3.5, 5),
    "display_number": (9, 19),
    "received_at": (7, 12),
    "reporter": (9, 19),
    "channel": (6.5, 13),
    "summary": (15, 33),
    "category": (7.5, 15),
    "distributed_to": (10, 21),
    "follow_up": (13, 28),
    "finished_at": (6.5, 12),
    "remarks": (13, 28),
}


def _pdf_text(key: str, value: object) -> str:
    if isinstance(value, datetime):
        return _date_text(value)
    text = "" if value is None else str(value)
    # Twice what the cell's lines hold: the wrapping decides where the ellipsis goes.
    limit = 2 * _ROW_LINES * _PDF_WIDTHS[key][1]
    return text[: limit - 1] + "…" if len(text) > limit else text


def _page_count(rows: int) -> int:
    """Pages of a book of `rows` entries, signature block included."""
    if rows <= ROWS_FIRST_PAGE:
        pages, last = 1, rows
    else:
        pages = 1 + math.ceil((rows - ROWS_FIRST_PAGE) / ROWS_PER_PAGE)
        last = rows - ROWS_FIRST_PAGE - (pages - 2) * ROWS_PER_PAGE
    used = _HEAD_HEIGHT + last * _ROW_HEIGHT + (_LETTERHEAD if pages == 1 else 0)
    if rows == 0:
        used += 2 * _ROW_HEIGHT  # the "no entries" line
    return pages + (1 if used + _SIGNATURE + 1 > _PAGE_BODY else 0)


def _page_rows(rows: list[RegisterRow]) -> list[list[RegisterRow]]:
    pages = [rows[:ROWS_FIRST_PAGE]]
    pages += [rows[i : i + ROWS_PER_PAGE] for i in range(ROWS_FIRST_PAGE, len(rows), ROWS_PER_PAGE)]
    return pages


class _PdfBook:
    """Draws the book on a ReportLab canvas: letterhead, table pages, margins, signature."""

    def __init__(self, header: BookHeader, total: int):
        self.header = header
        self.total = total
        self.fonts = fonts()
        self.columns = _columns()
        self.printed = _("Printed on %(when)s") % {
            "when": formats.date_format(header.printed_at, "j F Y H:i")
        }
        self.running = _("Complaint register — Desa %(desa)s, Kec. %(kecamatan)s — %(period)s") % {
            "desa": header.desa.name,
            "kecamatan": header.kecamatan,
            "period": header.period,
        }
        self.page_label = _("Page {page} of {pages}")
        # Column edges, left to right, from the widths in % of the table.
        self.edges = [_MARGIN_SIDE]
        for key, _heading in self.columns:
            self.edges.append(self.edges[-1] + _BODY_WIDTH * _PDF_WIDTHS[key][0] / 100)
        self.edges[-1] = _PAGE_WIDTH - _MARGIN_SIDE
        self.text_widths = [
            right - left - 2 * _CELL_PADDING_X for left, right in itertools.pairwise(self.edges)
        ]
        bold = self.fonts["bold"]
        self.head_lines = [
            wrap(heading, bold, _FONT_SIZE, width, _HEAD_LINES)
            for (_key, heading), width in zip(self.columns, self.text_widths, strict=True)
        ]

    # The page around the table.
    def margins(self, canvas: Canvas, page: int) -> None:
        regular = self.fonts["regular"]
        canvas.setFillColor(_MARGIN_GREY)
        if page > 1:
            canvas.setFont(regular, 7)
            canvas.drawCentredString(
                _PAGE_WIDTH / 2, _PAGE_HEIGHT - _MARGIN_TOP / 2 - 2.5, self.running
            )
        canvas.setFont(regular, 6.5)
        canvas.drawString(_MARGIN_SIDE, _MARGIN_BOTTOM / 2 - 2.3, self.printed)
        label = self.page_label.format(page=page, pages=self.total)
        canvas.drawRightString(_PAGE_WIDTH - _MARGIN_SIDE, _MARGIN_BOTTOM / 2 - 2.3, label)
        canvas.setFillColor(black)

    def letterhead(self, canvas: Canvas, top: float) -> float:
        """Kop surat, title and period from `top` down; returns the y under them."""
        header, bold, regular = self.header, self.fonts["bold"], self.fonts["regular"]
        centre = _PAGE_WIDTH / 2
        lines = [
            (_("GOVERNMENT OF KABUPATEN %(name)s") % {"name": header.kabupaten.upper()}, 10),
            (_("KECAMATAN %(name)s") % {"name": header.kecamatan.upper()}, 10),
            (_("DESA %(name)s") % {"name": header.desa.name.upper()}, 12),
        ]
        y = top
        for text, size in lines:
            y -= 1.3 * size
            canvas.setFont(bold, size)
            canvas.drawCentredString(centre, y + 0.3 * size, fit(text, bold, size, _BODY_WIDTH))
        # A double rule under the kop, as on the village's letter paper.
        y -= 3
        canvas.setLineWidth(0.7)
        for offset in (0.35, 1.65):
            canvas.line(_MARGIN_SIDE, y - offset, _PAGE_WIDTH - _MARGIN_SIDE, y - offset)
        y -= 2 + 5 + 2
        title = _("COMPLAINT REGISTER BOOK")
        text = canvas.beginText()
        text.setFont(bold, 11)
        text.setCharSpace(0.5)
        width = stringWidth(title, bold, 11) + 0.5 * (len(title) - 1)
        text.setTextOrigin(centre - width / 2, y - 10)
        text.textOut(title)
        text.setCharSpace(0)  # the text state outlives the object
        canvas.drawText(text)
        y -= 13.2 + 1
        canvas.setFont(regular, 8.5)
        canvas.drawCentredString(centre, y - 8, fit(header.period, regular, 8.5, _BODY_WIDTH))
        return top - _LETTERHEAD

    def table(self, canvas: Canvas, top: float, rows: list[RegisterRow]) -> float:
        """The ruled table with its grey head from `top` down; returns the y under it."""
        edges, regular, bold = self.edges, self.fonts["regular"], self.fonts["bold"]
        left, right = edges[0], edges[-1]
        bottom = top - _HEAD_HEIGHT - len(rows) * _ROW_HEIGHT
        canvas.setFillColor(_HEAD_GREY)
        canvas.rect(left, top - _HEAD_HEIGHT, right - left, _HEAD_HEIGHT, stroke=0, fill=1)
        canvas.setFillColor(black)
        # The rules: one path for the page.
        canvas.setLineWidth(_RULE)
        path = canvas.beginPath()
        for x in edges:
            path.moveTo(x, top)
            path.lineTo(x, bottom)
        y = top
        for y in [top, top - _HEAD_HEIGHT] + [
            top - _HEAD_HEIGHT - (i + 1) * _ROW_HEIGHT for i in range(len(rows))
        ]:
            path.moveTo(left, y)
            path.lineTo(right, y)
        canvas.drawPath(path, stroke=1, fill=0)
        # All the page's text in one text object.
        text = canvas.beginText()
        text.setFont(bold, _FONT_SIZE)
        for index, lines in enumerate(self.head_lines):
            middle = (edges[index] + edges[index + 1]) / 2
            first = top - _HEAD_HEIGHT / 2 + (len(lines) * _LINE) / 2 - _BASELINE
            for number, line in enumerate(lines):
                width = stringWidth(line, bold, _FONT_SIZE)
                text.setTextOrigin(middle - width / 2, first - number * _LINE)
                text.textOut(line)
        text.setFont(regular, _FONT_SIZE)
        y = top - _HEAD_HEIGHT
        for row in rows:
            baseline = y - _CELL_PADDING - _BASELINE - _RULE / 2
            for index, (key, _heading) in enumerate(self.columns):
                value = _pdf_text(key, _cell(row, key))
                lines = wrap(value, regular, _FONT_SIZE, self.text_widths[index], _ROW_LINES)
                for number, line in enumerate(lines):
                    if key == "number":  # right-aligned
                        x = edges[index + 1] - _CELL_PADDING_X
                        x -= stringWidth(line, regular, _FONT_SIZE)
                    else:
                        x = edges[index] + _CELL_PADDING_X
                    text.setTextOrigin(x, baseline - number * _LINE)
                    text.textOut(line)
            y -= _ROW_HEIGHT
        canvas.drawText(text)
        return bottom

    def empty(self, canvas: Canvas, top: float) -> float:
        canvas.setFont(self.fonts["italic"], _FONT_SIZE)
        canvas.drawCentredString(
            _PAGE_WIDTH / 2, top - 14 - _BASELINE, _("No entries in this period.")
        )
        return top - 2 * _ROW_HEIGHT

    def signature(self, canvas: Canvas, top: float) -> None:
        header, desa = self.header, self.header.desa.name
        regular, bold = self.fonts["regular"], self.fonts["bold"]
        left = _MARGIN_SIDE + 0.68 * _BODY_WIDTH
        width = _PAGE_WIDTH - _MARGIN_SIDE - left
        centre = left + width / 2
        line = 8 * 1.4
        y = top - 14 - line + 2.8
        place_date = f"{desa}, {formats.date_format(header.printed_at, 'j F Y')}"
        title = _("Village head of %(desa)s") % {"desa": desa}
        canvas.setFont(regular, 8)
        canvas.drawCentredString(centre, y, fit(place_date, regular, 8, width))
        y -= line
        canvas.drawCentredString(centre, y, fit(title, regular, 8, width))
        y -= line + 40
        name = fit(header.village_head.strip(), bold, 8, width)
        name_width = stringWidth(name, bold, 8) if name else 120
        if name:
            canvas.setFont(bold, 8)
            canvas.drawCentredString(centre, y, name)
        canvas.setLineWidth(0.6)
        canvas.line(centre - name_width / 2, y - 1.3, centre + name_width / 2, y - 1.3)


_BASELINE = 6.3  # from the top of a table line to its baseline (DejaVu at 7 pt on 8 pt lines)
_HEAD_GREY = Color(0.9, 0.9, 0.9)
_MARGIN_GREY = Color(0.2, 0.2, 0.2)


def render_pdf(rows: Iterable[RegisterRow], header: BookHeader) -> bytes:
    """The book as the paper register prints: letterhead, ruled rows under a header repeated
    on every page, "Page x of y", the print date, and the village head's signature block."""
    all_rows = list(rows)
    pages = _page_rows(all_rows)
    total = _page_count(len(all_rows))
    book = _PdfBook(header, total)
    output = io.BytesIO()
    canvas = Canvas(
        output,
        pagesize=landscape(A4),
        pageCompression=1,
        initialFontName=book.fonts["regular"],  # no unused Helvetica in the file
    )
    canvas.setTitle(
        _("Complaint register — Desa %(desa)s — %(period)s")
        % {"desa": header.desa.name, "period": header.period}
    )
    canvas.setCreator("Pengaduan Desa")
    body_top = _PAGE_HEIGHT - _MARGIN_TOP
    page_number = 0
    y = body_top
    for index, page in enumerate(pages):
        page_number += 1
        if index:
            canvas.showPage()
        book.margins(canvas, page_number)
        y = book.letterhead(canvas, body_top) if index == 0 else body_top
        y = book.table(canvas, y, page)
    if not all_rows:
        y = book.empty(canvas, y)
    if page_number < total:  # the signature does not fit under the last rows
        canvas.showPage()
        page_number += 1
        book.margins(canvas, page_number)
        y = body_top
    book.signature(canvas, y)
    canvas.showPage()
    canvas.save()
    return output.getvalue()


# --- XLSX --------------------------------------------------------------------------------------
_XLSX_WIDTHS = {
    "number": 6,
    "display_number": 20,
    "received_at": 17,
    "reporter": 22,
    "channel": 16,
    "summary": 45,
    "category": 22,
    "distributed_to": 32,
    "follow_up": 45,
    "finished_at": 17,
    "remarks": 45,
}


def render_xlsx(rows: Iterable[RegisterRow], header: BookHeader) -> bytes:
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        output, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    workbook.set_properties(
        {
            "title": _("Complaint register — Desa %(desa)s — %(period)s")
            % {"desa": header.desa.name, "period": header.period},
            "created": current_time().replace(tzinfo=None),
        }
    )
    sheet = workbook.add_worksheet(str(header.period)[:31].replace("/", "-") or "Register")
    bold = workbook.add_format(
        {"bold": True, "bg_color": "#E6E6E6", "border": 1, "text_wrap": True}
    )
    when = workbook.add_format({"num_format": "dd/mm/yyyy hh:mm", "valign": "top"})
    text = workbook.add_format({"text_wrap": True, "valign": "top"})
    integer = workbook.add_format({"num_format": "0", "valign": "top"})
    columns = _columns()
    for index, (key, heading) in enumerate(columns):
        sheet.write_string(0, index, heading, bold)
        sheet.set_column(index, index, _XLSX_WIDTHS[key])
    sheet.freeze_panes(1, 0)
    count = 0
    for count, row in enumerate(rows, start=1):
        for index, (key, _heading) in enumerate(columns):
            value = _cell(row, key)
            if key == "number":
                sheet.write_number(count, index, value, integer)
            elif isinstance(value, datetime):
                sheet.write_datetime(count, index, value.replace(tzinfo=None), when)
            elif value is None:
                sheet.write_blank(count, index, None, when)
            else:
                sheet.write_string(count, index, str(value), text)
    sheet.autofilter(0, 0, max(count, 1), len(columns) - 1)
    workbook.close()
    return output.getvalue()


# --- CSV ---------------------------------------------------------------------------------------
# Cells a spreadsheet would run as a formula (CSV injection): prefixed with an apostrophe.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_text(value: object) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def render_csv(rows: Iterable[RegisterRow], header: BookHeader) -> bytes:
    # UTF-8 with a byte-order mark: Excel otherwise reads the file as the ANSI code page and
    # garbles "→" and names with diacritics. Comma-separated, RFC 4180 quoting.
    output = io.StringIO()
    output.write("\ufeff")
    writer = csv.writer(output, lineterminator="\r\n")
    columns = _columns()
    writer.writerow([heading for _key, heading in columns])
    for row in rows:
        writer.writerow(
            [
                str(_cell(row, key)) if key == "number" else _csv_text(_cell(row, key))
                for key, _h in columns
            ]
        )
    return output.getvalue().encode("utf-8")


RENDERERS = {"pdf": render_pdf, "xlsx": render_xlsx, "csv": render_csv}
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
}
