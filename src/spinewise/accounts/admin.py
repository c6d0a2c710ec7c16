from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import Q
from django.http import HttpRequest

from spinewise.accounts.admin_scoping import (
    ClinicScopedAdmin,
    ScopedRelations,
    ScopedTabularInline,
    admin_clinics,
)
from spinewise.accounts.models import ApiToken, Clinic, Membership, User
from spinewise.accounts.threshold_form import CLINIC_FIELDS, THRESHOLD_FIELDS, ClinicForm
from spinewise.accounts.tokens import revoke


class MembershipInline(ScopedTabularInline):
    model = Membership
    extra = 1


@admin.register(User)
class UserAdmin(ClinicScopedAdmin, BaseUserAdmin[User]):
    clinic_field = "memberships__clinic"
    ordering = ("email",)
    list_display = ("email", "full_name", "is_active", "last_login")
    search_fields = ("email", "full_name")
    list_filter = ("is_active", "memberships__role")
    inlines = (MembershipInline,)
    fieldsets = (
        (None, {"fields": ("email", "password", "full_name", "is_active")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    superuser_fieldsets = (("Site administration", {"fields": ("is_staff", "is_superuser")}),)
    add_fieldsets = ((None, {"fields": ("email", "full_name", "password1", "password2")}),)
    readonly_fields = ("last_login", "date_joined")

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return self.add_fieldsets
        if request.user.is_superuser:
            return self.fieldsets + self.superuser_fieldsets
        return self.fieldsets

    def scope(self, request: HttpRequest) -> Q:
        # A person a clinic admin has just added has no membership yet: let them finish it.
        # A subquery, not a join: a join would list a person once per membership.
        has_membership = Membership.objects.values("user_id")
        return super().scope(request) | (Q(is_superuser=False) & ~Q(pk__in=has_membership))


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    clinic_field = "pk"
    form = ClinicForm
    list_display = ("name", "slug", "phone", "opening_hours", "requires_plan_approval")
    prepopulated_fields = {"slug": ("name",)}
    fieldsets = (
        (None, {"fields": CLINIC_FIELDS}),
        (
            "Clinical thresholds",
            {
                "classes": ("collapse",),
                "description": "Change a number only on a clinician's decision. Each change "
                "applies to new assessments and plans within 30 seconds, and is stored with "
                "each result it shaped.",
                "fields": THRESHOLD_FIELDS,
            },
        ),
    )

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.is_superuser

    def get_queryset(self, request: HttpRequest) -> Any:
        if request.user.is_superuser:
            return Clinic.objects.all()
        return admin_clinics(request)


@admin.register(Membership)
class MembershipAdmin(ClinicScopedAdmin):
    list_display = ("user", "clinic", "role", "created_at")
    list_filter = ("role",)
    search_fields = ("user__email", "user__full_name")
    list_select_related = ("user", "clinic")
    autocomplete_fields = ("user",)


@admin.register(ApiToken)
class ApiTokenAdmin(ScopedRelations, admin.ModelAdmin):  # type: ignore[type-arg]
    """Keys are made with `manage.py create_api_token` (shown once); here they are listed
    and revoked. Clinic admins see the keys of their own clinic's people. A revocation is
    final: once "Revoked at" is set it is read-only (and the model refuses to clear it)."""

    list_display = (
        "name",
        "prefix",
        "user",
        "created_at",
        "last_used_at",
        "expires_at",
        "revoked_at",
    )
    list_select_related = ("user",)
    readonly_fields = ("user", "prefix", "created_at", "last_used_at")
    fields = ("name", "user", "prefix", "created_at", "last_used_at", "expires_at", "revoked_at")
    actions = ("revoke_keys",)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        if obj is not None and obj.revoked_at is not None:
            return (*readonly, "revoked_at")
        return readonly

    def has_module_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or admin_clinics(request).exists()))

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self.has_module_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def get_queryset(self, request: HttpRequest) -> Any:
        tokens = super().get_queryset(request)
        if request.user.is_superuser:
            return tokens
        people = Membership.objects.filter(clinic__in=admin_clinics(request)).values("user_id")
        return tokens.filter(user_id__in=people)

    @admin.action(description="Revoke the chosen keys")
    def revoke_keys(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset:
            revoke(token)
