"""The /me answer built by hand: it is fetched on every page load of the SPA.

DRF's ModelSerializer rebuilds its fields on every call, which cost more than the whole
rest of the request. A test keeps these dicts identical to `MeOut`, the documented shape.
"""

from accounts.models import Membership, Position, Role, User
from accounts.scoping import memberships_of
from common.api import choice_labels
from regions.models import Level, Region


def region_ref(region: Region | None) -> dict | None:
    if region is None:
        return None
    return {"code": region.code, "name": region.name, "level": region.level}


def _membership(membership: Membership) -> dict:
    region = membership.region
    in_desa = region is not None and region.level == Level.DESA
    return {
        "id": membership.pk,
        "role": membership.role,
        "role_label": choice_labels(Role).get(membership.role, membership.role),
        "region": region_ref(region),
        "kecamatan": region_ref(region.parent) if in_desa else None,
        "position": membership.position,
        "position_label": choice_labels(Position).get(membership.position, membership.position),
        "position_title": membership.position_title,
    }


def me_view(user: User) -> dict:
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "language": user.language,
        "memberships": [_membership(m) for m in memberships_of(user)],
    }
