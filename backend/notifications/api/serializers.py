from rest_framework import serializers

from common.api import StrictIn
from notifications.models import Kind


class NotificationOut(serializers.Serializer):
    id = serializers.IntegerField()
    template = serializers.CharField(help_text="What happened: received, assigned, reminder…")
    title = serializers.CharField(help_text="In the request's language.")
    body = serializers.CharField()
    tracking_code = serializers.CharField(allow_null=True)
    created_at = serializers.DateTimeField()
    read_at = serializers.DateTimeField(allow_null=True)


class UnreadCountOut(serializers.Serializer):
    unread = serializers.IntegerField()


class MarkedReadOut(serializers.Serializer):
    marked = serializers.IntegerField(help_text="How many were unread and are now read.")


class NotificationPreferenceOut(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Kind.choices)
    label = serializers.CharField(help_text="In the request's language.")
    email = serializers.BooleanField(help_text="Also by email (when the account has one).")
    whatsapp = serializers.BooleanField(help_text="Also by WhatsApp (to the account's phone).")


class NotificationPreferencesOut(serializers.Serializer):
    kinds = NotificationPreferenceOut(
        many=True, help_text="Every kind of notice the user receives; in the app always."
    )
    daily_digest = serializers.BooleanField(
        allow_null=True,
        help_text="The village head's daily digest on or off; null for anyone else.",
    )
    email_address = serializers.BooleanField(help_text="The account has an email address.")
    whatsapp_number = serializers.BooleanField(help_text="The account has a phone number.")


class NotificationPreferenceIn(StrictIn):
    kind = serializers.ChoiceField(choices=Kind.choices)
    email = serializers.BooleanField()
    whatsapp = serializers.BooleanField()


class NotificationPreferencesIn(StrictIn):
    kinds = NotificationPreferenceIn(
        many=True, required=False, help_text="Kinds left out keep their choice."
    )
    daily_digest = serializers.BooleanField(
        required=False, help_text="Village heads only: one message a day (new, overdue, escalated)."
    )
