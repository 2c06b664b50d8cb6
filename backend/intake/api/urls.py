from django.urls import path

from intake.api import views

# Meta's webhook, routed by config/urls.py ahead of every other API route: a notification
# per message makes it the most frequent request, and Django tries the routes in order.
webhook_urlpatterns = [
    path(
        "channels/whatsapp/webhook/",
        views.WhatsAppWebhookApi.as_view(),
        name="whatsapp-webhook",
    ),
]

urlpatterns = [
    path("drafts/", views.DraftsApi.as_view(), name="drafts"),
    path("drafts/<int:draft_id>/", views.DraftDetailApi.as_view(), name="draft-detail"),
    path("drafts/<int:draft_id>/convert/", views.DraftConvertApi.as_view(), name="draft-convert"),
    path("drafts/<int:draft_id>/dismiss/", views.DraftDismissApi.as_view(), name="draft-dismiss"),
    path("drafts/<int:draft_id>/replies/", views.DraftReplyApi.as_view(), name="draft-replies"),
    path(
        "drafts/<int:draft_id>/media/<str:token>/",
        views.DraftMediaApi.as_view(),
        name="draft-media",
    ),
    path(
        "desa/<str:code>/channel-health/",
        views.ChannelHealthApi.as_view(),
        name="desa-channel-health",
    ),
]
