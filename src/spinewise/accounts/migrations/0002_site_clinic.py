"""A fresh install has the site's clinic, from settings (CLINIC_NAME, CLINIC_PHONE, ...)."""

from django.conf import settings
from django.db import migrations


def create_site_clinic(apps, schema_editor):
    Clinic = apps.get_model("accounts", "Clinic")
    Clinic.objects.get_or_create(
        slug=settings.CLINIC_SLUG,
        defaults={
            "name": settings.CLINIC_NAME,
            "phone": settings.CLINIC_PHONE,
            "email": settings.CLINIC_EMAIL,
            "opening_hours": settings.CLINIC_HOURS,
            "time_zone": settings.CLINIC_TIME_ZONE,
            "country": settings.CLINIC_COUNTRY,
            "requires_plan_approval": settings.CLINIC_REQUIRES_APPROVAL,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_site_clinic, migrations.RunPython.noop)]
