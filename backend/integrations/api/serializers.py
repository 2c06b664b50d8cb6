"""Shapes of the integrations API. Application-facing outputs (`Client…Out`) carry no field
that could hold reporter identity: no name, NIK, phone, address, e-mail or account."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api import StrictIn
from complaints.models import Category, Complaint
from complaints.state import Status
from integrations.models import (
    ApiClient,
    ApiClientAudit,
    ApiKey,
    AuditAction,
    DeliveryState,
    Scope,
    WebhookAttempt,
    WebhookEventType,
    WebhookMessage,
    WebhookSubscription,
)
from regions.api.serializers import RegionRefOut
from register.models import RegisterEntry
from register.selectors import register_number_of

# --- Managing applications (people, JWT) -------------------------------------------


@extend_schema_field(
    {"type": "array", "items": {"$ref": "#/components/schemas/ScopesEnum"}, "minItems": 1}
)
class _ScopesField(serializers.ListField):
    pass


class ApiClientCreateIn(StrictIn):
    name = serializers.CharField(max_length=100)
    region = serializers.CharField(
        max_length=13, help_text="Kemendagri code of a desa, kecamatan or kabupaten."
    )
    scopes = _ScopesField(child=serializers.ChoiceField(choices=Scope.choices), allow_empty=False)
    # No default: '' would not be a valid `email` in the schema; the service defaults it.
    contact_email = serializers.EmailField(
        required=False, allow_blank=True, help_text="Told when a webhook fails."
    )
    rate_per_minute = serializers.IntegerField(min_value=1, max_value=6000, default=120)


class ApiKeyOut(serializers.ModelSerializer):
    class Meta:
        model = ApiKey
        fields = ["prefix", "created_at", "revoked_at", "last_used_at", "last_used_ip"]


class ApiClientOut(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    region = RegionRefOut()
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=Scope.choices))
    # Declared: the model field's bounds differ between PostgreSQL and SQLite, and the
    # committed schema must not depend on which database generated it.
    rate_per_minute = serializers.IntegerField()
    keys = ApiKeyOut(many=True)

    class Meta:
        model = ApiClient
        fields = [
            "id", "name", "region", "scopes", "contact_email", "rate_per_minute", "created_at",
            "revoked_at", "keys",
        ]  # fmt: skip


class ApiKeyIssuedOut(serializers.Serializer):
    key = serializers.CharField(
        help_text="The key itself. Shown only in this response: store it now."
    )
    prefix = serializers.CharField()
    created_at = serializers.DateTimeField()


class ApiClientCreatedOut(ApiClientOut):
    issued_key = ApiKeyIssuedOut()

    class Meta(ApiClientOut.Meta):
        fields = [*ApiClientOut.Meta.fields, "issued_key"]


class ApiClientAuditOut(serializers.ModelSerializer):
    action = serializers.ChoiceField(choices=AuditAction.choices)
    actor = serializers.CharField(source="actor.username", allow_null=True, default=None)

    class Meta:
        model = ApiClientAudit
        fields = ["action", "actor", "key_prefix", "detail", "at"]


# --- What applications read (API key) ----------------------------------------------
class ClientSelfOut(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    region = RegionRefOut()
    scopes = serializers.ListField(child=serializers.ChoiceField(choices=Scope.choices))
    rate_per_minute = serializers.IntegerField()

    class Meta:
        model = ApiClient
        fields = ["id", "name", "region", "scopes", "rate_per_minute"]


class ClientCategoryOut(serializers.ModelSerializer):
    class Meta:
        model = Category
        fields = ["slug", "name"]


class ClientComplaintOut(serializers.ModelSerializer):
    desa = RegionRefOut()
    category = ClientCategoryOut()
    status = serializers.ChoiceField(choices=Status.choices)
    register_number = serializers.SerializerMethodField()
    deadline = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "tracking_code", "desa", "kind", "category", "channel", "title", "description",
            "location_text", "latitude", "longitude", "status", "priority", "anonymous",
            "assigned_position", "answer", "register_number", "deadline", "submitted_at",
            "received_at", "answered_at", "closed_at", "updated_at",
        ]  # fmt: skip

    def get_register_number(self, complaint: Complaint) -> str | None:
        return register_number_of(complaint)

    def get_deadline(self, complaint: Complaint) -> str | None:
        sla = getattr(complaint, "sla", None) if complaint.received_at else None
        if sla is None:
            return None
        return serializers.DateTimeField().to_representation(sla.deadline)


class ClientComplaintQueryIn(serializers.Serializer):
    desa = serializers.CharField(required=False, max_length=13)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    updated_since = serializers.DateTimeField(required=False)


class ClientRegisterEntryOut(serializers.ModelSerializer):
    year = serializers.IntegerField()  # declared: see ApiClientOut.rate_per_minute
    number = serializers.IntegerField()
    register_number = serializers.SerializerMethodField()
    tracking_code = serializers.CharField(source="complaint.tracking_code")
    category = ClientCategoryOut()
    status = serializers.ChoiceField(source="complaint.status", choices=Status.choices)

    class Meta:
        model = RegisterEntry
        fields = [
            "year", "number", "register_number", "tracking_code", "received_at", "channel",
            "category", "summary", "anonymous", "status",
        ]  # fmt: skip

    def get_register_number(self, entry: RegisterEntry) -> str:
        complaint = entry.complaint
        complaint.desa = entry.desa
        complaint.register_entry = entry
        return register_number_of(complaint) or ""


class ClientRegisterQueryIn(serializers.Serializer):
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


# --- Webhooks (applications, `webhooks:manage`) -----------------------------------------
class WebhookSubscribeIn(StrictIn):
    url = serializers.URLField(max_length=500)
    events = serializers.ListField(
        child=serializers.ChoiceField(
            choices=[c for c in WebhookEventType.choices if c[0] != WebhookEventType.PING]
        ),
        allow_empty=False,
    )


class WebhookOut(serializers.ModelSerializer):
    id = serializers.CharField(source="public_id")
    events = serializers.ListField(child=serializers.CharField())

    class Meta:
        model = WebhookSubscription
        fields = ["id", "url", "events", "created_at", "failing_since", "disabled_at"]


class WebhookSecretOut(WebhookOut):
    secret = serializers.CharField(
        help_text="The signing secret (whsec_…). Shown only in this response: store it now."
    )

    class Meta(WebhookOut.Meta):
        fields = [*WebhookOut.Meta.fields, "secret"]


class WebhookAttemptOut(serializers.ModelSerializer):
    status_code = serializers.IntegerField(allow_null=True)  # see ApiClientOut.rate_per_minute

    class Meta:
        model = WebhookAttempt
        fields = ["at", "status_code", "error"]


class WebhookMessageOut(serializers.ModelSerializer):
    id = serializers.CharField(source="msg_id", help_text="The webhook-id of every attempt.")
    event_type = serializers.ChoiceField(choices=WebhookEventType.choices)
    state = serializers.ChoiceField(choices=DeliveryState.choices)
    attempts = serializers.IntegerField()
    log = WebhookAttemptOut(many=True)

    class Meta:
        model = WebhookMessage
        fields = [
            "id", "event_type", "state", "attempts", "created_at", "delivered_at",
            "next_attempt_at", "payload", "log",
        ]  # fmt: skip
