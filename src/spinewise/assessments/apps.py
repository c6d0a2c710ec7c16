from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "spinewise.assessments"
    label = "assessments"
    verbose_name = "Back-pain assessments"
