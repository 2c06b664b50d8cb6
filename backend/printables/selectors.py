"""What may be printed, and by whom: starting from the complaint and desa scoping."""

from accounts.models import Membership, Role, User
from accounts.scoping import OFFICE, desa_for
from common.errors import NotFound
from complaints.access import require_office
from complaints.models import Complaint
from complaints.reads.page import complaint_get
from regions.models import Region


def receipt_complaint_get(*, actor: User, code: str) -> Complaint:
    """A complaint whose receipt the actor may print: its desa's intake officer or village
    head. 404 outside the actor's scope (as for any complaint), 403 for the others who see
    it (the assigned official, the reporter's account)."""
    complaint = complaint_get(actor=actor, code=code)
    require_office(actor, complaint)
    return complaint


def poster_desa_get(*, actor: User, desa_code: str) -> Region:
    """A desa whose poster the actor may print: its office (intake officer, village head)."""
    desa = desa_for(actor, OFFICE).select_related("parent__parent").filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    return desa


def desa_has_box_team(desa: Region) -> bool:
    """Whether the desa keeps a suggestion box (someone is on its box team)."""
    return Membership.objects.filter(region=desa, role=Role.BOX_TEAM).exists()
