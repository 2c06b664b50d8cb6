"""Applications made through the real service, with their key as the caller would hold it."""

from rest_framework.test import APIClient

from accounts.models import Role
from integrations.models import ApiClient, Scope
from integrations.services import api_client_create
from tests.accounts.factories import user_with

ALL_SCOPES = list(Scope.values)


def application(region, *scopes: str, rate_per_minute: int = 120) -> tuple[ApiClient, str]:
    """An application of `region` holding `scopes` (all of them when none is given), and
    its raw key."""
    creator = user_with(Role.ADMIN, None)
    client, issued = api_client_create(
        actor=creator,
        name=f"Portal {region.name}",
        region_code=region.code,
        scopes=list(scopes) or ALL_SCOPES,
        rate_per_minute=rate_per_minute,
    )
    return client, issued.raw


def keyed(raw_key: str) -> APIClient:
    """An HTTP client sending `raw_key` as an application does."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {raw_key}")
    return client
