"""The berita acara pembukaan kotak saran as a PDF (A4 portrait, ReportLab), with the
same fonts and wrapping as every PDF of the service (`common.pdf`).

It names the openers and the witnesses and lists each slip by its register number and
summary. It never prints who wrote a slip: the book of record is the register, and the
identity of a named slip stays behind `complaints.services.identity_read`.
"""

import io
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.colors import Color, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from common.pdf import fit, fonts, wrap
from complaints.models import Kind
from suggestion_box.models import Opening
from suggestion_box.selectors import SlipRow

_WIDTH, _HEIGHT = A4
_SIDE = 50.0
_BODY = _WIDTH - 2 * _SIDE
_TOP = _HEIGHT - 42
_BOTTOM = 54.0
_GREY = Color(0.9, 0.9, 0.9)
_MARGIN_GREY = Color(0.2, 0.2, 0.2)


@dataclass(frozen=True)
class Signer:
    role: str  # "Pembuka" / "Saksi"
    name: str
    position: str


class _Document:
    def __init__(self, canvas: Canvas, footer: str) -> None:
        self.canvas = canvas
        self.fonts = fonts()
        self.footer = footer
        self.page = 1
        self.y = _TOP

    def room(self, height: float) -> None:
        if self.y - height < _BOTTOM:
            self.new_page()

    def finish_page(self) -> None:
        self.canvas.setFillColor(_MARGIN_GREY)
        self.canvas.setFont(self.fonts["regular"], 7)
        self.canvas.drawString(_SIDE, _BOTTOM / 2, self.footer)
        self.canvas.drawRightString(
            _WIDTH - _SIDE, _BOTTOM / 2, _("Page %(page)s") % {"page": self.page}
        )
        self.canvas.setFillColor(black)

    def line(self, text: str, size: float = 9.5, bold: bool = False, centre: bool = False):
        font = self.fonts["bold" if bold else "regular"]
        self.room(size * 1.5)
        self.y -= size * 1.5
        self.canvas.setFont(font, size)
        text = fit(text, font, size, _BODY)
        if centre:
            self.canvas.drawCentredString(_WIDTH / 2, self.y, text)
        else:
            self.canvas.drawString(_SIDE, self.y, text)

    def paragraph(self, text: str, size: float = 9.5, indent: float = 0.0) -> None:
        font = self.fonts["regular"]
        for part in wrap(text, font, size, _BODY - indent, 40):
            self.room(size * 1.5)
            self.y -= size * 1.5
            self.canvas.setFont(font, size)
            self.canvas.drawString(_SIDE + indent, self.y, part)

    def letterhead(self, desa_lines: list[tuple[str, float]], title: str) -> None:
        for text, size in desa_lines:
            self.line(text, size, bold=True, centre=True)
        self.y -= 5
        self.canvas.setLineWidth(0.7)
        for offset in (0.35, 1.65):  # the double rule of the village's letter paper
            self.canvas.line(_SIDE, self.y - offset, _WIDTH - _SIDE, self.y - offset)
        self.y -= 10
        self.line(title, 11.5, bold=True, centre=True)
        self.y -= 6

    def new_page(self) -> None:
        self.finish_page()
        self.canvas.showPage()
        self.page += 1
        self.y = _TOP

    def table(self, head: list[str], rows: list[list[str]], widths: list[float]) -> None:
        """A ruled table, its head repeated on each page; widths in fractions of the body.
        The last column wraps to two lines."""
        edges = [_SIDE]
        for width in widths:
            edges.append(edges[-1] + width * _BODY)
        size, line = 8.0, 10.0
        regular, bold = self.fonts["regular"], self.fonts["bold"]

        def lines_of(cells: list[str], font: str) -> tuple[str, ...]:
            return wrap(cells[-1], font, size, edges[-1] - edges[-2] - 4, 2) or ("",)

        def draw(cells: list[str], font: str, shaded: bool) -> None:
            last = lines_of(cells, font)
            height = line * len(last) + 5
            top = self.y
            if shaded:
                self.canvas.setFillColor(_GREY)
                self.canvas.rect(_SIDE, top - height, _BODY, height, stroke=0, fill=1)
                self.canvas.setFillColor(black)
            self.canvas.setFont(font, size)
            for column, value in enumerate(cells[:-1]):
                width = edges[column + 1] - edges[column] - 4
                text = fit(value, font, size, width)
                self.canvas.drawString(edges[column] + 2, top - line + 1, text)
            for index, text in enumerate(last):
                self.canvas.drawString(edges[-2] + 2, top - line + 1 - index * line, text)
            self.canvas.setLineWidth(0.4)
            self.canvas.line(_SIDE, top, _WIDTH - _SIDE, top)
            self.canvas.line(_SIDE, top - height, _WIDTH - _SIDE, top - height)
            for x in edges:
                self.canvas.line(x, top, x, top - height)
            self.y = top - height

        if self.y - 3 * (line + 5) < _BOTTOM:  # the head and a row or two, or a new page
            self.new_page()
        draw(head, bold, True)
        for row in rows:
            if self.y - (line * len(lines_of(row, regular)) + 5) < _BOTTOM:
                self.new_page()
                draw(head, bold, True)
            draw(row, regular, False)
        self.y -= 8

    def signatures(self, place_date: str, signers: list[Signer]) -> None:
        """Signature blocks, three to a row: role, room to sign, name, position."""
        regular, bold = self.fonts["regular"], self.fonts["bold"]
        self.room(30)
        self.y -= 16
        self.canvas.setFont(regular, 9)
        self.canvas.drawRightString(_WIDTH - _SIDE, self.y, place_date)
        self.y -= 8
        column = _BODY / 3
        for start in range(0, len(signers), 3):
            self.room(92)
            top = self.y
            for index, signer in enumerate(signers[start : start + 3]):
                centre = _SIDE + column * index + column / 2
                width = column - 16
                self.canvas.setFont(regular, 8.5)
                self.canvas.drawCentredString(
                    centre, top - 14, fit(signer.role, regular, 8.5, width)
                )
                self.canvas.setFont(bold, 8.5)
                name = fit(signer.name, bold, 8.5, width)
                self.canvas.drawCentredString(centre, top - 64, name)
                self.canvas.setLineWidth(0.6)
                self.canvas.line(centre - width / 2.4, top - 66, centre + width / 2.4, top - 66)
                self.canvas.setFont(regular, 8)
                self.canvas.drawCentredString(
                    centre, top - 77, fit(signer.position, regular, 8, width)
                )
            self.y = top - 90


