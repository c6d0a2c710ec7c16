from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from spinewise.accounts.admin_scoping import admin_clinics
from spinewise.exercises.models import Exercise


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    """The library is shared by every clinic: any clinic admin may edit it."""

    list_display = ("name", "category", "level", "direction", "position", "is_active")
    list_filter = ("category", "level", "direction", "position", "is_active")
    search_fields = ("name", "slug", "purpose")
    readonly_fields = ("svg", "updated_at")
    autocomplete_fields = ("easier", "harder")

    def _allowed(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(user.is_active and (user.is_superuser or admin_clinics(request).exists()))

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._allowed(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # programmes refer to exercises: retire them with "is active" instead

    def save_model(self, request: HttpRequest, obj: Exercise, form: Any, change: bool) -> None:
        obj.locally_edited = True
        super().save_model(request, obj, form, change)
