from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from complaints import hooks
        from notifications import services

        hooks.connect(hooks.Point.MOVED, services.notify_transition, order=hooks.Order.TELL)
        hooks.connect(
            hooks.Point.UNSEEN_BY_OFFICE, services.notify_new_complaint, order=hooks.Order.TELL
        )
        hooks.connect(
            hooks.Point.PIN_SENT, services.notify_pin_sent_by_office, order=hooks.Order.TELL
        )
