"""Admin pages for clinic admins: each sees and changes only their own clinic's records."""

from __future__ import annotations

from typing import Any

from django.db.models import Model, Q, QuerySet
from django.http import HttpRequest

from spinewise.accounts.access import clinics_where
from spinewise.accounts.models import Clinic, Role
from spinewise.audit.admin_access import AuditedAdmin


def admin_clinics(request: HttpRequest) -> QuerySet[Clinic]:
    return clinics_where(request.user, (Role.CLINIC_ADMIN,))


class ClinicScopedAdmin(AuditedAdmin):
    """Superusers see everything; clinic admins only rows of their clinics. What they open,
    change and delete is written to the audit log (see AuditedAdmin)."""

    clinic_field = "clinic"

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or admin_clinics(request).exists()))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def scope(self, request: HttpRequest) -> Q:
        """Which rows a clinic admin may see (a subquery, so no duplicate rows)."""
        rows = self.model._default_manager.filter(
            **{f"{self.clinic_field}__in": admin_clinics(request)}
        )
        return Q(pk__in=rows.values("pk"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[Model]:
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(self.scope(request))

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.related_model is Clinic and not request.user.is_superuser:
            kwargs["queryset"] = admin_clinics(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
