"""Who receives a complaint by default: a pure function of the category and the desa staff.

Called explicitly by the assign move when the officer names nobody (STYLE.md §2), never from
a signal.
"""

from dataclasses import dataclass

from accounts.models import Membership


@dataclass(frozen=True)
class Route:
    position: str
    assignee_id: int | None  # the one official holding the position, if exactly one does


def route(*, default_position: str, handlers: list[Membership]) -> Route | None:
    """The category's default position, and its holder when the desa has exactly one.

    `handlers` are the handler memberships of the complaint's desa.
    """
    if not default_position:
        return None
    holders = [m.user_id for m in handlers if m.position == default_position]
    return Route(default_position, holders[0] if len(holders) == 1 else None)
