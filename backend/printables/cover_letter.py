"""The cover letter (surat pengantar) of a forwarded complaint, as a PDF (A4 portrait).

With the desa's letterhead (`printables.content.Letterhead`) and the fonts and wrapping of
every PDF of the service (`common.pdf`). The complaint is de-identified ("Dirahasiakan")
unless the reporter agreed to be named when it was forwarded (`Forwarding.identity_shared`);
then the identity is read through `services.identity_read`, which logs the access.
"""

import io
from dataclasses import dataclass
from datetime import date
from zoneinfo import ZoneInfo

from django.utils import formats
from django.utils.translation import gettext as _
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from accounts.models import Membership, Role, User
from common.errors import InvalidTransition
from common.pdf import MM, fit, fonts, wrap
from complaints import services
from complaints.access import require_office
from complaints.models import Complaint, Forwarding, IdentityAccess
from complaints.state import Status
from printables.content import Letterhead
from register.selectors import register_number_of

_WIDTH, _HEIGHT = A4
_SIDE = 25 * MM
_BODY = _WIDTH - 2 * _SIDE
_TOP = _HEIGHT - 20 * MM
_BOTTOM = 20 * MM
_LABEL = 42 * MM  # the label column of the complaint's particulars


@dataclass(frozen=True)
class CoverLetter:
    letterhead: Letterhead
    place: str
    forwarded_on: date
    agency: str
    register_number: str
    received_on: date | None
    category: str
    title: str
    description: str
    location: str
    reporter: list[tuple[str, str]]  # (label, value); "Confidential" when not shared
    reason: str
    village_head: str


