from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from accounts import hooks as accounts_hooks
        from complaints import hooks
        from notifications import services

        # The codes accounts issues, and the warning to a registered number's owner.
        accounts_hooks.connect(accounts_hooks.Point.SIGNUP_CODE_ISSUED, services.notify_signup_code)
        accounts_hooks.connect(
            accounts_hooks.Point.SIGNUP_ON_REGISTERED_NUMBER, services.notify_signup_attempt
        )
        accounts_hooks.connect(
            accounts_hooks.Point.PASSWORD_RESET_CODE_ISSUED, services.notify_password_reset
        )

        hooks.connect(hooks.Point.MOVED, services.notify_transition, order=hooks.Order.TELL)
        hooks.connect(
            hooks.Point.UNSEEN_BY_OFFICE, services.notify_new_complaint, order=hooks.Order.TELL
        )
        hooks.connect(
            hooks.Point.PIN_SENT, services.notify_pin_sent_by_office, order=hooks.Order.TELL
        )
