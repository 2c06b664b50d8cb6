from django.urls import path

from sla.api import views

urlpatterns = [
    path("desa/<str:code>/days-off/", views.DesaDaysOffApi.as_view(), name="desa-days-off"),
    path(
        "desa/<str:code>/days-off/<str:day>/",
        views.DesaDayOffRemoveApi.as_view(),
        name="desa-day-off",
    ),
]
