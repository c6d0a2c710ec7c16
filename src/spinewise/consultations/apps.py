from django.apps import AppConfig


class ConsultationsConfig(AppConfig):
    name = "spinewise.consultations"
    label = "consultations"
    verbose_name = "Phone consultations"
