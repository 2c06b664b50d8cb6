from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from complaints import hooks
        from integrations.webhooks import webhooks_on_submit, webhooks_on_transition

        hooks.connect(hooks.Point.SUBMITTED, webhooks_on_submit, order=hooks.Order.PUBLISH)
        hooks.connect(hooks.Point.MOVED, webhooks_on_transition, order=hooks.Order.PUBLISH)
