from django.contrib import admin

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    # Read-only: the outbox is written by services; `address` (possibly a reporter's) is
    # not shown.
    list_display = ["created_at", "template", "channel", "recipient", "state", "attempts"]
    list_filter = ["state", "channel", "template"]
    fields = [
        "created_at", "template", "channel", "recipient", "complaint", "language", "state",
        "attempts", "last_error", "next_attempt_at", "sent_at", "read_at", "idempotency_key",
    ]  # fmt: skip
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
