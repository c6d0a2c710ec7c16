from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "spinewise.accounts"
    label = "accounts"
    verbose_name = "People and clinics"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from spinewise.accounts.clinics import forget_site_clinic
        from spinewise.accounts.models import Clinic

        post_save.connect(forget_site_clinic, sender=Clinic, dispatch_uid="forget_site_clinic")
        post_delete.connect(forget_site_clinic, sender=Clinic, dispatch_uid="forget_site_clinic_d")
