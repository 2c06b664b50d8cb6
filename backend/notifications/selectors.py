"""Reads of a user's own in-app notifications and notice preferences (no other user's, ever)."""

from django.db.models import QuerySet

from accounts.models import Membership, Role, User
from common.errors import NotAllowed, NotFound
from notifications.models import (
    PREFERENCE_DEFAULT,
    Channel,
    Kind,
    Notification,
    NotificationPreference,
)
from notifications.services import NOTICE_ROLES


def notification_list(*, actor: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=actor, channel=Channel.IN_APP).order_by(
        "-created_at", "-id"
    )


def notification_unread_count(*, actor: User) -> int:
    return notification_list(actor=actor).filter(read_at__isnull=True).count()


def notification_get(*, actor: User, pk: int) -> Notification:
    """One of the actor's in-app notifications; 404 for anyone else's."""
    row = notification_list(actor=actor).filter(pk=pk).first()
    if row is None:
        raise NotFound()
    return row


def preference_kinds(*, actor: User) -> list[str]:
    """The kinds of notice the actor may choose for: those of the roles they hold (the
    digest for a village head only). 403 for an account that receives no staff notices."""
    roles = set(
        Membership.objects.filter(user=actor, role__in=NOTICE_ROLES).values_list("role", flat=True)
    )
    if not roles:
        raise NotAllowed()
    return [k for k in Kind.values if k != Kind.DIGEST or Role.VILLAGE_HEAD in roles]


def preferences_of(*, actor: User) -> dict:
    """The actor's choice for every kind they receive (defaults filled in), the digest's
    state (None when they may not have one), and which channels their account can reach."""
    kinds = preference_kinds(actor=actor)
    rows = {r.kind: r for r in NotificationPreference.objects.filter(user=actor)}
    shown = []
    for kind in kinds:
        row = rows.get(kind)
        values = {"email": row.email, "whatsapp": row.whatsapp} if row else PREFERENCE_DEFAULT
        shown.append({"kind": kind, "label": str(Kind(kind).label), **values})
    return {
        "kinds": shown,
        "daily_digest": (Kind.DIGEST in rows) if Kind.DIGEST in kinds else None,
        "email_address": bool(actor.email),
        "whatsapp_number": bool(actor.phone),
    }
