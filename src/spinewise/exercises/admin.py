from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest

from spinewise.accounts.admin_scoping import ScopedRelations, admin_clinics
from spinewise.exercises.illustrate import render
from spinewise.exercises.models import Exercise
from spinewise.exercises.poses import POSES


class ExerciseForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Exercise
        # The admin shows every editable field, as it would without this form.
        fields = "__all__"  # noqa: DJ007

    def clean_poses(self) -> dict[str, str]:
        poses = self.cleaned_data["poses"]
        known = ", ".join(sorted(POSES))
        if not isinstance(poses, dict) or set(poses) != {"start", "end"}:
            raise forms.ValidationError(
                'Write the poses as {"start": "<pose>", "end": "<pose>"}. Poses: ' + known
            )
        unknown = [p for p in poses.values() if p not in POSES]
        if unknown:
            raise forms.ValidationError(f"Unknown pose {unknown[0]!r}. Poses: {known}")
        return poses


@admin.register(Exercise)
class ExerciseAdmin(ScopedRelations, admin.ModelAdmin):  # type: ignore[type-arg]
    """The library is shared by every clinic: any clinic admin may edit it (and its easier
    and harder fields offer the whole library; see admin_scoping.SHARED)."""

    form = ExerciseForm

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
        # The picture follows the poses, name and alt text the admin may just have changed.
        obj.svg = render(
            obj.slug, obj.poses["start"], obj.poses["end"], obj.illustration_alt, obj.name
        )
        super().save_model(request, obj, form, change)
