from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from spinewise.accounts import views
from spinewise.accounts.forms import (
    AdminSignInForm,
    ChangePasswordForm,
    QueuedPasswordResetForm,
    SignInForm,
)

# The admin's own sign-in page gets the same length caps as ours (it has no URL here: the
# admin site reads its form when someone signs in).
admin.site.login_form = AdminSignInForm

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/sent/", views.signup_sent, name="signup_sent"),
    path("signup/finish/<uidb64>/<token>/", views.signup_finish, name="signup_finish"),
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path(
        "reset/<uidb64>/<token>/",
        views.ResetPasswordView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password_change/",
        auth_views.PasswordChangeView.as_view(form_class=ChangePasswordForm),
        name="password_change",
    ),
    path("", include("django.contrib.auth.urls")),
]
