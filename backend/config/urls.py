from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from common.metrics import metrics_view
from common.views import HealthApi, ReadinessApi, spa_index
from config.metrics import APP_COLLECTORS
from intake.api.urls import webhook_urlpatterns

api_v1 = [
    path("health/", HealthApi.as_view(), name="health"),
    path("health/ready/", ReadinessApi.as_view(), name="health-ready"),
    path("", include(webhook_urlpatterns)),
    path("", include("accounts.api.urls")),
    path("", include("regions.api.urls")),
    path("", include("complaints.api.urls")),
    path("", include("assignments.api.urls")),
    path("", include("register.api.urls")),
    path("", include("notifications.api.urls")),
    path("", include("sla.api.urls")),
    path("", include("reports.api.urls")),
    path("", include("integrations.api.urls")),
    path("", include("suggestion_box.api.urls")),
    path("", include("printables.api.urls")),
    path("", include("intake.api.urls")),
    path("", include("canned.api.urls")),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    path("api/docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="docs"),
    path("api/redoc/", SpectacularRedocView.as_view(url_name="schema"), name="redoc"),
    path("admin/", admin.site.urls),
    # Open311 GeoReport v2 for civic-tech clients (docs/open311.md).
    path("open311/v2/", include("integrations.open311.urls")),
    # Prometheus (common/metrics.py) with the apps' gauges (config/metrics.py): outside /api/,
    # so the compose nginx never serves it.
    path("metrics", metrics_view, {"collectors": APP_COLLECTORS}, name="metrics"),
    # Everything else is a route of the SPA (except unknown /api/, /static/, /open311/ paths).
    re_path(r"^(?!api/|static/|media/|admin/|open311/|metrics$).*$", spa_index, name="spa"),
]

handler404 = "common.views.not_found"
handler500 = "common.views.server_error"
