from django.urls import path

from regions.api.views import RegionDetailApi, RegionListApi

urlpatterns = [
    path("regions/", RegionListApi.as_view(), name="region-list"),
    path("regions/<str:code>/", RegionDetailApi.as_view(), name="region-detail"),
]
