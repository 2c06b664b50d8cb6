from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class IntegrationsConfig(AppConfig):
    name = "integrations"
    verbose_name = _("Integrations")

    def ready(self) -> None:
        from complaints import hooks
        from complaints.models import Category
        from integrations.open311.listing import listing_on_complaint, listing_on_save
        from integrations.webhooks import webhooks_on_submit, webhooks_on_transition
        from regions.models import Region
        from sla.models import CalendarChange

        hooks.connect(hooks.Point.SUBMITTED, webhooks_on_submit, order=hooks.Order.PUBLISH)
        hooks.connect(hooks.Point.MOVED, webhooks_on_transition, order=hooks.Order.PUBLISH)
        # What Open311 lists changed: its remembered ETags are asked again.
        for point in (hooks.Point.SUBMITTED, hooks.Point.MOVED, hooks.Point.NOTED):
            hooks.connect(point, listing_on_complaint, order=hooks.Order.PUBLISH)
        for model in (Category, Region, CalendarChange):
            uid = f"open311-listing-{model.__name__}"
            post_save.connect(listing_on_save, sender=model, dispatch_uid=uid)
            post_delete.connect(listing_on_save, sender=model, dispatch_uid=uid)
