from django.urls import path

from reports.api import views

urlpatterns = [
    path("reports/desa/<str:code>/", views.DesaReportGetApi.as_view(), name="report-desa"),
    path(
        "reports/kecamatan/<str:code>/",
        views.KecamatanReportGetApi.as_view(),
        name="report-kecamatan",
    ),
    path(
        "reports/kabupaten/<str:code>/",
        views.KabupatenReportGetApi.as_view(),
        name="report-kabupaten",
    ),
    path(
        "reports/public/desa/<str:code>/",
        views.DesaTransparencyGetApi.as_view(),
        name="report-public-desa",
    ),
]
