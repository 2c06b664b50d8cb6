"""Writes of distribution: a complaint's (re)assignment, carried out for
`complaints.services.complaint_transition` (`assignment_effect`), and a desa's routing rules
(the village head's, in the app)."""

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Membership, Position, Role, User
from assignments.models import Assignment, RoutingPolicy
from assignments.routing import holders_of, route
from common.errors import NoHolder
from complaints.models import Category, Complaint
from regions.models import Region


def assignment_effect(
    *, complaint: Complaint, fields: dict[str, Any], actor: User | None, now: datetime
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The effect of `assign` and `reassign`: the complaint's new position and holder (column
    updates), the history's from → to (data), and the assignment rows (the open one ended, a
    new one opened). Raises ValidationError on bad input, NoHolder (409) when nobody holds
    the position and no fallback reaches anyone."""
    target = _assignment_target(complaint, fields)
    previous = (
        Assignment.objects.filter(complaint=complaint)
        .select_related("assignee")
        .order_by("-started_at", "-id")
        .first()
    )
    updates = {"assigned_position": target.position, "assigned_to": target.user}
    data = _assignment_data(complaint, target, previous)
    Assignment.objects.filter(complaint=complaint, ended_at__isnull=True).update(ended_at=now)
    Assignment.objects.create(
        complaint=complaint, position=target.position, assignee=target.user, assigned_by=actor
    )
    return updates, data


@dataclass(frozen=True)
class _Target:
    position: str
    user: User | None
    rerouted_from: str


def _assignment_target(complaint: Complaint, fields: dict[str, Any]) -> _Target:
    """The position and (optional) person a complaint goes to, defaulting to routing.

    Never a position nobody holds: the desa's fallback chain applies, and when it reaches
    nobody either the move is refused (409) with the positions held now and their holders.
    """
    memberships = list(
        Membership.objects.filter(
            region_id=complaint.desa_id, role__in=[Role.HANDLER, Role.VILLAGE_HEAD]
        ).select_related("user")
    )
    holders = holders_of(memberships)
    users = {m.user_id: m.user for m in memberships}
    assignee_id = fields.get("assignee")
    position = fields.get("position") or ""
    if assignee_id:
        held = [p for p, people in holders.items() if any(h.user_id == assignee_id for h in people)]
        if not held:
            raise ValidationError({"assignee": _("Choose an official of this desa.")})
        if position and position not in held:
            raise ValidationError({"position": _("This official does not hold that position.")})
        return _Target(position or held[0], users[assignee_id], "")
    if position and position not in Position.values:
        raise ValidationError({"position": _("Unknown position.")})
    policy = RoutingPolicy.objects.filter(desa_id=complaint.desa_id).first()
    fallback = policy.fallback if policy else []
    asked = position or complaint.category.default_position
    if not asked and not fallback:
        raise ValidationError({"position": _("Choose the position to distribute it to.")})
    found = route(position=asked, holders=holders, fallback=fallback)
    if found is None:
        raise NoHolder(
            extra={
                "position": asked,
                "held_positions": [
                    {
                        "position": held_position,
                        "label": str(Position(held_position).label),
                        "holders": [{"id": h.user_id, "full_name": h.full_name} for h in people],
                    }
                    for held_position, people in sorted(holders.items())
                ],
            }
        )
    user = users.get(found.assignee_id) if found.assignee_id else None
    return _Target(found.position, user, found.rerouted_from)


def _assignment_data(
    complaint: Complaint, target: _Target, previous: Assignment | None
) -> dict[str, Any]:
    """What the history keeps of a (re)assignment: from → to, and why when rerouted."""
    before = previous.assignee if previous else None
    return {
        "position": target.position,
        "assignee": target.user.pk if target.user else None,
        "assignee_name": (target.user.full_name or target.user.username) if target.user else "",
        "from_position": previous.position if previous else "",
        "from_assignee": before.pk if before else None,
        "from_assignee_name": (before.full_name or before.username) if before else "",
        "rerouted_from": target.rerouted_from,
    }


@dataclass(frozen=True)
class CategoryRule:
    slug: str
    name: str
    default_position: str
    active: bool = True
    icon: str = ""


@transaction.atomic
def routing_update(
    *, actor: User, desa: Region, categories: list[CategoryRule], fallback: list[str]
) -> None:
    """Set the desa's routing: each listed category's position (and name, active flag), new
    categories added at the end, and the fallback chain. Categories not listed are left as
    they are; a category is never deleted (its complaints keep it), only made inactive.
    """
    errors: dict[str, list[str]] = {}
    if len(set(fallback)) != len(fallback):
        errors["fallback"] = [_("Name each position once.")]
    if any(position not in Position.values for position in fallback):
        errors["fallback"] = [_("Unknown position.")]
    slugs = [rule.slug for rule in categories]
    if len(set(slugs)) != len(slugs):
        errors["categories"] = [_("Name each category once.")]
    if errors:
        raise ValidationError(errors)

    existing = {c.slug: c for c in Category.objects.select_for_update().filter(desa=desa)}
    next_order = max((c.order for c in existing.values()), default=-1) + 1
    for rule in categories:
        category = existing.get(rule.slug)
        if category is None:
            category = Category(
                desa=desa,
                slug=rule.slug,
                order=next_order,
                icon=rule.icon or "dots",
            )
            next_order += 1
        category.name = rule.name.strip()
        category.default_position = rule.default_position
        category.active = rule.active
        if rule.icon:
            category.icon = rule.icon
        category.save()
    RoutingPolicy.objects.update_or_create(
        desa=desa, defaults={"fallback": list(fallback), "updated_by": actor}
    )


def category_slug_for(name: str) -> str:
    """The slug a new category gets from its name ("Air bersih" → "air-bersih")."""
    return slugify(name)[:40].strip("-")
