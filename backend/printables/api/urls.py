from django.urls import path

from printables.api import views

urlpatterns = [
    path(
        "complaints/<str:code>/receipt/<str:paper>/",
        views.ComplaintReceiptApi.as_view(),
        name="complaint-receipt",
    ),
    path(
        "complaints/<str:code>/forwarding/letter.pdf",
        views.ComplaintCoverLetterApi.as_view(),
        name="complaint-forwarding-letter",
    ),
    path("desa/<str:code>/poster/", views.DesaPosterApi.as_view(), name="desa-poster"),
]