def render_berita_acara(opening: Opening, slips: list[SlipRow], *, printed_at: datetime) -> bytes:
    """The berita acara of one opening. `opening` comes from `selectors.opening_get`
    (desa with its kecamatan and kabupaten, openers); `slips` from `selectors.slip_rows`."""
    desa = opening.desa
    kecamatan = desa.parent
    kabupaten = kecamatan.parent if kecamatan else None
    zone = ZoneInfo(desa.timezone)
    opened = opening.opened_at.astimezone(zone)
    printed = printed_at.astimezone(zone)
    openers = list(opening.openers.all())
    entered = len(slips)
    complete = entered == opening.declared_count

    output = io.BytesIO()
    font_names = fonts()
    canvas = Canvas(output, pagesize=A4, pageCompression=1, initialFontName=font_names["regular"])
    canvas.setTitle(
        _("Minutes of the suggestion box opening — Desa %(desa)s — %(date)s")
        % {"desa": desa.name, "date": formats.date_format(opened, "j F Y")}
    )
    canvas.setCreator("Pengaduan Desa")
    footer = _("Printed on %(when)s") % {"when": formats.date_format(printed, "j F Y H:i")}
    doc = _Document(canvas, footer)
    doc.letterhead(
        [
            (
                _("GOVERNMENT OF KABUPATEN %(name)s")
                % {"name": (kabupaten.name if kabupaten else "").upper()},
                10,
            ),
            (_("KECAMATAN %(name)s") % {"name": (kecamatan.name if kecamatan else "").upper()}, 10),
            (_("DESA %(name)s") % {"name": desa.name.upper()}, 12),
        ],
        _("MINUTES OF THE SUGGESTION BOX OPENING"),
    )
    doc.paragraph(
        _(
            "On %(day)s, %(date)s, at %(time)s, the suggestion box of Desa %(desa)s was "
            "opened by the members of the box team named below, before the witnesses named "
            "below."
        )
        % {
            "day": formats.date_format(opened, "l"),
            "date": formats.date_format(opened, "j F Y"),
            "time": f"{opened:%H:%M} {opened.tzname()}",  # 09:00 WIB
            "desa": desa.name,
        }
    )
    doc.y -= 4
    doc.line(_("Opened by:"), bold=True)
    for number, user in enumerate(openers, start=1):
        doc.paragraph(f"{number}. {user.full_name or user.username}", indent=12)
    doc.y -= 4
    doc.line(_("Witnesses:"), bold=True)
    for number, witness in enumerate(opening.witnesses, start=1):
        doc.paragraph(f"{number}. {witness['name']} — {witness['position']}", indent=12)
    doc.y -= 4
    doc.paragraph(
        _("Slips found in the box: %(declared)s. Slips entered: %(entered)s (%(state)s).")
        % {
            "declared": opening.declared_count,
            "entered": entered,
            "state": _("complete") if complete else _("incomplete"),
        }
    )
    if opening.notes:
        doc.paragraph(_("Notes: %(notes)s") % {"notes": opening.notes})
    doc.y -= 6
    kinds = dict(Kind.choices)
    doc.table(
        [_("No."), _("Register number"), _("Kind"), _("Summary")],
        [
            [
                str(slip.number),
                slip.register_number,
                str(kinds.get(slip.kind, slip.kind)),
                slip.title,
            ]
            for slip in slips
        ],
        [0.07, 0.27, 0.2, 0.46],
    )
    if not slips:
        doc.paragraph(_("No slip has been entered."))
    doc.paragraph(_("These minutes were made truthfully, to be used as needed."))
    signers = [
        Signer(_("Opened by"), user.full_name or user.username, _("Suggestion box team"))
        for user in openers
    ] + [Signer(_("Witness"), w["name"], w["position"]) for w in opening.witnesses]
    doc.signatures(f"{desa.name}, {formats.date_format(opened, 'j F Y')}", signers)
    doc.finish_page()
    canvas.save()
    return output.getvalue()
