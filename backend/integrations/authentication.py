"""`Authorization: Bearer pdk_…`: an application's key, beside the people's JWTs.

The class only claims bearer values that start with `pdk_`, so it can sit in front of the
JWT class in one `authentication_classes` list; every other token falls through to JWT.
A request it authenticates carries a `ClientActor` as `request.user`: it is no `User`,
holds no membership, and so passes no check written for people.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from integrations.keys import key_matches, key_prefix, looks_like_key
from integrations.models import ApiClient, ApiKey
from integrations.services import api_key_touch


@dataclass(eq=False)
class ClientActor:
    """The caller of a request made with an application's key."""

    client: ApiClient
    key: ApiKey

    is_authenticated = True
    is_anonymous = False
    is_active = True
    is_staff = False
    is_superuser = False
    pk = None  # not a person: request logs carry no user id for it

    @property
    def api_client_id(self) -> str:
        return self.client.public_id


def client_for_key(raw: str) -> tuple[ApiClient, ApiKey] | None:
    """The active client and key that `raw` belongs to, or None — one query."""
    prefix = key_prefix(raw)
    if prefix is None:
        return None
    key = (
        ApiKey.objects.select_related("client__region")
        .filter(prefix=prefix, revoked_at__isnull=True, client__revoked_at__isnull=True)
        .first()
    )
    if key is None or not key_matches(raw, key.digest):
        return None
    return key.client, key


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


class ApiKeyAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if len(header) != 2 or header[0].decode(errors="replace") != self.keyword:
            return None
        raw = header[1].decode(errors="replace")
        if not looks_like_key(raw):
            return None  # a JWT: the next class's business
        return self.authenticate_key(request, raw)

    def authenticate_key(self, request, raw: str) -> tuple[ClientActor, ApiKey]:
        found = client_for_key(raw)
        if found is None:
            raise exceptions.AuthenticationFailed(_("This API key is not valid or was revoked."))
        client, key = found
        api_key_touch(key=key, ip=client_ip(request))
        return ClientActor(client, key), key

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class ApiKeyScheme(OpenApiAuthenticationExtension):
    target_class = "integrations.authentication.ApiKeyAuthentication"
    name = "apiKeyAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "bearerFormat": "pdk_<prefix>_<secret>",
            "description": (
                "An application's API key, issued by a village head or an admin "
                "(`/api/v1/api-clients/`). Shown once; send it as `Authorization: Bearer "
                "pdk_…`. Each operation lists the scope it needs."
            ),
        }
