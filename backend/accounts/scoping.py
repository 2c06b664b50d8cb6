"""The one place that turns role + region into visibility (docs/style.md, Selectors and scoping).

A grant on a region covers its subtree: a kecamatan operator acts in every desa of the
kecamatan. `admin` is configuration-wide, not a window into villages' cases: later
`visible_*` functions for complaints deliberately leave it out.

Memberships are loaded once per user object (one query, cached on the instance), so a
request that asks several scoping questions pays for them once.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Membership, Role, User
from common.errors import NotAllowed
from complaints.models import Complaint
from integrations.models import ApiClient, Scope
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


# Roles that see every complaint of their desa.
OFFICE = frozenset({Role.INTAKE_OFFICER, Role.VILLAGE_HEAD})


@dataclass(frozen=True)
class Involvement:
    """One way a person is involved in a complaint: every condition holds.

    The same rules become an ORM filter (`q`), SQL for the hand-written inbox (`sql`) and
    a check of one loaded complaint (`holds`), so the three cannot drift apart.
    """

    equals: tuple[tuple[str, object], ...]  # (column, value)
    among: tuple[str, tuple[int, ...]] | None = None  # (column, values)
    unassigned: bool = False  # and nobody named (`assigned_to` is null)

    def q(self) -> Q:
        lookups = dict(self.equals)
        if self.among:
            lookups[f"{self.among[0]}__in"] = self.among[1]
        if self.unassigned:
            lookups["assigned_to__isnull"] = True
        return Q(**lookups)

    def sql(self, alias: str) -> tuple[str, list]:
        parts = [f"{alias}.{column} = %s" for column, _ in self.equals]
        params = [value for _, value in self.equals]
        if self.among:
            parts.append(f"{alias}.{self.among[0]} IN ({', '.join(['%s'] * len(self.among[1]))})")
            params += self.among[1]
        if self.unassigned:
            parts.append(f"{alias}.assigned_to_id IS NULL")
        return f"({' AND '.join(parts)})", params

    def holds(self, complaint: Complaint) -> bool:
        if any(getattr(complaint, column) != value for column, value in self.equals):
            return False
        if self.among and getattr(complaint, self.among[0]) not in self.among[1]:
            return False
        return not self.unassigned or complaint.assigned_to_id is None


def involvements(actor: User) -> list[Involvement]:
    """Complaints the actor reported, handles (named, or their position with nobody
    named), or typed in from the suggestion box of a desa where they still serve."""
    found = [
        Involvement(equals=(("reporter_account_id", actor.pk),)),
        Involvement(equals=(("assigned_to_id", actor.pk),)),
    ]
    box_desa = tuple(m.region_id for m in memberships_of(actor) if m.role == Role.BOX_TEAM)
    if box_desa:
        found.append(
            Involvement(equals=(("entered_by_id", actor.pk),), among=("desa_id", box_desa))
        )
    for membership in memberships_of(actor):
        if membership.role == Role.HANDLER and membership.position:
            found.append(
                Involvement(
                    equals=(
                        ("desa_id", membership.region_id),
                        ("assigned_position", membership.position),
                    ),
                    unassigned=True,
                )
            )
    return found


def _personal_complaints(actor: User) -> Q:
    return reduce(or_, (involvement.q() for involvement in involvements(actor)))


def visible_complaints(
    actor: User | AnonymousUser, *, for_listing: bool = False
) -> QuerySet[Complaint]:
    """Complaint rows the actor may read.

    Intake officers and village heads: every complaint of their desa. Handlers: what is
    assigned to them, or to their position with nobody named. Box team: the slips they typed
    in. Residents: their own. Kecamatan operators and admins see no complaint rows at all —
    only the aggregates of `reports` — so identity can never reach them through a row.

    `for_listing`: see `office_listing_scope`.
    """
    if not actor.is_authenticated:
        return Complaint.objects.none()
    if for_listing:
        office_desa = office_listing_scope(actor)
        if office_desa is not None:
            return Complaint.objects.filter(desa_id__in=office_desa)
    personal = _personal_complaints(actor)
    office_desa = office_desa_of(actor)
    if not office_desa:
        return Complaint.objects.filter(personal)
    return Complaint.objects.filter(Q(desa_id__in=office_desa) | personal)


def office_desa_of(actor: User) -> list[int]:
    """The desa whose every complaint the actor sees (intake officer, village head)."""
    # Office roles are desa roles (accounts.models.ROLE_LEVEL), so the region is the desa.
    return sorted({m.region_id for m in memberships_of(actor) if m.role in OFFICE})


def office_listing_scope(actor: User | AnonymousUser) -> list[int] | None:
    """The desa whose complaints are exactly what the actor may list — when that is so.

    Office staff almost never appear in the personal branches outside their own desa. One
    cheap indexed check confirms it, and the listing then filters on the desa alone, which
    walks the (desa, submitted_at) index instead of sorting every row of the desa that an
    OR forces (10 000 complaints: 11 ms → 0.1 ms a page). None: list `visible_complaints`.
    """
    if not actor.is_authenticated:
        return None
    office_desa = office_desa_of(actor)
    if not office_desa:
        return None
    outside = Complaint.objects.filter(_personal_complaints(actor)).exclude(desa_id__in=office_desa)
    return None if outside.exists() else office_desa


def complaint_visible_to(actor: User | AnonymousUser, complaint: Complaint) -> bool:
    """`visible_complaints` for one complaint already loaded, without a query (a test
    compares the two over every persona): the complaint page reads its row by tracking
    code and asks this."""
    if not actor.is_authenticated:
        return False
    if complaint.desa_id in office_desa_of(actor):
        return True
    return any(involvement.holds(complaint) for involvement in involvements(actor))


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


# --- Third-party applications (integrations). A client is not a person: it holds scopes
# instead of roles, over its region's subtree, and no scope ever reaches reporter identity.
# Out of its region is 404 like everyone else's; a missing scope is 403 (the client knows
# its own scopes, so saying so leaks nothing).
CLIENT_MANAGERS = frozenset({Role.VILLAGE_HEAD, Role.ADMIN})


def may_manage_clients(actor: User | AnonymousUser) -> bool:
    """Admins (any region) and village heads (their desa) manage applications."""
    return bool(roles_of(actor) & CLIENT_MANAGERS)


def client_region_allowed(actor: User | AnonymousUser, region: Region) -> bool:
    """Whether `actor` may register an application for `region`: admins anywhere, a
    village head only for the desa they head."""
    if Role.ADMIN in roles_of(actor):
        return True
    return region.level == Level.DESA and can_act_in(actor, {Role.VILLAGE_HEAD}, region)


def manageable_clients(actor: User | AnonymousUser) -> QuerySet[ApiClient]:
    """The applications `actor` may list, read, rotate and revoke."""
    if Role.ADMIN in roles_of(actor):
        return ApiClient.objects.all()
    return ApiClient.objects.filter(region__in=desa_for(actor, {Role.VILLAGE_HEAD}))


def client_require_scope(client: ApiClient, scope: str) -> None:
    if not client.has_scope(scope):
        raise NotAllowed(
            _("This application lacks the scope %(scope)s.") % {"scope": scope},
        )


def client_desa(client: ApiClient) -> QuerySet[Region]:
    """The desa whose data the client may read: its region's subtree."""
    return Region.objects.filter(client.region.subtree(), level=Level.DESA)


def client_sees_desa(client: ApiClient, desa: Region) -> bool:
    region_code = client.region.code
    return desa.code == region_code or desa.code.startswith(f"{region_code}.")


def client_report_region_visible(client: ApiClient, region: Region) -> bool:
    """Whether an application may read the staff report of `region`, after checking it
    holds `reports:read` (403 otherwise): a region of its own subtree — the desa's report
    for a desa's application; the kecamatan's and its desa's for a kecamatan's."""
    client_require_scope(client, Scope.REPORTS_READ)
    return region.code == client.region.code or region.code.startswith(f"{client.region.code}.")


def visible_complaints_for_client(client: ApiClient, *, scope: str) -> QuerySet[Complaint]:
    """Complaints of the client's region, after checking it holds `scope` (403 otherwise).

    Rows only: what of them a client may read is the de-identified presenter's business
    (`integrations.api`), which never touches `ReporterIdentity`.
    """
    client_require_scope(client, scope)
    region_code = client.region.code
    return Complaint.objects.filter(
        Q(desa__code=region_code) | Q(desa__code__startswith=f"{region_code}.")
    )
