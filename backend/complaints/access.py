"""In which capacities an actor stands before one complaint. Built on accounts.scoping."""

from accounts.models import Position, Role, User
from accounts.scoping import can_act_in, memberships_of
from common.errors import NotAllowed
from complaints.models import Complaint
from complaints.state import Capacity


def capacities(actor: User, complaint: Complaint) -> set[Capacity]:
    """Capacities from the actor's memberships; costs no query beyond the cached memberships."""
    if not actor.is_authenticated:
        return set()
    found: set[Capacity] = set()
    desa = complaint.desa
    if can_act_in(actor, {Role.INTAKE_OFFICER}, desa):
        found.add(Capacity.INTAKE)
    if can_act_in(actor, {Role.VILLAGE_HEAD}, desa):
        found.add(Capacity.HEAD)
    if is_assignee(actor, complaint):
        found.add(Capacity.ASSIGNEE)
    if complaint.reporter_account_id is not None and complaint.reporter_account_id == actor.pk:
        found.add(Capacity.REPORTER)
    return found


def is_assignee(actor: User, complaint: Complaint) -> bool:
    """Assigned to the actor, or to a position the actor holds in the desa with nobody named."""
    if complaint.assigned_to_id is not None:
        return complaint.assigned_to_id == actor.pk
    if not complaint.assigned_position:
        return False
    if complaint.assigned_position == Position.KEPALA_DESA:
        return can_act_in(actor, {Role.VILLAGE_HEAD}, complaint.desa)
    return any(
        m.role == Role.HANDLER
        and m.region_id == complaint.desa_id
        and m.position == complaint.assigned_position
        for m in memberships_of(actor)
    )


# The complaint's desa office: who may print its papers, forward it, or publish its outcome.
OFFICE = frozenset({Capacity.INTAKE, Capacity.HEAD})


def require_office(actor: User, complaint: Complaint) -> None:
    """403 unless the actor is the complaint's intake officer or village head."""
    if not capacities(actor, complaint) & OFFICE:
        raise NotAllowed()
