from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from spinewise.accounts.admin_scoping import ClinicScopedAdmin
from spinewise.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ClinicScopedAdmin):
    """Read-only: clinic admins review the log; nobody edits or deletes it."""

    audit_access = False

    list_display = (
        "at",
        "actor_email",
        "action",
        "object_type",
        "object_id",
        "patient",
        "ip_address",
    )
    list_filter = ("action", "object_type")
    search_fields = ("actor_email", "object_id", "detail")
    list_select_related = ("patient",)
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest, *args: Any) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
