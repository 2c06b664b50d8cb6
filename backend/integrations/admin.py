"""Applications, keys, webhook subscriptions and deliveries in Django's admin: to look, and
to switch an application off. Nothing secret is on any page: keys show their prefix only
(never the digest, and the raw key exists nowhere), subscriptions never their signing
secret. Applications are made in the app (`POST /api/v1/api-clients/`), where the key is
shown once; the admin adds nothing and deletes nothing, so the audit log stays whole.
"""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _

from integrations.models import (
    ApiClient,
    ApiClientAudit,
    ApiKey,
    WebhookAttempt,
    WebhookMessage,
    WebhookSubscription,
)
from integrations.services import api_client_revoke


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class ApiKeyInline(ReadOnlyInline):
    model = ApiKey
    fields = ["prefix", "created_at", "created_by", "revoked_at", "last_used_at", "last_used_ip"]
    readonly_fields = fields


class ApiClientAuditInline(ReadOnlyInline):
    model = ApiClientAudit
    fields = ["at", "action", "actor", "key_prefix", "detail"]
    readonly_fields = fields


class WebhookSubscriptionInline(ReadOnlyInline):
    model = WebhookSubscription
    fields = ["public_id", "url", "events", "created_at", "failing_since", "disabled_at"]
    readonly_fields = fields
    show_change_link = True


@admin.register(ApiClient)
class ApiClientAdmin(ReadOnlyAdmin):
    list_display = ["name", "public_id", "region", "scopes", "rate_per_minute", "revoked_at"]
    list_filter = ["revoked_at"]
    search_fields = ["name", "public_id", "region__name", "region__code"]
    fields = [
        "public_id",
        "name",
        "region",
        "scopes",
        "contact_email",
        "rate_per_minute",
        "created_by",
        "created_at",
        "revoked_at",
    ]
    readonly_fields = fields
    inlines = [ApiKeyInline, WebhookSubscriptionInline, ApiClientAuditInline]
    actions = ["revoke"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("region")

    @admin.action(
        description=_("Revoke the selected applications and all their keys"),
        permissions=["revoke"],
    )
    def revoke(self, request, queryset):
        clients = list(queryset.filter(revoked_at__isnull=True))
        for client in clients:
            api_client_revoke(client=client, actor=request.user)
        self.message_user(
            request, _("%(count)d applications revoked.") % {"count": len(clients)}, messages.INFO
        )

    def has_revoke_permission(self, request) -> bool:
        return request.user.is_superuser or request.user.has_perm("integrations.change_apiclient")


@admin.register(ApiKey)
class ApiKeyAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "client", "created_at", "revoked_at", "last_used_at", "last_used_ip"]
    list_filter = ["revoked_at"]
    search_fields = ["prefix", "client__name", "client__public_id"]
    fields = [*ApiKeyInline.fields[:1], "client", *ApiKeyInline.fields[1:]]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("client")


class WebhookAttemptInline(ReadOnlyInline):
    model = WebhookAttempt
    fields = ["at", "status_code", "error"]
    readonly_fields = fields


@admin.register(WebhookSubscription)
class WebhookSubscriptionAdmin(ReadOnlyAdmin):
    list_display = ["public_id", "client", "url", "created_at", "failing_since", "disabled_at"]
    list_filter = ["disabled_at"]
    search_fields = ["public_id", "url", "client__name"]
    # `secret` is left out on purpose: it signs, and is shown once to the application.
    fields = ["public_id", "client", "url", "events", "created_at", "failing_since", "disabled_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("client")


@admin.register(WebhookMessage)
class WebhookMessageAdmin(ReadOnlyAdmin):
    list_display = ["msg_id", "subscription", "event_type", "state", "attempts", "created_at"]
    list_filter = ["state", "event_type"]
    search_fields = ["msg_id", "subscription__public_id"]
    fields = [
        "msg_id",
        "subscription",
        "event_type",
        "state",
        "attempts",
        "next_attempt_at",
        "delivered_at",
        "created_at",
        "payload",
    ]
    readonly_fields = fields
    inlines = [WebhookAttemptInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("subscription")
