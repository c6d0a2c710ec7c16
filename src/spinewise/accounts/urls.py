from django.contrib.auth import views as auth_views
from django.urls import include, path

from spinewise.accounts import views
from spinewise.accounts.forms import QueuedPasswordResetForm

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path(
        "password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("", include("django.contrib.auth.urls")),
]
