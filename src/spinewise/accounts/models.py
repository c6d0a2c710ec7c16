"""People and clinics: the custom user (email login), the clinic tenant and memberships."""

from __future__ import annotations

from datetime import datetime
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from spinewise import clinical


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An email address is needed.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def get_by_natural_key(self, username: str | None) -> User:
        # Emails are stored lower-case; people type them any way.
        return self.get(email__iexact=username)

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who can sign in: a patient, clinician, front-desk staff or clinic admin."""

    email = models.EmailField("email address", unique=True)
    full_name = models.CharField(max_length=150, blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(
        "can use the admin", default=False, help_text="Set for clinic admins."
    )
    date_joined = models.DateTimeField(default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ("email",)

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Clinic(models.Model):
    """A clinic is the tenant: every patient record belongs to exactly one."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(unique=True)
    phone = models.CharField(max_length=40, help_text="Shown on every call-now button.")
    email = models.EmailField(blank=True, help_text="Inbox for consultation requests.")
    opening_hours = models.CharField(
        max_length=200,
        help_text='Like "Mon-Fri 08:00-18:00; Sat 09:00-12:00". Days not listed are closed.',
    )
    time_zone = models.CharField(max_length=64, default="Europe/London")
    country = models.CharField(
        max_length=2, default="GB", help_text="Two-letter country code, for phone numbers."
    )
    requires_plan_approval = models.BooleanField(
        default=False, help_text="Every exercise plan waits for a clinician's approval."
    )
    clinical_thresholds = models.JSONField(
        default=dict,
        blank=True,
        help_text="The clinic's changes to the default clinical thresholds (docs/assessment.md). "
        "Empty: the defaults of docs/clinical-rules.md.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        try:
            clinical.thresholds_from(self.clinical_thresholds)
        except clinical.ValidationError as refused:
            raise ValidationError(
                {
                    "clinical_thresholds": [
                        f"{error['field']}: {error['message']}" for error in refused.errors
                    ]
                }
            ) from refused


class Role(models.TextChoices):
    PATIENT = "patient", "Patient"
    CLINICIAN = "clinician", "Clinician"
    STAFF = "staff", "Front-desk staff"
    CLINIC_ADMIN = "clinic_admin", "Clinic admin"


# Roles that work at the clinic (see patients), and those that also see clinical detail.
CARE_TEAM_ROLES = (Role.CLINICIAN, Role.STAFF, Role.CLINIC_ADMIN)
CLINICAL_ROLES = (Role.CLINICIAN, Role.CLINIC_ADMIN)


class Membership(models.Model):
    """A person's role at one clinic. A patient has one membership, at their clinic."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "clinic", "role"], name="unique_membership")
        ]
        indexes = [models.Index(fields=["clinic", "role"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.clinic}"


REVOCATION_IS_FINAL = "A revoked key stays revoked. Make a new key instead."


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def update(self, **kwargs: Any) -> int:
        """As QuerySet.update, but a revocation is final: clearing revoked_at is refused,
        and setting it touches only keys not yet revoked (each keeps its first time)."""
        if "revoked_at" not in kwargs:
            return super().update(**kwargs)
        value = kwargs["revoked_at"]
        if value is None or (isinstance(value, models.Value) and value.value is None):
            raise ValidationError({"revoked_at": REVOCATION_IS_FINAL})
        return super(ApiTokenQuerySet, self.filter(revoked_at__isnull=True)).update(**kwargs)


class ApiToken(models.Model):
    """A key for scripts and integrations to use the API as one person, with that
    person's rights. Only a hash is stored; the key is shown once when it is made.

    A revocation is final: once revoked_at is set, save() and the queryset's update()
    refuse to clear or change it, and a save never writes it back to empty."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100, help_text="What it is for, like 'Clinic reports'.")
    prefix = models.CharField(max_length=12, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = "API token"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…) for {self.user}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is None:
            super().save(*args, **kwargs)
            return
        update_fields = kwargs.get("update_fields")
        writes_revoked_at = update_fields is None or "revoked_at" in update_fields
        if writes_revoked_at:
            self._refuse_unrevoking(self._stored_revoked_at())
        updating = not self._state.adding and not kwargs.get("force_insert")
        if writes_revoked_at and self.revoked_at is None and updating:
            # Leave the column alone rather than write it empty: a revocation made between
            # the check above and this write (from another request) must stand.
            kwargs["update_fields"] = [
                field.name
                for field in self._meta.concrete_fields
                if not field.primary_key
                and field.name != "revoked_at"
                and (
                    update_fields is None
                    or field.name in update_fields
                    or field.attname in update_fields
                )
            ]
            if not kwargs["update_fields"]:
                return
        super().save(*args, **kwargs)

    def clean(self) -> None:
        # So a form that tries shows the message beside the field, not an error page.
        self._refuse_unrevoking(self._stored_revoked_at())

    def _stored_revoked_at(self) -> datetime | None:
        if self.pk is None:
            return None
        stored = type(self)._base_manager.filter(pk=self.pk).values_list("revoked_at", flat=True)
        return stored.first()

    def _refuse_unrevoking(self, stored: datetime | None) -> None:
        if stored is not None and self.revoked_at != stored:
            raise ValidationError({"revoked_at": REVOCATION_IS_FINAL})
