"""Who may read and record a desa's suggestion-box openings. Built on `accounts.scoping`.

* The box team and the intake officers record openings and type in their slips.
* The village head reads them, and sees which are incomplete (belum lengkap).
* Everybody else — handlers, residents, kecamatan operators, admins — gets 404, like a
  desa outside one's region.
"""

from accounts.models import Role, User
from accounts.scoping import can_act_in, desa_for
from common.errors import NotFound
from regions.models import Region

RECORDERS = frozenset({Role.BOX_TEAM, Role.INTAKE_OFFICER})
READERS = RECORDERS | {Role.VILLAGE_HEAD}


def box_desa_get(*, actor: User, desa_code: str) -> Region:
    """A desa whose openings the actor may read; 404 alike for missing and out of scope."""
    desa = desa_for(actor, READERS).select_related("parent__parent").filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    return desa


def may_record(actor: User, desa: Region) -> bool:
    """Records openings and slips in the desa (no query beyond cached memberships)."""
    return can_act_in(actor, RECORDERS, desa)
