from django.urls import path

from canned.api import views

urlpatterns = [
    path(
        "desa/<str:code>/canned-answers/",
        views.CannedAnswerListApi.as_view(),
        name="canned-answers",
    ),
    path(
        "desa/<str:code>/canned-answers/<int:pk>/",
        views.CannedAnswerDetailApi.as_view(),
        name="canned-answer",
    ),
]
