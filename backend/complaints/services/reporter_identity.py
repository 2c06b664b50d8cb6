"""Who may see the reporter's identity, reading it (logged) and granting it to the assignee."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from common.errors import NotAllowed, NotFound
from complaints.access import capacities
from complaints.models import Complaint, IdentityAccess, IdentityGrant, ReporterIdentity
from complaints.state import Capacity


def identity_visible_to(actor: User, complaint: Complaint, held: set[Capacity]) -> bool:
    """Intake officers and the village head see the reporter; the assigned official only
    with a grant; the reporter sees their own."""
    if complaint.anonymous:
        return False
    if held & {Capacity.INTAKE, Capacity.HEAD, Capacity.REPORTER}:
        return True
    if Capacity.ASSIGNEE in held:
        return IdentityGrant.objects.filter(complaint=complaint, grantee=actor).exists()
    return False


def identity_read(
    *, complaint: Complaint, actor: User, purpose: str = IdentityAccess.Purpose.VIEW
) -> ReporterIdentity:
    """The reporter's identity, logging the access (not the reporter's own reads).

    404 for an anonymous complaint (there is none); 403 when it is kept from the actor.
    """
    held = capacities(actor, complaint)
    identity = None
    if not complaint.anonymous:
        identity = ReporterIdentity.objects.filter(complaint=complaint).first()
    if identity is None:
        raise NotFound()
    if not identity_visible_to(actor, complaint, held):
        raise NotAllowed(_("The reporter's identity is kept confidential from you."))
    if held != {Capacity.REPORTER}:
        IdentityAccess.objects.create(
            complaint=complaint, desa_id=complaint.desa_id, actor=actor, purpose=purpose
        )
    return identity


@transaction.atomic
def identity_grant(
    *, complaint: Complaint, actor: User, grantee: User, reason: str
) -> IdentityGrant:
    """An intake officer lets the assigned official see who reported. Idempotent."""
    if Capacity.INTAKE not in capacities(actor, complaint):
        raise NotAllowed()
    if complaint.anonymous:
        raise ValidationError({"grantee": _("An anonymous complaint has no identity to share.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the official needs the identity.")})
    if Capacity.ASSIGNEE not in capacities(grantee, complaint):
        raise ValidationError({"grantee": _("Only the official it is assigned to can be granted.")})
    grant, created = IdentityGrant.objects.get_or_create(
        complaint=complaint,
        grantee=grantee,
        defaults={"granted_by": actor, "reason": reason.strip()},
    )
    if created:
        IdentityAccess.objects.create(
            complaint=complaint,
            desa_id=complaint.desa_id,
            actor=actor,
            purpose=IdentityAccess.Purpose.GRANT,
            grantee=grantee,
            reason=grant.reason,
        )
    return grant
