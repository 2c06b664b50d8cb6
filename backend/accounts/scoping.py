"""Role + region → the regions a person may act in (docs/style.md, Selectors and scoping).

A grant on a region covers its subtree: a kecamatan operator acts in every desa of the
kecamatan. `admin` is configuration-wide, not a window into villages' cases:
`complaints.access.visible_complaints` deliberately leaves it out.

Every visibility question starts here. The rows of the apps above are scoped by their own
`access` modules, built on these answers: complaints in `complaints/access.py`, third-party
applications in `integrations/access.py`, the register in `register/access.py`, the
suggestion box in `suggestion_box/access.py` (docs/architecture.md, Who sees what).

Memberships are loaded once per user object (one query, cached on the instance), so a
request that asks several scoping questions pays for them once.
"""

from collections.abc import Iterable

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from accounts.models import Membership, Role, User
from regions.models import Level, Region

# Who may see the staff list of a desa: its own staff and those who oversee it.
DESA_STAFF = frozenset({Role.INTAKE_OFFICER, Role.HANDLER, Role.VILLAGE_HEAD, Role.BOX_TEAM})
OVERSIGHT = frozenset({Role.KECAMATAN_OPERATOR, Role.ADMIN})

_CACHE_ATTR = "_scoping_memberships"


def memberships_of(user: User | AnonymousUser) -> list[Membership]:
    """The user's memberships with their regions, cached on the user object."""
    if not user.is_authenticated or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user).select_related("region__parent__parent"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def remember_memberships(user: User, memberships: list[Membership]) -> None:
    """Fill the cache from memberships loaded elsewhere (`selectors.user_with_memberships`)."""
    setattr(user, _CACHE_ATTR, memberships)


def forget_memberships(user: User) -> None:
    """Drop the cache after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def roles_of(user: User | AnonymousUser) -> set[str]:
    return {membership.role for membership in memberships_of(user)}


def _scope(user: User | AnonymousUser, roles: Iterable[str], level: str) -> QuerySet[Region]:
    roles = frozenset(roles)
    condition = Q(pk__in=[])
    for membership in memberships_of(user):
        if membership.role not in roles:
            continue
        if membership.role == Role.ADMIN:
            return Region.objects.filter(level=level)
        assert membership.region is not None  # guaranteed by a check constraint
        condition |= membership.region.subtree()
    return Region.objects.filter(condition, level=level)


def desa_for(user: User | AnonymousUser, roles: Iterable[str]) -> QuerySet[Region]:
    """The desa in which `user` holds any of `roles` (directly or through a larger region)."""
    return _scope(user, roles, Level.DESA)


def kecamatan_for(user: User | AnonymousUser, roles: Iterable[str]) -> QuerySet[Region]:
    """The kecamatan in which `user` holds any of `roles`."""
    return _scope(user, roles, Level.KECAMATAN)


def can_act_in(user: User | AnonymousUser, roles: Iterable[str], desa: Region) -> bool:
    """Whether `user` holds any of `roles` over `desa`, without a query beyond the cache."""
    roles = frozenset(roles)
    for membership in memberships_of(user):
        if membership.role not in roles:
            continue
        if membership.role == Role.ADMIN:
            return True
        assert membership.region is not None
        region_code = membership.region.code
        if desa.code == region_code or desa.code.startswith(f"{region_code}."):
            return True
    return False


def visible_memberships(actor: User | AnonymousUser) -> QuerySet[Membership]:
    """Memberships the actor may list: their own, and the staff of desa they work in or oversee.

    Residents' memberships are never listed to others: a resident is not staff.
    """
    if not actor.is_authenticated:
        return Membership.objects.none()
    desa = desa_for(actor, DESA_STAFF | OVERSIGHT)
    return Membership.objects.filter(Q(user=actor) | Q(region__in=desa, role__in=DESA_STAFF))


# Roles that see every complaint of their desa (`complaints.access.visible_complaints`).
OFFICE = frozenset({Role.INTAKE_OFFICER, Role.VILLAGE_HEAD})


# A desa's own days off: its village head declares them, admins keep the calendar
# everywhere. Those who work in the desa or oversee it may read them: a deadline that moved
# must be explainable to the people who answer for it.
CALENDAR_MANAGERS = frozenset({Role.VILLAGE_HEAD, Role.ADMIN})
CALENDAR_READERS = CALENDAR_MANAGERS | {Role.INTAKE_OFFICER, Role.HANDLER, Role.KECAMATAN_OPERATOR}


def desa_calendar_access(user: User | AnonymousUser, desa: Region) -> str | None:
    """ "manage", "read" or None (the desa's calendar is then not found) — no query."""
    if can_act_in(user, CALENDAR_MANAGERS, desa):
        return "manage"
    if can_act_in(user, CALENDAR_READERS, desa):
        return "read"
    return None


# A desa's routing rules (category → position, fallback chain): its village head edits them,
# its intake officers read them (they distribute), admins keep them everywhere.
ROUTING_MANAGERS = frozenset({Role.VILLAGE_HEAD, Role.ADMIN})
ROUTING_READERS = ROUTING_MANAGERS | {Role.INTAKE_OFFICER}


def desa_routing_access(user: User | AnonymousUser, desa: Region) -> str | None:
    """ "manage", "read" or None (the desa's routing is then not found) — no query."""
    if can_act_in(user, ROUTING_MANAGERS, desa):
        return "manage"
    if can_act_in(user, ROUTING_READERS, desa):
        return "read"
    return None


# A desa's emblem (lambang) in the header of its pages: its village head sets it in the app;
# the desa's other staff see it but may not change it (403), anyone else gets 404. Admins keep
# emblems in Django admin.
EMBLEM_KEEPERS = frozenset({Role.VILLAGE_HEAD})


def desa_emblem_access(user: User | AnonymousUser, desa: Region) -> str | None:
    """ "manage", "read" or None (the desa is then not found) — no query."""
    if can_act_in(user, EMBLEM_KEEPERS, desa):
        return "manage"
    if can_act_in(user, DESA_STAFF, desa):
        return "read"
    return None


# A desa's canned answers (template texts for answers and information requests): its intake
# officers and village head keep them; its handlers, who answer what is assigned to them, read
# them. Nobody else: they are working texts of the office, not a report.
CANNED_MANAGERS = frozenset({Role.INTAKE_OFFICER, Role.VILLAGE_HEAD})
CANNED_READERS = CANNED_MANAGERS | {Role.HANDLER}


def desa_canned_access(user: User | AnonymousUser, desa: Region) -> str | None:
    """ "manage", "read" or None (the desa's canned answers are then not found) — no query."""
    if can_act_in(user, CANNED_MANAGERS, desa):
        return "manage"
    if can_act_in(user, CANNED_READERS, desa):
        return "read"
    return None


# Reports (aggregates, never rows): a desa's intake officers and village head see their desa;
# kecamatan operators every desa of their kecamatan and the kecamatan's comparison; admins
# everything, the kabupaten comparison included. Anyone else gets only the public summary.
DESA_REPORT_READERS = frozenset({Role.INTAKE_OFFICER, Role.VILLAGE_HEAD, Role.KECAMATAN_OPERATOR,
                                 Role.ADMIN})  # fmt: skip
KECAMATAN_REPORT_READERS = frozenset({Role.KECAMATAN_OPERATOR, Role.ADMIN})
KABUPATEN_REPORT_READERS = frozenset({Role.ADMIN})


def report_region_visible(user: User | AnonymousUser, region: Region) -> bool:
    """Whether `user` may read the staff report of `region` (a desa, kecamatan or kabupaten),
    without a query beyond the membership cache. Out of reach reads as not found."""
    readers = {
        Level.DESA: DESA_REPORT_READERS,
        Level.KECAMATAN: KECAMATAN_REPORT_READERS,
        Level.KABUPATEN: KABUPATEN_REPORT_READERS,
    }.get(region.level)
    return readers is not None and can_act_in(user, readers, region)
