from django.apps import AppConfig


class BackgroundConfig(AppConfig):
    name = "spinewise.background"
    label = "background"
    verbose_name = "Background work"

    def ready(self) -> None:
        from django_tasks.signals import task_finished

        from spinewise.background.sweeps import record_outcome

        task_finished.connect(record_outcome, dispatch_uid="spinewise.background.sweeps")
