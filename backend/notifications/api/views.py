from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from common.api import BaseApi, ListMixin, errors
from common.schema import links
from notifications import selectors, services
from notifications.api.serializers import (
    MarkedReadOut,
    NotificationOut,
    NotificationPreferencesIn,
    NotificationPreferencesOut,
    UnreadCountOut,
)
from notifications.messages import render


def _present(rows) -> list[dict]:
    language = get_language()
    shown = []
    for row in rows:
        message = render(row.template, row.payload, language)
        shown.append(
            {
                "id": row.pk,
                "template": row.template,
                "title": message.subject,
                "body": "\n\n".join(message.paragraphs),
                "tracking_code": row.payload.get("code"),
                "created_at": row.created_at,
                "read_at": row.read_at,
            }
        )
    return shown


class NotificationListApi(ListMixin, BaseApi):
    @extend_schema(
        operation_id="notifications_list",
        extensions=links(200, notifications_mark_read={"id": "$response.body#/results/0/id"}),
        responses={200: NotificationOut(many=True), **errors(401)},
        summary="My in-app notifications, newest first, in the request's language.",
    )
    def get(self, request):
        rows = selectors.notification_list(actor=request.user)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(rows, request, view=self)
        return paginator.get_paginated_response(NotificationOut(_present(page), many=True).data)


class NotificationUnreadCountApi(BaseApi):
    @extend_schema(
        operation_id="notifications_unread_count",
        responses={200: UnreadCountOut, **errors(401)},
        summary="How many of my in-app notifications are unread.",
    )
    def get(self, request):
        unread = selectors.notification_unread_count(actor=request.user)
        return Response(UnreadCountOut({"unread": unread}).data)


class NotificationMarkReadApi(BaseApi):
    @extend_schema(
        operation_id="notifications_mark_read",
        request=None,
        responses={200: MarkedReadOut, **errors(401, 404)},
        summary="Mark one of my notifications read (idempotent).",
    )
    def post(self, request, pk: int):
        selectors.notification_get(actor=request.user, pk=pk)
        marked = services.notification_mark_read(actor=request.user, notification_id=pk)
        return Response(MarkedReadOut({"marked": marked}).data)


class NotificationMarkAllReadApi(BaseApi):
    @extend_schema(
        operation_id="notifications_mark_all_read",
        request=None,
        responses={200: MarkedReadOut, **errors(401)},
        summary="Mark all my notifications read.",
    )
    def post(self, request):
        marked = services.notification_mark_read(actor=request.user)
        return Response(MarkedReadOut({"marked": marked}).data)


class NotificationPreferencesApi(BaseApi):
    """The logged-in staff member's own choices: there is no way to name another user."""

    @extend_schema(
        operation_id="notification_preferences_retrieve",
        responses={200: NotificationPreferencesOut, **errors(401, 403)},
        summary="How I receive each kind of notice (in the app always; email, WhatsApp).",
    )
    def get(self, request):
        prefs = selectors.preferences_of(actor=request.user)
        return Response(NotificationPreferencesOut(prefs).data)

    @extend_schema(
        operation_id="notification_preferences_update",
        request=NotificationPreferencesIn,
        responses={200: NotificationPreferencesOut, **errors(400, 401, 403)},
        summary="Choose, per kind of notice, email and WhatsApp; the village head's digest.",
    )
    def put(self, request):
        allowed = selectors.preference_kinds(actor=request.user)
        data = NotificationPreferencesIn(data=request.data)
        data.is_valid(raise_exception=True)
        kinds = data.validated_data.get("kinds", [])
        digest = data.validated_data.get("daily_digest")
        only_heads = _("Only a village head receives the daily digest.")
        if digest is not None and "digest" not in allowed:
            raise ValidationError({"daily_digest": only_heads})
        if any(k["kind"] not in allowed for k in kinds):
            raise ValidationError({"kinds": only_heads})
        services.preferences_set(
            actor=request.user,
            kinds=[services.PreferenceIn(**k) for k in kinds],
            daily_digest=digest,
        )
        return Response(
            NotificationPreferencesOut(selectors.preferences_of(actor=request.user)).data
        )
