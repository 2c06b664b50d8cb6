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
        "reports/desa/<str:code>/file/<str:file_format>/",
        views.DesaReportFileApi.as_view(),
        name="report-desa-file",
    ),
    path(
        "reports/kecamatan/<str:code>/file/<str:file_format>/",
        views.KecamatanReportFileApi.as_view(),
        name="report-kecamatan-file",
    ),
    path(
        "reports/public/desa/<str:code>/",
        views.DesaTransparencyGetApi.as_view(),
        name="report-public-desa",
    ),
]
