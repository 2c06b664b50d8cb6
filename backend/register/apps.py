from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegisterConfig(AppConfig):
    name = "register"
    verbose_name = _("Register book")

    def ready(self) -> None:
        from complaints import hooks
        from register.services import register_on_move

        hooks.connect(hooks.Point.MOVED, register_on_move, order=hooks.Order.REGISTER)
