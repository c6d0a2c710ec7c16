from django.urls import path  # noqa: F401

app_name = "exercises"
urlpatterns: list = []  # type: ignore[type-arg]
