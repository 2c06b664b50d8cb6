from django.urls import path

from assignments.api import views

urlpatterns = [
    path("desa/<str:code>/routing/", views.DesaRoutingApi.as_view(), name="desa-routing"),
    path(
        "desa/<str:code>/complaints-stranded/",
        views.DesaStrandedApi.as_view(),
        name="desa-complaints-stranded",
    ),
]
