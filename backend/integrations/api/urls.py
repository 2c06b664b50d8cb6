from django.urls import path

from integrations.api import views

urlpatterns = [
    path("api-clients/", views.ApiClientListApi.as_view(), name="api-clients"),
    path("api-clients/<str:client_id>/", views.ApiClientDetailApi.as_view(), name="api-client"),
    path(
        "api-clients/<str:client_id>/revoke/",
        views.ApiClientRevokeApi.as_view(),
        name="api-client-revoke",
    ),
    path(
        "api-clients/<str:client_id>/keys/",
        views.ApiKeyRotateApi.as_view(),
        name="api-client-keys",
    ),
    path(
        "api-clients/<str:client_id>/keys/<str:prefix>/revoke/",
        views.ApiKeyRevokeApi.as_view(),
        name="api-client-key-revoke",
    ),
    path(
        "api-clients/<str:client_id>/audit/",
        views.ApiClientAuditApi.as_view(),
        name="api-client-audit",
    ),
    path(
        "api-clients/<str:client_id>/webhooks/",
        views.ApiClientWebhookListApi.as_view(),
        name="api-client-webhooks",
    ),
    path(
        "api-clients/<str:client_id>/webhooks/<str:webhook_id>/deliveries/",
        views.ApiClientWebhookDeliveryListApi.as_view(),
        name="api-client-webhook-deliveries",
    ),
    path("client/me/", views.ClientSelfApi.as_view(), name="client-me"),
    path("client/complaints/", views.ClientComplaintListApi.as_view(), name="client-complaints"),
    path(
        "client/complaints/<str:code>/",
        views.ClientComplaintDetailApi.as_view(),
        name="client-complaint",
    ),
    path(
        "client/desa/<str:code>/register/",
        views.ClientRegisterListApi.as_view(),
        name="client-register",
    ),
    path("client/webhooks/", views.WebhookListApi.as_view(), name="client-webhooks"),
    path(
        "client/webhooks/<str:webhook_id>/",
        views.WebhookDetailApi.as_view(),
        name="client-webhook",
    ),
    path(
        "client/webhooks/<str:webhook_id>/secret/",
        views.WebhookSecretRotateApi.as_view(),
        name="client-webhook-secret",
    ),
    path(
        "client/webhooks/<str:webhook_id>/enable/",
        views.WebhookEnableApi.as_view(),
        name="client-webhook-enable",
    ),
    path(
        "client/webhooks/<str:webhook_id>/ping/",
        views.WebhookPingApi.as_view(),
        name="client-webhook-ping",
    ),
    path(
        "client/webhooks/<str:webhook_id>/deliveries/",
        views.WebhookDeliveryListApi.as_view(),
        name="client-webhook-deliveries",
    ),
    path(
        "client/webhooks/<str:webhook_id>/deliveries/<str:msg_id>/redeliver/",
        views.WebhookRedeliverApi.as_view(),
        name="client-webhook-redeliver",
    ),
]
