"""Who receives a complaint: a pure function of the position asked for, who holds which
position in the desa now, and the desa's fallback chain.

Called explicitly by the assign and reassign moves (docs/style.md, Services), never from a signal. A
complaint never goes to a position nobody holds: the chain is tried in order, and when no
step reaches a person the move is refused (`complaints.services`).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from accounts.models import Membership, Position, Role


@dataclass(frozen=True)
class Holder:
    user_id: int
    full_name: str


@dataclass(frozen=True)
class Route:
    position: str
    assignee_id: int | None  # the one person holding the position, if exactly one does
    rerouted_from: str = ""  # the position asked for, when nobody holds it and the chain applied


def holders_of(memberships: Iterable[Membership]) -> dict[str, list[Holder]]:
    """Position → the active people holding it now, from a desa's handler and village head
    memberships (with their users). The village head holds `kepala_desa`."""
    found: dict[str, list[Holder]] = {}
    for membership in memberships:
        user = membership.user
        if not user.is_active:
            continue
        if membership.role == Role.HANDLER:
            position = membership.position
        elif membership.role == Role.VILLAGE_HEAD:
            position = Position.KEPALA_DESA
        else:
            continue
        holders = found.setdefault(position, [])
        if all(holder.user_id != user.pk for holder in holders):
            holders.append(Holder(user.pk, user.full_name or user.username))
    return found


def route(*, position: str, holders: dict[str, list[Holder]], fallback: list[str]) -> Route | None:
    """The first of `position`, then the `fallback` chain, that somebody holds; None when
    nobody holds any of them (or no position is given and the chain is empty)."""
    for candidate in [position, *fallback] if position else fallback:
        held = holders.get(candidate, [])
        if held:
            return Route(
                candidate,
                held[0].user_id if len(held) == 1 else None,
                rerouted_from=position if candidate != position else "",
            )
    return None
