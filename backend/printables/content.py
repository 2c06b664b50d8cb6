"""What the printables say about a desa: its letterhead and how residents reach it."""

from dataclasses import dataclass
from urllib.parse import quote

from django.conf import settings
from django.utils.translation import gettext as _

from printables.pdf import phone_display
from regions.models import DesaContact, Region


@dataclass(frozen=True)
class Letterhead:
    desa: str
    kecamatan: str
    kabupaten: str

    @classmethod
    def of(cls, desa: Region) -> "Letterhead":
        """Needs `desa.parent.parent` (one query when not loaded)."""
        kecamatan = desa.parent
        kabupaten = kecamatan.parent if kecamatan else None
        return cls(
            desa=desa.name,
            kecamatan=kecamatan.name if kecamatan else "",
            kabupaten=kabupaten.name if kabupaten else "",
        )

    def lines(self) -> list[str]:
        return [
            _("GOVERNMENT OF KABUPATEN %(name)s") % {"name": self.kabupaten.upper()},
            _("KECAMATAN %(name)s") % {"name": self.kecamatan.upper()},
            _("DESA %(name)s") % {"name": self.desa.upper()},
        ]


def contact_of(desa: Region) -> DesaContact:
    """The desa's contact details, or an empty (unsaved) set when it has none."""
    return DesaContact.objects.filter(desa=desa).first() or DesaContact(desa=desa)


def contact_lines(contact: DesaContact) -> list[tuple[str, str]]:
    """(channel, how) for each channel the desa filled in, in the order residents use them."""
    lines = []
    if contact.office_address:
        lines.append((_("Village office"), contact.office_address))
    if contact.whatsapp:
        lines.append(("WhatsApp", phone_display(contact.whatsapp)))
    if contact.phone:
        lines.append((_("Telephone"), phone_display(contact.phone)))
    if contact.email:
        lines.append((_("E-mail"), contact.email))
    return lines


def public_base_url(request=None) -> str:
    """Where residents open the app: `PUBLIC_BASE_URL`, else the address this request came
    to (the SPA and the API share an origin in every deployment of this project)."""
    base = settings.PUBLIC_BASE_URL or (request.build_absolute_uri("/") if request else "")
    return base.rstrip("/")


def desa_page_url(desa: Region, request=None) -> str:
    """The desa's public page in the SPA: `routes.desa(code)` in frontend/src/lib/routes.ts."""
    return f"{public_base_url(request)}/d/{quote(desa.code, safe='')}"


def track_url(request=None) -> str:
    """The SPA's tracking page: `routes.track`."""
    return f"{public_base_url(request)}/lacak"
