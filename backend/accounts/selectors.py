"""Reads of users and memberships, always through `accounts.scoping`."""

from functools import cache

from django.db.models import QuerySet

from accounts.models import Membership, User
from accounts.scoping import (
    DESA_STAFF,
    OVERSIGHT,
    desa_emblem_access,
    desa_for,
    memberships_of,
    remember_memberships,
    visible_memberships,
)
from common.errors import NotAllowed, NotFound
from common.rawsql import Columns, read_cursor
from regions.models import Level, Region

# The user, each membership and its region with two ancestors (desa → kecamatan →
# kabupaten: what scoping and "Jagabaya, Kec. Panawangan" need).
_USER = Columns(User, "u")
_MEMBERSHIP = Columns(Membership, "m")
_REGION, _PARENT, _GRANDPARENT = Columns(Region, "r"), Columns(Region, "p"), Columns(Region, "g")


@cache
def _user_with_memberships_sql() -> str:
    groups = (_USER, _MEMBERSHIP, _REGION, _PARENT, _GRANDPARENT)
    # One constant statement (names from the models, the id a parameter): the server
    # prepares it once per connection.
    return (
        f"SELECT {', '.join(group.sql for group in groups)}"  # noqa: S608
        f" FROM {User._meta.db_table} u"
        f" LEFT JOIN {Membership._meta.db_table} m ON m.user_id = u.id"
        f" LEFT JOIN {Region._meta.db_table} r ON r.id = m.region_id"
        f" LEFT JOIN {Region._meta.db_table} p ON p.id = r.parent_id"
        f" LEFT JOIN {Region._meta.db_table} g ON g.id = p.parent_id"
        " WHERE u.id = %s ORDER BY m.role, r.code"
    )


def user_with_memberships(user_id: int) -> User | None:
    """The user with `memberships_of` already filled in, in one query (None if unknown).

    The request's authentication (`accounts.authentication`) loads the user this way.
    """
    with read_cursor() as cursor:
        cursor.execute(_user_with_memberships_sql(), [user_id])
        rows = cursor.fetchall()
    if not rows:
        return None
    user, first_membership_column = _USER.load(rows[0], 0)
    memberships = []
    for row in rows:
        membership, at = _MEMBERSHIP.load(row, first_membership_column)
        if membership is None:
            continue
        region, at = _REGION.load(row, at)
        parent, at = _PARENT.load(row, at)
        grandparent, _ = _GRANDPARENT.load(row, at)
        if parent is not None:
            parent.parent = grandparent
        if region is not None:
            region.parent = parent
        membership.region = region
        membership.user = user
        memberships.append(membership)
    remember_memberships(user, memberships)
    return user


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


def desa_emblem_get(*, actor: User, desa_code: str) -> Region:
    """The desa whose emblem the actor may change (its village head), with its ancestors (the
    kabupaten's emblem shows when the desa has none). 404 alike for a missing desa and one
    outside the actor's reach; 403 for the desa's other staff."""
    desa = (
        Region.objects.select_related("parent__parent__parent")
        .filter(code=desa_code, level=Level.DESA)
        .first()
    )
    access = desa_emblem_access(actor, desa) if desa is not None else None
    if desa is None or access is None:
        raise NotFound()
    if access != "manage":
        raise NotAllowed()
    return desa
