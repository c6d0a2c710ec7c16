from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "spinewise.web"
    label = "web"
    verbose_name = "Public pages"
