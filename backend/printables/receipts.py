"""The tanda terima: what the reporter takes home after the office recorded a complaint
for them — the register number, tracking code and PIN, the deadline, how to reach the
office, and that it costs nothing.

The PIN exists in clear only in the request that recorded the complaint (only its hash is
stored), so a receipt carries it only when the caller hands it back and it matches; a
reprint says the PIN was given at recording. Papers: A6 and A5, and a 58 mm roll for the
cheap Bluetooth thermal printers an office prints to from a phone (a PDF page 58 mm wide,
as long as its content).
"""

import io
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.pdfgen.canvas import Canvas

from common.clock import current_time
from common.pdf import MM, fonts
from complaints.models import Complaint
from printables.content import Letterhead, contact_lines, contact_of, track_url
from printables.layout import Block, Rule, Text, draw, measure
from register.selectors import register_number_of
from sla.dates import due_date_text
from sla.presentation import sla_view


@dataclass(frozen=True)
class Paper:
    width: float  # points
    height: float | None  # None: as long as the content (a roll)
    margin: float
    base: float  # base font size, points


PAPERS = {
    "a6": Paper(105 * MM, 148 * MM, 8 * MM, 8.0),
    "a5": Paper(148 * MM, 210 * MM, 12 * MM, 10.5),
    # 58 mm paper prints about 48 mm: 5 mm each side stays blank.
    "58mm": Paper(58 * MM, None, 5 * MM, 7.5),
}


@dataclass(frozen=True)
class Receipt:
    letterhead: Letterhead
    office_address: str
    register_number: str | None
    tracking_code: str
    pin: str | None  # None on a reprint
    recorded_at: datetime  # in the desa's time zone
    kind: str
    category: str
    channel: str
    title: str
    due_on: date | None
    contacts: list[tuple[str, str]]
    track_url: str
    printed_at: datetime


def receipt_of(*, complaint: Complaint, pin: str | None, request=None) -> Receipt:
    """The receipt of a complaint read by `complaints.reads.page.complaint_get` (desa,
    kecamatan, clock and register entry loaded; the kabupaten and the desa's contact cost
    a query each); `pin` already checked by the caller."""
    desa = complaint.desa
    zone = ZoneInfo(desa.timezone)
    contact = contact_of(desa)
    clock = sla_view(complaint)
    due_on = clock["due_on"] if clock and clock["state"] != "stopped" else None
    return Receipt(
        letterhead=Letterhead.of(desa),
        office_address=contact.office_address,
        register_number=register_number_of(complaint),
        tracking_code=complaint.tracking_code,
        pin=pin,
        recorded_at=(complaint.received_at or complaint.submitted_at).astimezone(zone),
        kind=complaint.get_kind_display(),
        category=complaint.category.name,
        channel=complaint.get_channel_display(),
        title=complaint.title,
        due_on=date.fromisoformat(str(due_on)) if due_on else None,
        # The address is already under the letterhead.
        contacts=[line for line in contact_lines(contact) if line[1] != contact.office_address],
        track_url=track_url(request),
        printed_at=current_time().astimezone(zone),
    )


def _code(code: str) -> str:
    """K7M2QX9HAT → K7M2-QX9HAT, as tracking accepts it and as it reads aloud."""
    return f"{code[:4]}-{code[4:]}" if len(code) > 6 else code


def _blocks(receipt: Receipt) -> list[Block]:
    blocks: list[Block] = [
        Text(line, size=0.95, bold=True, centre=True, after=0.05)
        for line in receipt.letterhead.lines()
    ]
    if receipt.office_address:
        blocks.append(Text(receipt.office_address, size=0.8, centre=True, grey=True, max_lines=2))
    blocks += [Rule(double=True), Text(_("COMPLAINT RECEIPT"), size=1.25, bold=True, centre=True)]
    if receipt.pin is None:
        blocks.append(Text(_("Reprint"), size=0.85, centre=True, grey=True))

    def pair(label: str, value: str, *, big: bool = False, max_lines: int = 0) -> None:
        blocks.append(Text(label, size=0.8, grey=True, after=0.05))
        blocks.append(Text(value, size=1.6 if big else 1.0, bold=True, max_lines=max_lines))

    pair(_("Register number"), receipt.register_number or "—")
    pair(_("Tracking code"), _code(receipt.tracking_code), big=True)
    if receipt.pin is not None:
        pair(_("PIN"), receipt.pin, big=True)
    else:
        pair(_("PIN"), _("The PIN was given when the complaint was recorded."))
    pair(_("Recorded on"), formats.date_format(receipt.recorded_at, "j F Y, H:i"))
    pair(_("Kind and category"), f"{receipt.kind} — {receipt.category}")
    pair(_("Channel"), receipt.channel)
    pair(_("Summary"), receipt.title, max_lines=3)
    if receipt.due_on:
        pair(_("To be answered by"), due_date_text(receipt.due_on))
    blocks += [
        Rule(),
        Text(
            _("Keep the code and PIN to yourself: with them you follow the complaint at "
              "%(url)s, or ask at the office.") % {"url": receipt.track_url},
            size=0.85,
        ),
    ]  # fmt: skip
    if receipt.contacts:
        blocks.append(Text(_("Contact the office"), size=0.85, bold=True, after=0.05))
        blocks += [
            Text(f"{label}: {value}", size=0.85, after=0.05) for label, value in receipt.contacts
        ]
        blocks.append(Text("", size=0.3, after=0))
    blocks += [
        Rule(),
        Text(_("FREE OF CHARGE — no fee is collected."), size=1.0, bold=True, centre=True),
        Text(
            _("Printed on %(when)s")
            % {"when": formats.date_format(receipt.printed_at, "j F Y H:i")},
            size=0.7,
            centre=True,
            grey=True,
        ),
    ]
    return blocks


def render_receipt(receipt: Receipt, paper: str) -> bytes:
    """The receipt as a PDF on `paper` (a key of `PAPERS`). On a fixed page the text
    shrinks until it fits one page; on the roll the page grows with the text."""
    spec = PAPERS[paper]
    width = spec.width - 2 * spec.margin
    blocks = _blocks(receipt)
    base = spec.base
    placed, height = measure(blocks, width, base)
    if spec.height is not None:
        while height > spec.height - 2 * spec.margin and base > 4:
            base *= 0.92
            placed, height = measure(blocks, width, base)
    page_height = spec.height or height + 2 * spec.margin
    output = io.BytesIO()
    canvas = Canvas(
        output,
        pagesize=(spec.width, page_height),
        pageCompression=1,
        initialFontName=fonts()["regular"],
    )
    canvas.setTitle(_("Complaint receipt %(code)s") % {"code": receipt.tracking_code})
    canvas.setCreator("Pengaduan Desa")
    draw(canvas, placed, left=spec.margin, top=page_height - spec.margin, width=width)
    canvas.showPage()
    canvas.save()
    return output.getvalue()
