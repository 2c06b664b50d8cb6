"""Every read of the intake, given the actor (docs/style.md, Selectors and scoping)."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import Role, User
from accounts.scoping import can_act_in, desa_for
from common.clock import current_time
from common.errors import NotFound
from intake.models import Channel, ChannelHealth, Draft, Message
from regions.models import Level, Region

# The desa's office reads drafts: the intake officers handle them, the village head oversees.
DRAFT_READERS = frozenset({Role.INTAKE_OFFICER, Role.VILLAGE_HEAD})


def drafts_visible(actor: User) -> QuerySet[Draft]:
    return Draft.objects.filter(desa__in=desa_for(actor, DRAFT_READERS))


def draft_list(*, actor: User, state: str = "", channel: str = "") -> QuerySet[Draft]:
    drafts = drafts_visible(actor).select_related("desa", "complaint")
    if state:
        drafts = drafts.filter(state=state)
    if channel:
        drafts = drafts.filter(channel=channel)
    inbound = Q(messages__direction="in")
    return drafts.annotate(message_count=Count("messages", filter=inbound)).order_by(
        "-last_inbound_at", "-id"
    )


def draft_get(*, actor: User, draft_id: int) -> Draft:
    """One draft with its conversation and media; NotFound outside the actor's desa."""
    messages = (
        Message.objects.select_related("notification", "author")
        .prefetch_related("media")
        .order_by("sent_at", "id")
    )
    draft = (
        drafts_visible(actor)
        .select_related("desa", "complaint")
        .prefetch_related(Prefetch("messages", queryset=messages))
        .filter(pk=draft_id)
        .first()
    )
    if draft is None:
        raise NotFound()
    return draft


def draft_media_get(*, actor: User, draft_id: int, token: str):
    draft = draft_get(actor=actor, draft_id=draft_id)
    for message in draft.messages.all():
        for media in message.media.all():
            if media.token == token:
                return media
    raise NotFound()


def channel_health_of(*, actor: User, desa_code: str) -> tuple[Region, list[dict]]:
    """Per channel of the desa: last received, last checked, last error; NotFound unless the
    actor is its village head or an intake officer."""
    desa = Region.objects.filter(code=desa_code, level=Level.DESA).first()
    if desa is None or not can_act_in(actor, DRAFT_READERS, desa):
        raise NotFound()
    quiet_since = current_time() - timedelta(hours=settings.CHANNEL_QUIET_HOURS)
    rows = {row.channel: row for row in ChannelHealth.objects.filter(desa=desa)}
    configured = {
        Channel.WHATSAPP: bool(
            getattr(getattr(desa, "contact", None), "whatsapp_phone_number_id", "")
        ),
        Channel.EMAIL: hasattr(desa, "mailbox") and desa.mailbox.enabled,
    }
    result = []
    for channel in Channel:
        row = rows.get(channel)
        result.append(
            {
                "channel": channel.value,
                "label": str(channel.label),
                "configured": configured[channel],
                "last_received_at": row.last_received_at if row else None,
                "last_checked_at": row.last_checked_at if row else None,
                "last_error": row.last_error if row else "",
                "last_error_at": row.last_error_at if row else None,
                # Configured, yet nothing came for long: a webhook no longer reaching us, a
                # mailbox nobody polls.
                "quiet": configured[channel]
                and not (row and row.last_received_at and row.last_received_at > quiet_since),
            }
        )
    return desa, result
