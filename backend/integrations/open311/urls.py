from django.urls import re_path

from integrations.open311 import views

FMT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(rf"^discovery{FMT}", views.DiscoveryView.as_view(), name="open311-discovery"),
    re_path(rf"^services{FMT}", views.ServiceListView.as_view(), name="open311-services"),
    re_path(
        rf"^services/(?P<code>[^/]+?){FMT}",
        views.ServiceDefinitionView.as_view(),
        name="open311-service",
    ),
    re_path(rf"^requests{FMT}", views.RequestListView.as_view(), name="open311-requests"),
    re_path(
        rf"^requests/(?P<code>[^/]+?){FMT}",
        views.RequestDetailView.as_view(),
        name="open311-request",
    ),
    re_path(rf"^tokens/(?P<token>[^/]+?){FMT}", views.TokenView.as_view(), name="open311-token"),
]
