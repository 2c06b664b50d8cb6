"""Reads of the integrations app, given the actor: a person managing applications, or an
application reading its region (`accounts.scoping` decides both)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet

from accounts.models import User
from accounts.scoping import (
    client_desa,
    client_require_scope,
    client_sees_desa,
    manageable_clients,
    may_manage_clients,
    visible_complaints_for_client,
)
from common.errors import NotAllowed, NotFound
from complaints.models import Complaint
from integrations.models import ApiClient, ApiClientAudit, ApiKey, Scope
from regions.models import Region
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
