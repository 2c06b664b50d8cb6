from django.urls import path

from register.api import views

urlpatterns = [
    path("desa/<str:code>/register/", views.RegisterListApi.as_view(), name="register"),
    path(
        "desa/<str:code>/register/verify/",
        views.RegisterVerifyApi.as_view(),
        name="register-verify",
    ),
    path(
        "desa/<str:code>/register/export/<str:file_format>/",
        views.RegisterExportApi.as_view(),
        name="register-export",
    ),
    path(
        "desa/<str:code>/register/<int:year>/<int:number>/annotations/",
        views.RegisterAnnotationApi.as_view(),
        name="register-annotations",
    ),
    path(
        "register-exports/<str:token>/",
        views.RegisterExportJobApi.as_view(),
        name="register-export-job",
    ),
    path(
        "register-exports/<str:token>/file/",
        views.RegisterExportFileApi.as_view(),
        name="register-export-file",
    ),
]
