"""The integrations API: people manage applications (JWT); applications read their region
with their key (`Authorization: Bearer pdk_…`).

Applications get endpoints of their own under `/api/v1/client/` rather than a key on the
staff endpoints: those return what staff may see (the reporter's capacity, staff notes,
names of officials), and a separate, de-identified surface keeps one forgotten branch in a
staff presenter from ever reaching a third party. The visibility itself is decided in
`integrations/access.py`, built on `accounts.scoping` as people's is.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import status
from rest_framework.permissions import BasePermission
from rest_framework.response import Response
from rest_framework.views import APIView

from common.api import BaseApi, ListMixin, errors
from common.schema import links
from integrations import selectors, services, webhooks
from integrations.api.serializers import (
    ApiClientAuditOut,
    ApiClientCreatedOut,
    ApiClientCreateIn,
    ApiClientOut,
    ApiKeyIssuedOut,
    ApiKeyOut,
    ClientComplaintOut,
    ClientComplaintQueryIn,
    ClientRegisterEntryOut,
    ClientRegisterQueryIn,
    ClientSelfOut,
    WebhookMessageOut,
    WebhookOut,
    WebhookSecretOut,
    WebhookSubscribeIn,
)
from integrations.authentication import ApiKeyAuthentication, ClientActor
from integrations.throttling import ApiClientThrottle

MANAGE = ["integrations"]
CLIENT = ["integrations (application)"]


def _issued(issued: services.IssuedKey) -> dict:
    return {"key": issued.raw, "prefix": issued.key.prefix, "created_at": issued.key.created_at}


# --- Managing applications -------------------------------------------------------------
class ApiClientListApi(ListMixin, BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_list",
        extensions=links(200, api_clients_retrieve={"client_id": "$response.body#/results/0/id"}),
        summary="Applications the caller manages (admin: all; village head: their desa's)",
        responses={200: ApiClientOut(many=True), **errors(401, 403)},
    )
    def get(self, request):
        return self.paginated(selectors.api_client_list(actor=request.user), ApiClientOut)

    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_create",
        extensions=links(
            201,
            api_clients_retrieve={"client_id": "$response.body#/id"},
            api_clients_audit_list={"client_id": "$response.body#/id"},
            api_clients_keys_create={"client_id": "$response.body#/id"},
            api_clients_revoke={"client_id": "$response.body#/id"},
            api_clients_webhooks_list={"client_id": "$response.body#/id"},
            api_clients_keys_revoke={
                "client_id": "$response.body#/id",
                "prefix": "$response.body#/issued_key/prefix",
            },
        ),
        summary="Register an application and issue its first key (shown once)",
        request=ApiClientCreateIn,
        responses={201: ApiClientCreatedOut, **errors(400, 401, 403)},
    )
    def post(self, request):
        data = ApiClientCreateIn(data=request.data)
        data.is_valid(raise_exception=True)
        values = dict(data.validated_data)
        values["region_code"] = values.pop("region")
        client, issued = services.api_client_create(actor=request.user, **values)
        client = selectors.api_client_get(actor=request.user, public_id=client.public_id)
        body = {**ApiClientOut(client).data, "issued_key": _issued(issued)}
        return Response(body, status=status.HTTP_201_CREATED)


class ApiClientDetailApi(BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_retrieve",
        summary="One application with its keys (prefixes, last use)",
        responses={200: ApiClientOut, **errors(401, 403, 404)},
    )
    def get(self, request, client_id: str):
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        return Response(ApiClientOut(client).data)


class ApiClientRevokeApi(BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_revoke",
        summary="Switch an application off: every key stops working at once",
        request=None,
        responses={200: ApiClientOut, **errors(401, 403, 404)},
    )
    def post(self, request, client_id: str):
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        services.api_client_revoke(client=client, actor=request.user)
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        return Response(ApiClientOut(client).data)


class ApiKeyRotateApi(BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_keys_create",
        extensions=links(
            201,
            api_clients_keys_revoke={
                "client_id": "$request.path.client_id",
                "prefix": "$response.body#/prefix",
            },
        ),
        summary="Issue a second key for rotation (at most two active; shown once)",
        request=None,
        responses={201: ApiKeyIssuedOut, **errors(401, 403, 404, 409)},
    )
    def post(self, request, client_id: str):
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        issued = services.api_key_rotate(client=client, actor=request.user)
        return Response(ApiKeyIssuedOut(_issued(issued)).data, status=status.HTTP_201_CREATED)


class ApiKeyRevokeApi(BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_keys_revoke",
        summary="Revoke one key; it fails from the next request on",
        request=None,
        responses={200: ApiKeyOut, **errors(401, 403, 404)},
    )
    def post(self, request, client_id: str, prefix: str):
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        key = selectors.api_key_get(client=client, prefix=prefix)
        key = services.api_key_revoke(key=key, actor=request.user)
        return Response(ApiKeyOut(key).data)


class ApiClientAuditApi(ListMixin, BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_audit_list",
        summary="Creation, rotation, revocation and write-scope use of an application",
        responses={200: ApiClientAuditOut(many=True), **errors(401, 403, 404)},
    )
    def get(self, request, client_id: str):
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        return self.paginated(selectors.api_client_audit(client=client), ApiClientAuditOut)


class ApiClientWebhookListApi(ListMixin, BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_webhooks_list",
        summary="An application's webhook subscriptions, read-only (the application manages "
        "them with its key; the signing secret is never shown)",
        responses={200: WebhookOut(many=True), **errors(401, 403, 404)},
    )
    def get(self, request, client_id: str):
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        return self.paginated(selectors.api_client_webhooks(client=client), WebhookOut)


class ApiClientWebhookDeliveryListApi(ListMixin, BaseApi):
    @extend_schema(
        tags=MANAGE,
        operation_id="api_clients_webhooks_deliveries_list",
        summary="The delivery log of an application's subscription, read-only",
        responses={200: WebhookMessageOut(many=True), **errors(401, 403, 404)},
    )
    def get(self, request, client_id: str, webhook_id: str):
        client = selectors.api_client_get(actor=request.user, public_id=client_id)
        subscription = selectors.api_client_webhook_get(client=client, public_id=webhook_id)
        messages = selectors.webhook_messages(subscription=subscription)
        return self.paginated(messages, WebhookMessageOut)


# --- What applications call --------------------------------------------------------
class IsClient(BasePermission):
    message = _("Send an application's API key: Authorization: Bearer pdk_…")

    def has_permission(self, request, view) -> bool:
        return isinstance(request.user, ClientActor)


class ClientApi(APIView):
    # Authenticated by an application's key only; JWTs of people are not accepted here.

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [IsClient]
    throttle_classes = [ApiClientThrottle]


class ClientSelfApi(ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_me",
        summary="The calling application: its region and scopes (no scope needed)",
        responses={200: ClientSelfOut, **errors(401, 429)},
    )
    def get(self, request):
        return Response(ClientSelfOut(request.user.client).data)


class ClientComplaintListApi(ListMixin, ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_complaints_list",
        extensions=links(
            200, client_complaints_retrieve={"code": "$response.body#/results/0/tracking_code"}
        ),
        summary="Complaints of the application's region, de-identified (complaints:read)",
        parameters=[ClientComplaintQueryIn],
        responses={200: ClientComplaintOut(many=True), **errors(400, 401, 403, 429)},
    )
    def get(self, request):
        query = ClientComplaintQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        complaints = selectors.client_complaint_list(
            client=request.user.client,
            filters=selectors.ClientComplaintFilters(**query.validated_data),
        )
        return self.paginated(complaints, ClientComplaintOut)


class ClientComplaintDetailApi(ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_complaints_retrieve",
        summary="One complaint of the region, de-identified (complaints:read)",
        responses={200: ClientComplaintOut, **errors(401, 403, 404, 429)},
    )
    def get(self, request, code: str):
        complaint = selectors.client_complaint_get(client=request.user.client, code=code)
        return Response(ClientComplaintOut(complaint).data)


class ClientRegisterListApi(ListMixin, ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_register_list",
        summary="A desa's register book, de-identified (register:read)",
        parameters=[
            ClientRegisterQueryIn,
            OpenApiParameter("code", str, OpenApiParameter.PATH, description="Desa code."),
        ],
        responses={200: ClientRegisterEntryOut(many=True), **errors(400, 401, 403, 404, 429)},
    )
    def get(self, request, code: str):
        query = ClientRegisterQueryIn(data=request.query_params)
        query.is_valid(raise_exception=True)
        desa = selectors.client_register_desa(client=request.user.client, desa_code=code)
        entries = selectors.client_register_entries(
            desa=desa, year=query.validated_data.get("year")
        )
        return self.paginated(entries, ClientRegisterEntryOut)


# --- Webhooks ----------------------------------------------------------------------------
def _secret_out(issued: services.IssuedSecret) -> dict:
    return {**WebhookOut(issued.subscription).data, "secret": issued.secret}


class WebhookListApi(ListMixin, ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_list",
        extensions=links(
            200, client_webhooks_retrieve={"webhook_id": "$response.body#/results/0/id"}
        ),
        summary="The application's webhook subscriptions (webhooks:manage)",
        responses={200: WebhookOut(many=True), **errors(401, 403, 429)},
    )
    def get(self, request):
        return self.paginated(selectors.client_webhooks(client=request.user.client), WebhookOut)

    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_create",
        extensions=links(
            201,
            client_webhooks_retrieve={"webhook_id": "$response.body#/id"},
            client_webhooks_deliveries_list={"webhook_id": "$response.body#/id"},
            client_webhooks_enable={"webhook_id": "$response.body#/id"},
            client_webhooks_ping={"webhook_id": "$response.body#/id"},
            client_webhooks_secret_rotate={"webhook_id": "$response.body#/id"},
            client_webhooks_destroy={"webhook_id": "$response.body#/id"},
        ),
        summary="Subscribe a URL to events; the signing secret is shown once (webhooks:manage)",
        request=WebhookSubscribeIn,
        responses={201: WebhookSecretOut, **errors(400, 401, 403, 429)},
    )
    def post(self, request):
        data = WebhookSubscribeIn(data=request.data)
        data.is_valid(raise_exception=True)
        issued = services.webhook_subscribe(client=request.user.client, **data.validated_data)
        return Response(_secret_out(issued), status=status.HTTP_201_CREATED)


class WebhookDetailApi(ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_retrieve",
        summary="One webhook subscription (webhooks:manage)",
        responses={200: WebhookOut, **errors(401, 403, 404, 429)},
    )
    def get(self, request, webhook_id: str):
        subscription = selectors.client_webhook_get(
            client=request.user.client, public_id=webhook_id
        )
        return Response(WebhookOut(subscription).data)

    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_destroy",
        summary="Unsubscribe a URL (webhooks:manage)",
        responses={204: None, **errors(401, 403, 404, 429)},
    )
    def delete(self, request, webhook_id: str):
        subscription = selectors.client_webhook_get(
            client=request.user.client, public_id=webhook_id
        )
        services.webhook_unsubscribe(subscription=subscription)
        return Response(status=status.HTTP_204_NO_CONTENT)


class WebhookSecretRotateApi(ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_secret_rotate",
        summary="Replace the signing secret; shown once (webhooks:manage)",
        request=None,
        responses={200: WebhookSecretOut, **errors(401, 403, 404, 429)},
    )
    def post(self, request, webhook_id: str):
        subscription = selectors.client_webhook_get(
            client=request.user.client, public_id=webhook_id
        )
        return Response(_secret_out(services.webhook_secret_rotate(subscription=subscription)))


class WebhookEnableApi(ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_enable",
        summary="Turn a disabled URL on again (webhooks:manage)",
        request=None,
        responses={200: WebhookOut, **errors(400, 401, 403, 404, 429)},
    )
    def post(self, request, webhook_id: str):
        subscription = selectors.client_webhook_get(
            client=request.user.client, public_id=webhook_id
        )
        return Response(WebhookOut(services.webhook_enable(subscription=subscription)).data)


class WebhookPingApi(ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_ping",
        summary="Send a ping event to test the URL (webhooks:manage)",
        request=None,
        responses={202: WebhookMessageOut, **errors(401, 403, 404, 429)},
    )
    def post(self, request, webhook_id: str):
        subscription = selectors.client_webhook_get(
            client=request.user.client, public_id=webhook_id
        )
        message = webhooks.webhook_ping(subscription=subscription)
        return Response(WebhookMessageOut(message).data, status=status.HTTP_202_ACCEPTED)


class WebhookDeliveryListApi(ListMixin, ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_deliveries_list",
        summary="The delivery log: each event, its state and its attempts (webhooks:manage)",
        responses={200: WebhookMessageOut(many=True), **errors(401, 403, 404, 429)},
    )
    def get(self, request, webhook_id: str):
        subscription = selectors.client_webhook_get(
            client=request.user.client, public_id=webhook_id
        )
        messages = selectors.webhook_messages(subscription=subscription)
        return self.paginated(messages, WebhookMessageOut)


class WebhookRedeliverApi(ClientApi):
    @extend_schema(
        tags=CLIENT,
        operation_id="client_webhooks_deliveries_redeliver",
        summary="Send one event again, with the same webhook-id (webhooks:manage)",
        request=None,
        responses={202: WebhookMessageOut, **errors(401, 403, 404, 429)},
    )
    def post(self, request, webhook_id: str, msg_id: str):
        subscription = selectors.client_webhook_get(
            client=request.user.client, public_id=webhook_id
        )
        message = selectors.webhook_message_get(subscription=subscription, msg_id=msg_id)
        message = webhooks.webhook_redeliver(message=message)
        return Response(WebhookMessageOut(message).data, status=status.HTTP_202_ACCEPTED)
