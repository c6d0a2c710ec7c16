from django.apps import AppConfig


class ExercisesConfig(AppConfig):
    name = "spinewise.exercises"
    label = "exercises"
    verbose_name = "Exercise library"
