from django.urls import path

from suggestion_box.api import views

urlpatterns = [
    path(
        "desa/<str:code>/suggestion-box/openings/",
        views.OpeningListApi.as_view(),
        name="suggestion-box-openings",
    ),
    path(
        "desa/<str:code>/suggestion-box/openings/<int:opening_id>/",
        views.OpeningDetailApi.as_view(),
        name="suggestion-box-opening",
    ),
    path(
        "desa/<str:code>/suggestion-box/openings/<int:opening_id>/photo/",
        views.OpeningPhotoApi.as_view(),
        name="suggestion-box-opening-photo",
    ),
    path(
        "desa/<str:code>/suggestion-box/openings/<int:opening_id>/slips/",
        views.SlipAddApi.as_view(),
        name="suggestion-box-slips",
    ),
    path(
        "desa/<str:code>/suggestion-box/openings/<int:opening_id>/berita-acara.pdf",
        views.BeritaAcaraApi.as_view(),
        name="suggestion-box-berita-acara",
    ),
]