def cover_letter_of(*, complaint: Complaint, actor: User) -> CoverLetter:
    """The letter's contents, for the desa's intake officer or village head (403 otherwise;
    409 unless the complaint is forwarded)."""
    require_office(actor, complaint)
    forwarding = Forwarding.objects.filter(complaint=complaint).first()
    if complaint.status != Status.FORWARDED or forwarding is None:
        raise InvalidTransition(
            _("Only a forwarded complaint has a cover letter."), extra={"allowed_actions": []}
        )
    zone = ZoneInfo(complaint.desa.timezone)
    reporter = [(_("Reporter"), _("Confidential"))]
    if complaint.anonymous:
        reporter = [(_("Reporter"), _("Anonymous"))]
    elif forwarding.identity_shared:
        identity = services.identity_read(
            complaint=complaint, actor=actor, purpose=IdentityAccess.Purpose.EXPORT
        )
        reporter = [
            (_("Reporter"), identity.name),
            (_("Phone"), identity.phone or "—"),
            (_("Address"), identity.address or "—"),
        ]
    head = (
        Membership.objects.filter(region_id=complaint.desa_id, role=Role.VILLAGE_HEAD)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return CoverLetter(
        letterhead=Letterhead.of(complaint.desa),
        place=complaint.desa.name,
        forwarded_on=forwarding.forwarded_on,
        agency=forwarding.agency,
        register_number=register_number_of(complaint) or "—",
        received_on=complaint.received_at.astimezone(zone).date()
        if complaint.received_at
        else None,
        category=complaint.category.name,
        title=complaint.title,
        description=complaint.description,
        location=complaint.location_text or "—",
        reporter=reporter,
        reason=forwarding.reason,
        village_head=(head.user.full_name or head.user.username) if head else "",
    )


class _Page:
    def __init__(self, canvas: Canvas) -> None:
        self.canvas, self.fonts, self.y = canvas, fonts(), _TOP

    def room(self, height: float) -> None:
        if self.y - height < _BOTTOM:
            self.canvas.showPage()
            self.y = _TOP

    def line(self, text: str, size: float = 10.5, bold: bool = False, centre: bool = False):
        font = self.fonts["bold" if bold else "regular"]
        self.room(size * 1.45)
        self.y -= size * 1.45
        self.canvas.setFont(font, size)
        text = fit(text, font, size, _BODY)
        if centre:
            self.canvas.drawCentredString(_WIDTH / 2, self.y, text)
        else:
            self.canvas.drawString(_SIDE, self.y, text)

    def paragraph(self, text: str, size: float = 10.5, indent: float = 0.0) -> None:
        font = self.fonts["regular"]
        for part in wrap(text, font, size, _BODY - indent, 60, blank_lines=True):
            self.room(size * 1.45)
            self.y -= size * 1.45
            self.canvas.setFont(font, size)
            self.canvas.drawString(_SIDE + indent, self.y, part)

    def particular(
        self,
        label: str,
        value: str,
        *,
        indent: float = 6 * MM,
        label_width: float = _LABEL,
        size: float = 10.5,
    ) -> None:
        """One "label : value" line; the value wraps under itself."""
        font = self.fonts["regular"]
        left = _SIDE + indent + label_width
        width = _WIDTH - _SIDE - left - 3 * MM
        parts = wrap(value, font, size, width, 30, blank_lines=True) or ("",)
        for index, part in enumerate(parts):
            self.room(size * 1.45)
            self.y -= size * 1.45
            self.canvas.setFont(font, size)
            if index == 0:
                self.canvas.drawString(_SIDE + indent, self.y, fit(label, font, size, label_width))
                self.canvas.drawString(left, self.y, ":")
            self.canvas.drawString(left + 3 * MM, self.y, part)


def _day(value: date | None) -> str:
    return formats.date_format(value, "DATE_FORMAT") if value else "—"


def render_cover_letter(letter: CoverLetter) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A4, invariant=True)
    canvas.setTitle(_("Cover letter — forwarded complaint"))
    page = _Page(canvas)
    for index, text in enumerate(letter.letterhead.lines()):
        page.line(text, 13 if index == 2 else 11.5, bold=True, centre=True)
    page.y -= 5
    canvas.setLineWidth(0.7)
    for offset in (0.35, 1.65):  # the double rule of the village's letter paper
        canvas.line(_SIDE, page.y - offset, _WIDTH - _SIDE, page.y - offset)
    page.y -= 8
    regular = page.fonts["regular"]
    page.y -= 14
    canvas.setFont(regular, 10.5)
    canvas.drawRightString(_WIDTH - _SIDE, page.y, f"{letter.place}, {_day(letter.forwarded_on)}")
    page.y += 4
    page.particular(_("Number"), "……………………………", indent=0.0, label_width=22 * MM)
    page.particular(_("Attachment"), "—", indent=0.0, label_width=22 * MM)
    page.particular(
        _("Subject"), _("Forwarding of a public complaint"), indent=0.0, label_width=22 * MM
    )
    page.y -= 10
    page.line(_("To"))
    page.line(letter.agency, bold=True)
    page.line(_("at its office"))
    page.y -= 10
    page.paragraph(
        _(
            "With respect, we forward a complaint from the public received by Desa "
            "%(desa)s which is not within the authority of the desa, with these particulars:"
        )
        % {"desa": letter.place}
    )
    page.y -= 4
    page.particular(_("Register number"), letter.register_number)
    page.particular(_("Received on"), _day(letter.received_on))
    page.particular(_("Category"), letter.category)
    page.particular(_("Subject of the complaint"), letter.title)
    page.particular(_("Description"), letter.description)
    page.particular(_("Location"), letter.location)
    for label, value in letter.reporter:
        page.particular(label, value)
    page.particular(_("Reason for forwarding"), letter.reason)
    page.y -= 8
    page.paragraph(
        _(
            "We ask that it be followed up according to your authority and that the reporter "
            "be informed. Thank you for your attention and cooperation."
        )
    )
    page.room(90)
    page.y -= 24
    x = _WIDTH - _SIDE - 70 * MM
    canvas.setFont(regular, 10.5)
    canvas.drawString(x, page.y, _("Village head of %(desa)s,") % {"desa": letter.place})
    page.y -= 62
    canvas.setFont(page.fonts["bold"], 10.5)
    canvas.drawString(x, page.y, letter.village_head or "(……………………………)")
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()
