from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "spinewise.audit"
    label = "audit"
    verbose_name = "Audit log"
