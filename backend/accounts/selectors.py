"""Reads of users and memberships, always through `accounts.scoping`."""

from django.db.models import QuerySet

from accounts.models import Membership, User
from accounts.scoping import DESA_STAFF, OVERSIGHT, desa_for, memberships_of, visible_memberships
from common.errors import NotFound


def me_memberships(*, actor: User) -> list[Membership]:
    return memberships_of(actor)


def desa_staff_list(*, actor: User, desa_code: str) -> QuerySet[Membership]:
    """The officials of a desa, for its own staff and its overseers; 404 for anyone else."""
    desa = desa_for(actor, DESA_STAFF | OVERSIGHT).filter(code=desa_code).first()
    if desa is None:
        raise NotFound()
    return (
        visible_memberships(actor)
        .filter(region=desa, role__in=DESA_STAFF)
        .select_related("user")
        .order_by("role", "position", "user__full_name")
    )
