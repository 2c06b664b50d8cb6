"""Writes of a desa's routing rules (the village head's, in the app)."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import Position, User
from assignments.models import RoutingPolicy
from complaints.models import Category
from regions.models import Region


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
