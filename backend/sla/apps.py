from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SlaConfig(AppConfig):
    name = "sla"
    verbose_name = _("Service levels")

    def ready(self) -> None:
        from complaints import hooks
        from sla.services import sla_on_transition

        hooks.connect(hooks.Point.MOVED, sla_on_transition, order=hooks.Order.CLOCK)
