"""The desa's poster (A4): how to complain, free of charge, identity kept confidential, and
a QR code to the desa's page in the app. Carries nothing private: only the office's own
channels, as on the desa's public page.

The QR code is drawn as vector squares (one rectangle per run of dark modules in a row),
so it prints sharp at any size; the address is printed under it as text too.
"""

import io
from dataclasses import dataclass

import segno
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black, white
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from common.pdf import MM, fonts, wrap
from printables.content import Letterhead, contact_lines
from regions.models import DesaContact

ACCENT = Color(0.05, 0.36, 0.27)
QR_SIZE = 72 * MM
QR_BORDER = 4  # modules of quiet zone, as the QR standard asks


@dataclass(frozen=True)
class Poster:
    letterhead: Letterhead
    channels: list[tuple[str, str]]
    office_hours: str
    page_url: str
    suggestion_box: bool


def poster_of(*, contact: DesaContact, letterhead: Letterhead, page_url: str, box: bool) -> Poster:
    channels = contact_lines(contact)
    channels.append((_("Website"), page_url))
    if box:
        channels.append((_("Suggestion box"), _("at the village office")))
    return Poster(
        letterhead=letterhead,
        channels=channels,
        office_hours=contact.office_hours,
        page_url=page_url,
        suggestion_box=box,
    )


def qr_code(url: str) -> segno.QRCode:
    """The poster's QR code of `url` (error correction M: survives a smudged print)."""
    return segno.make(url, error="m", micro=False)


def _draw_qr(canvas: Canvas, url: str, left: float, bottom: float, size: float) -> None:
    matrix = qr_code(url).matrix
    modules = len(matrix) + 2 * QR_BORDER
    cell = size / modules
    canvas.setFillColor(black)
    for row_index, row in enumerate(matrix):
        y = bottom + size - (QR_BORDER + row_index + 1) * cell
        column = 0
        while column < len(row):
            if not row[column]:
                column += 1
                continue
            start = column
            while column < len(row) and row[column]:
                column += 1
            x = left + (QR_BORDER + start) * cell
            canvas.rect(x, y, (column - start) * cell, cell, stroke=0, fill=1)


def render_poster(poster: Poster) -> bytes:
    regular, bold = fonts()["regular"], fonts()["bold"]
    width, height = A4
    margin = 16 * MM
    body = width - 2 * margin
    output = io.BytesIO()
    canvas = Canvas(output, pagesize=A4, pageCompression=1, initialFontName=regular)
    canvas.setTitle(_("Complaint service — Desa %(desa)s") % {"desa": poster.letterhead.desa})
    canvas.setCreator("Pengaduan Desa")

    def centred(text: str, y: float, font: str, size: float, colour=black) -> float:
        canvas.setFillColor(colour)
        canvas.setFont(font, size)
        for line in wrap(text, font, size, body, blank_lines=True):
            canvas.drawCentredString(width / 2, y, line)
            y -= 1.25 * size
        canvas.setFillColor(black)
        return y

    y = height - margin - 10
    for line in poster.letterhead.lines():
        y = centred(line, y, bold, 11)
    canvas.setLineWidth(1)
    canvas.line(margin, y + 4, width - margin, y + 4)
    y -= 40
    y = centred(_("COMPLAINT AND ASPIRATION SERVICE"), y, bold, 28, ACCENT)
    y = centred(_("Desa %(desa)s") % {"desa": poster.letterhead.desa}, y - 6, bold, 22)
    y -= 10
    y = centred(
        _("Tell us about public services, aid, infrastructure or officials."), y, regular, 13
    )

    # The two promises, each in a banner band.
    y -= 20
    for promise in (
        _("FREE — no fee is collected"),
        _("The reporter's identity is kept confidential"),
    ):
        canvas.setFillColor(ACCENT)
        canvas.roundRect(margin, y - 12, body, 32, 7, stroke=0, fill=1)
        canvas.setFillColor(white)
        canvas.setFont(bold, 17)
        canvas.drawCentredString(width / 2, y - 1, promise)
        y -= 42
    canvas.setFillColor(black)

    # Channels on the left, the QR code on the right.
    y -= 16
    column = body - QR_SIZE - 10 * MM
    top = y
    canvas.setFont(bold, 16)
    canvas.drawString(margin, y, _("How to complain"))
    y -= 26
    for label, value in poster.channels:
        canvas.setFont(bold, 13)
        canvas.drawString(margin, y, label)
        y -= 17
        for line in wrap(value, regular, 13, column, 3, blank_lines=True):
            canvas.setFont(regular, 13)
            canvas.drawString(margin, y, line)
            y -= 17
        y -= 8
    if poster.office_hours:
        canvas.setFont(bold, 13)
        canvas.drawString(margin, y, _("Office hours"))
        y -= 17
        for line in wrap(poster.office_hours, regular, 13, column, 4, blank_lines=True):
            canvas.setFont(regular, 13)
            canvas.drawString(margin, y, line)
            y -= 17

    qr_left = width - margin - QR_SIZE
    _draw_qr(canvas, poster.page_url, qr_left, top - QR_SIZE, QR_SIZE)
    caption_y = top - QR_SIZE - 14
    canvas.setFont(bold, 11)
    canvas.drawCentredString(qr_left + QR_SIZE / 2, caption_y, _("Scan to complain online"))
    # The address in one line when it fits at a readable size: typed by hand when the
    # camera fails, and a line break inside it is easily misread.
    caption_width = QR_SIZE + 12 * MM
    size = 9.0
    while size > 6 and stringWidth(poster.page_url, regular, size) > caption_width:
        size -= 0.25
    canvas.setFont(regular, size)
    for line in wrap(poster.page_url, regular, size, caption_width, blank_lines=True):
        caption_y -= size + 3
        canvas.drawCentredString(qr_left + QR_SIZE / 2, caption_y, line)

    canvas.setFont(regular, 9)
    canvas.setFillColor(Color(0.3, 0.3, 0.3))
    footer = _("Keep the tracking code and PIN you receive: with them you follow your complaint.")
    for index, line in enumerate(wrap(footer, regular, 9, body, blank_lines=True)):
        canvas.drawCentredString(width / 2, margin + 12 - index * 11, line)
    canvas.showPage()
    canvas.save()
    return output.getvalue()
