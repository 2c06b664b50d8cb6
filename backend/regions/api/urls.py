from django.urls import path

from regions.api.views import RegionDetailApi, RegionEmblemApi, RegionListApi

urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="region-list"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="region-detail"),
    path(
        "regions/<str:code>/emblem/<slug:version>/<str:file>",
        RegionEmblemApi.as_view(),
        name="region-emblem",
    ),
]
