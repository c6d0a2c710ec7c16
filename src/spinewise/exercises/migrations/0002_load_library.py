"""A fresh install has the exercise library (content/exercises/*.json)."""

from django.db import migrations


def load(apps, schema_editor):
    from spinewise.exercises.loader import sync_library

    sync_library(apps.get_model("exercises", "Exercise"))


class Migration(migrations.Migration):
    dependencies = [("exercises", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
