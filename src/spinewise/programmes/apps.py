from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "spinewise.programmes"
    label = "programmes"
    verbose_name = "Exercise programmes"
