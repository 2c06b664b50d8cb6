from rest_framework import serializers


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
