"""Reads of a user's own in-app notifications (no other user's, ever)."""

from django.db.models import QuerySet

from accounts.models import User
from common.errors import NotFound
from notifications.models import Channel, Notification


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
