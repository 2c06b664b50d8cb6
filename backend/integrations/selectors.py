"""Reads of the integrations app, given the actor: a person managing applications, or an
application reading its region (`integrations/access.py` decides both)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Prefetch, Q, QuerySet

from accounts.models import User
from common.clock import current_time
from common.errors import NotAllowed, NotFound
from complaints.models import Category, Complaint
from complaints.state import Status
from integrations.access import (
    client_desa,
    client_require_scope,
    client_sees_desa,
    manageable_clients,
    may_manage_clients,
    visible_complaints_for_client,
)
from integrations.models import (
    ApiClient,
    ApiClientAudit,
    ApiKey,
    ApiSubmission,
    Scope,
    WebhookMessage,
    WebhookSubscription,
)
from regions.models import Level, Region
from register.models import RegisterEntry


def api_client_list(*, actor: User) -> QuerySet[ApiClient]:
    if not may_manage_clients(actor):
        raise NotAllowed()
    return (
        manageable_clients(actor)
        .select_related("region")
        .prefetch_related(Prefetch("keys", queryset=ApiKey.objects.order_by("created_at", "id")))
    )


def api_client_get(*, actor: User, public_id: str) -> ApiClient:
    client = api_client_list(actor=actor).filter(public_id=public_id).first()
    if client is None:
        raise NotFound()
    return client


def api_key_get(*, client: ApiClient, prefix: str) -> ApiKey:
    key = next((key for key in client.keys.all() if key.prefix == prefix), None)
    if key is None:
        raise NotFound()
    key.client = client
    return key


def api_client_audit(*, client: ApiClient) -> QuerySet[ApiClientAudit]:
    return ApiClientAudit.objects.filter(client=client).select_related("actor")


@dataclass(frozen=True)
class ClientComplaintFilters:
    desa: str | None = None
    status: str | None = None
    updated_since: datetime | None = None


def _client_complaints(client: ApiClient) -> QuerySet[Complaint]:
    # Only what the de-identified presenter reads; `ReporterIdentity` is never joined.
    return (
        visible_complaints_for_client(client, scope=Scope.COMPLAINTS_READ)
        .exclude(status=Status.SPAM)  # dismissed spam is nobody's to read
        .select_related("desa__register_settings", "category", "register_entry", "sla")
        .order_by("-submitted_at", "-id")
    )


def client_complaint_list(
    *, client: ApiClient, filters: ClientComplaintFilters
) -> QuerySet[Complaint]:
    complaints = _client_complaints(client)
    if filters.desa:
        complaints = complaints.filter(desa__code=filters.desa)
    if filters.status:
        complaints = complaints.filter(status=filters.status)
    if filters.updated_since:
        complaints = complaints.filter(updated_at__gte=filters.updated_since)
    return complaints


def client_complaint_get(*, client: ApiClient, code: str) -> Complaint:
    complaint = _client_complaints(client).filter(tracking_code=code.upper()).first()
    if complaint is None:
        raise NotFound()
    return complaint


def client_register_desa(*, client: ApiClient, desa_code: str) -> Region:
    client_require_scope(client, Scope.REGISTER_READ)
    desa = client_desa(client).filter(code=desa_code).first()
    if desa is None or not client_sees_desa(client, desa):
        raise NotFound()
    return desa


def client_register_entries(*, desa: Region, year: int | None) -> QuerySet[RegisterEntry]:
    entries = RegisterEntry.objects.filter(desa=desa)
    if year:
        entries = entries.filter(year=year)
    return entries.select_related("complaint", "category", "desa__register_settings").order_by(
        "year", "number"
    )


# --- Open311 GeoReport v2 --------------------------------------------------------------
# Requests are read from the last 90 days unless a window is given, a window spans at most
# 90 days, and one answer holds at most 1 000 requests (the specification's defaults).
OPEN311_WINDOW = timedelta(days=90)
OPEN311_MAX_ROWS = 1000


def open311_jurisdiction(*, code: str) -> Region:
    desa = Region.objects.filter(code=code, level=Level.DESA).first()
    if desa is None:
        raise NotFound()
    return desa


def open311_services(*, desa: Region) -> QuerySet[Category]:
    return (
        Category.objects.filter(desa=desa, active=True)
        .select_related("desa")
        .order_by("order", "name")
    )


def open311_service(*, desa: Region, code: str) -> Category:
    category = open311_services(desa=desa).filter(slug=code).first()
    if category is None:
        raise NotFound()
    return category


@dataclass(frozen=True)
class Open311Query:
    ids: list[str] = field(default_factory=list)
    service_codes: list[str] = field(default_factory=list)
    statuses: list[str] = field(default_factory=list)  # open / closed
    start: datetime | None = None
    end: datetime | None = None


# The columns one service request shows: a page of 1 000 is read as plain rows, not as
# Complaint, Category, RegisterEntry and ComplaintSla instances (four model objects a row
# cost ~0.5 ms; bench/README.md, Open311).
OPEN311_COLUMNS = (
    "tracking_code", "status", "description", "location_text", "latitude", "longitude",
    "assigned_position", "submitted_at", "received_at", "closed_at", "updated_at",
    "category__name", "category__slug", "register_entry__year", "register_entry__number",
    "sla__deadline",
)  # fmt: skip


def open311_requests(*, desa: Region, query: Open311Query) -> list[dict]:
    """The desa's requests as rows of `OPEN311_COLUMNS`, as `open311_request_page` picks
    them. One query."""
    return list(open311_request_page(desa=desa, query=query).values(*OPEN311_COLUMNS))


def open311_request_page(*, desa: Region, query: Open311Query) -> QuerySet[Complaint]:
    """The desa's requests one answer lists. Given ids, exactly those (the other filters are
    ignored, as the specification says); otherwise the window (90 days back by default),
    services and statuses, newest first, at most 1 000. Also the page the statement of
    `open311.listing` builds its JSON from, so both read the same rows."""
    # Dismissed spam is the office's to purge, never anybody's to read.
    complaints = Complaint.objects.filter(desa=desa).exclude(status=Status.SPAM)
    if query.ids:
        complaints = complaints.filter(tracking_code__in=[code.upper() for code in query.ids])
    else:
        end = query.end or current_time()
        start = query.start or end - OPEN311_WINDOW
        complaints = complaints.filter(submitted_at__gte=start, submitted_at__lte=end)
        if query.service_codes:
            complaints = complaints.filter(category__slug__in=query.service_codes)
        if query.statuses and set(query.statuses) != {"open", "closed"}:
            closed = Q(
                status__in=[Status.CLOSED, Status.REJECTED, Status.DUPLICATE, Status.FORWARDED]
            )
            complaints = complaints.filter(closed if "closed" in query.statuses else ~closed)
    return complaints.order_by("-submitted_at", "-id")[:OPEN311_MAX_ROWS]


def open311_token(*, desa: Region, token: str) -> ApiSubmission:
    submission = (
        ApiSubmission.objects.filter(token=token, complaint__desa=desa)
        .select_related("complaint")
        .first()
    )
    if submission is None:
        raise NotFound()
    return submission


# --- Webhooks ----------------------------------------------------------------------------
def client_webhooks(*, client: ApiClient) -> QuerySet[WebhookSubscription]:
    client_require_scope(client, Scope.WEBHOOKS_MANAGE)
    return WebhookSubscription.objects.filter(client=client).order_by("created_at", "id")


def client_webhook_get(*, client: ApiClient, public_id: str) -> WebhookSubscription:
    subscription = client_webhooks(client=client).filter(public_id=public_id).first()
    if subscription is None:
        raise NotFound()
    subscription.client = client
    return subscription


def api_client_webhooks(*, client: ApiClient) -> QuerySet[WebhookSubscription]:
    """A managed application's subscriptions, for the people managing it (read-only: the
    application itself subscribes, rotates and redelivers with its key)."""
    return WebhookSubscription.objects.filter(client=client).order_by("created_at", "id")


def api_client_webhook_get(*, client: ApiClient, public_id: str) -> WebhookSubscription:
    subscription = api_client_webhooks(client=client).filter(public_id=public_id).first()
    if subscription is None:
        raise NotFound()
    return subscription


def webhook_messages(*, subscription: WebhookSubscription) -> QuerySet[WebhookMessage]:
    return (
        WebhookMessage.objects.filter(subscription=subscription)
        .prefetch_related("log")
        .order_by("-created_at", "-id")
    )


def webhook_message_get(*, subscription: WebhookSubscription, msg_id: str) -> WebhookMessage:
    message = WebhookMessage.objects.filter(subscription=subscription, msg_id=msg_id).first()
    if message is None:
        raise NotFound()
    return message
