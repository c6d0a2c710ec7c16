from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "spinewise.background"
    label = "background"
    verbose_name = "Background work"
