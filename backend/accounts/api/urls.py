from django.urls import path

from accounts.api import views

urlpatterns = [
    path("auth/token/", views.TokenObtainApi.as_view(), name="auth-token"),
    path("auth/token/refresh/", views.TokenRefreshApi.as_view(), name="auth-token-refresh"),
    path("auth/logout/", views.LogoutApi.as_view(), name="auth-logout"),
    path("auth/signup/", views.SignupApi.as_view(), name="auth-signup"),
    path("auth/signup/verify/", views.SignupVerifyApi.as_view(), name="auth-signup-verify"),
    path("auth/password-reset/", views.PasswordResetApi.as_view(), name="auth-password-reset"),
    path(
        "auth/password-reset/confirm/",
        views.PasswordResetConfirmApi.as_view(),
        name="auth-password-reset-confirm",
    ),
    path("me/", views.MeApi.as_view(), name="me"),
    path("desa/<str:code>/staff/", views.DesaStaffListApi.as_view(), name="desa-staff"),
    path("desa/<str:code>/emblem/", views.DesaEmblemApi.as_view(), name="desa-emblem"),
]
