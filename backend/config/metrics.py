"""The apps' gauges on /metrics, computed from their tables when Prometheus scrapes.

`common/metrics.py` serves the scrape but sits in the lowest layer, so it may not read the
outboxes or the SLA clocks; the composition root may, and `config/urls.py` hands these
collectors to `common.metrics.metrics_view`. Labels are states and Kemendagri codes: never
a person, never a complaint code.
"""

from django.db.models import Count, Q
from django.db.models.functions import Substr
from prometheus_client.core import GaugeMetricFamily

from common.clock import current_time
from integrations.models import WebhookMessage
from notifications.models import Notification
from sla.models import ClockState, ComplaintSla

BACKLOG = ("pending", "sending", "failed")


def _backlog(model, name: str, documentation: str) -> GaugeMetricFamily:
    gauge = GaugeMetricFamily(name, documentation, labels=["state"])
    found = dict(
        model.objects.filter(state__in=BACKLOG)
        .order_by()
        .values_list("state")
        .annotate(n=Count("pk"))
    )
    for state in BACKLOG:
        gauge.add_metric([state], found.get(state, 0))
    return gauge


class OutboxCollector:
    """What the notification and webhook outboxes still hold, per state."""

    def collect(self):
        yield _backlog(
            Notification,
            "pengaduan_notifications_outbox",
            "Notifications not sent yet (pending, sending) or given up (failed).",
        )
        yield _backlog(
            WebhookMessage,
            "pengaduan_webhook_outbox",
            "Webhook messages not delivered yet (pending, sending) or given up (failed).",
        )


def _kabupaten(path: str):
    # The kabupaten's code is the first two segments of a desa's: 32.07 of 32.07.10.2010.
    return Substr(path, 1, 5)


class SlaCollector:
    """Running SLA clocks past their deadline, and escalated ones still open, per kabupaten."""

    def collect(self):
        overdue = GaugeMetricFamily(
            "pengaduan_sla_overdue",
            "Complaints whose SLA clock runs past its deadline, per kabupaten.",
            labels=["kabupaten"],
        )
        escalated = GaugeMetricFamily(
            "pengaduan_sla_escalated",
            "Complaints still open after their escalation to the village head, per kabupaten.",
            labels=["kabupaten"],
        )
        now = current_time()
        rows = (
            ComplaintSla.objects.filter(state=ClockState.RUNNING)
            .filter(Q(deadline__lt=now) | Q(escalated_at__isnull=False))
            .annotate(kabupaten=_kabupaten("complaint__desa__code"))
            .order_by()
            .values("kabupaten")
            .annotate(
                overdue=Count("pk", filter=Q(deadline__lt=now)),
                escalated=Count("pk", filter=Q(escalated_at__isnull=False)),
            )
        )
        for row in sorted(rows, key=lambda row: row["kabupaten"]):
            overdue.add_metric([row["kabupaten"]], row["overdue"])
            escalated.add_metric([row["kabupaten"]], row["escalated"])
        yield overdue
        yield escalated


APP_COLLECTORS = (OutboxCollector(), SlaCollector())
