from django.urls import path

from notifications.api import views

urlpatterns = [
    path(
        "me/notification-preferences/",
        views.NotificationPreferencesApi.as_view(),
        name="notification-preferences",
    ),
    path("notifications/", views.NotificationListApi.as_view(), name="notifications"),
    path(
        "notifications/unread-count/",
        views.NotificationUnreadCountApi.as_view(),
        name="notifications-unread-count",
    ),
    path(
        "notifications/read-all/",
        views.NotificationMarkAllReadApi.as_view(),
        name="notifications-read-all",
    ),
    path(
        "notifications/<int:pk>/read/",
        views.NotificationMarkReadApi.as_view(),
        name="notification-read",
    ),
]
