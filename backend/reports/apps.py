from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from complaints import hooks
        from reports.rollup import rollup_on_move, rollup_on_note

        hooks.connect(hooks.Point.MOVED, rollup_on_move, order=hooks.Order.COUNT)
        hooks.connect(hooks.Point.NOTED, rollup_on_note, order=hooks.Order.COUNT)
