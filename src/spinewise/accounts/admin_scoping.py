"""Admin pages for clinic admins: each sees and changes only their own clinic's records.

That covers the relations between records too. Every ForeignKey, OneToOne and ManyToMany
field an admin form shows (in a ModelAdmin or an inline, as a select, an id box or an
autocomplete) offers and accepts only records of the admin's own clinics, and the lookups
behind the id box and the autocomplete search only those. Anything else is a form error in
our words, and its name is never shown. A superuser is offered everything.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IS_POPUP_VAR, BaseModelAdmin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import ForeignKey, Model, Q, QuerySet
from django.http import HttpRequest

from spinewise.accounts.access import clinics_where
from spinewise.accounts.models import Clinic, Role, User
from spinewise.audit.admin_access import AuditedAdmin

# How a record belongs to a clinic, for the kinds without a `clinic` field of their own.
CLINIC_PATHS: dict[str, str] = {
    "accounts.clinic": "pk",
    "accounts.user": "memberships__clinic",
    "accounts.apitoken": "user__memberships__clinic",
    "consultations.queuenote": "request__clinic",
    "programmes.programmeexercise": "programme__clinic",
}
# The kinds every clinic shares, so every clinic admin is offered all of them.
SHARED: frozenset[str] = frozenset({"exercises.exercise"})

NOT_YOURS = "Choose one of your clinic's records."
NOT_YOURS_BY_KIND: dict[type[Model], str] = {
    User: "Choose someone at your clinic.",
    Clinic: "Choose your own clinic.",
}


def admin_clinics(request: HttpRequest) -> QuerySet[Clinic]:
    return clinics_where(request.user, (Role.CLINIC_ADMIN,))


def clinic_path(model: type[Model]) -> str | None:
    """The lookup from a record of `model` to its clinic; None for a kind without one."""
    label = model._meta.label_lower
    if label in CLINIC_PATHS:
        return CLINIC_PATHS[label]
    try:
        field = model._meta.get_field("clinic")
    except FieldDoesNotExist:
        return None
    if isinstance(field, ForeignKey) and field.related_model is Clinic:
        return "clinic"
    return None


def relation_choices(model: type[Model], request: HttpRequest) -> QuerySet[Any] | None:
    """The records of `model` that an admin form's relation field may offer and accept:
    those of the admin's own clinics. None means no narrowing (a superuser, or a kind every
    clinic shares). A kind with no known way to its clinic offers nothing (fail closed)."""
    if request.user.is_superuser or model._meta.label_lower in SHARED:
        return None
    manager = model._default_manager
    path = clinic_path(model)
    if path is None:
        return manager.none()
    # A subquery, not a join: a person with two roles is one choice, not two.
    rows = manager.filter(**{f"{path}__in": admin_clinics(request)}).values("pk")
    return manager.filter(pk__in=rows)


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """The id box, naming the chosen record only when the admin may choose it: an id of
    another clinic's person shows no name, so names cannot be found by trying ids."""

    def __init__(self, rel: Any, admin_site: Any, choices: QuerySet[Any], **kwargs: Any) -> None:
        super().__init__(rel, admin_site, **kwargs)
        self.choices_queryset = choices

    def label_and_url_for_value(self, value: Any) -> tuple[str, str]:
        key = self.rel.get_related_field().name
        try:
            allowed = self.choices_queryset.filter(**{key: value}).exists()
        except (ValueError, TypeError, ValidationError):  # an id that cannot be one
            allowed = False
        if not allowed:
            return "", ""
        label, url = super().label_and_url_for_value(value)
        return str(label), str(url)


class ScopedRelations(BaseModelAdmin):  # type: ignore[type-arg]
    """Narrows every relation field, and the id-box and autocomplete lookups, to the admin's
    own clinics (see relation_choices). Mixed into every admin and inline of ours."""

    def _narrowed(
        self, db_field: Any, request: HttpRequest, kwargs: dict[str, Any], scope: QuerySet[Any]
    ) -> QuerySet[Any]:
        queryset = kwargs.get("queryset")
        if queryset is None:
            db = kwargs.get("using")
            queryset = self.get_field_queryset(db, db_field, request)
            if queryset is None:
                queryset = db_field.remote_field.model._default_manager.using(db).all()
        return queryset.filter(pk__in=scope.values("pk"))

    def _refusal(self, db_field: Any, kwargs: dict[str, Any]) -> dict[str, str]:
        message = NOT_YOURS_BY_KIND.get(db_field.related_model, NOT_YOURS)
        return {
            **kwargs.get("error_messages", {}),
            "invalid_choice": message,
            "invalid_pk_value": message,
        }

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = relation_choices(db_field.related_model, request)
        if scope is not None:
            kwargs["queryset"] = self._narrowed(db_field, request, kwargs, scope)
            kwargs["error_messages"] = self._refusal(db_field, kwargs)
            if "widget" not in kwargs and db_field.name in self.raw_id_fields:
                kwargs["widget"] = ScopedRawIdWidget(
                    db_field.remote_field,
                    self.admin_site,
                    kwargs["queryset"],
                    using=kwargs.get("using"),
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        scope = relation_choices(db_field.related_model, request)
        if scope is not None:
            kwargs["queryset"] = self._narrowed(db_field, request, kwargs, scope)
            kwargs["error_messages"] = self._refusal(db_field, kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def _is_relation_lookup(self, request: HttpRequest) -> bool:
        """The autocomplete search, or the list opened from an id box's magnifier."""
        match = getattr(request, "resolver_match", None)
        if match is None:
            return False
        site = self.admin_site.name
        if match.view_name == f"{site}:autocomplete":
            return True
        opts = self.model._meta
        changelist = f"{site}:{opts.app_label}_{opts.model_name}_changelist"
        return match.view_name == changelist and IS_POPUP_VAR in request.GET

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        rows = super().get_queryset(request)
        if self._is_relation_lookup(request):
            scope = relation_choices(self.model, request)
            if scope is not None:
                rows = rows.filter(pk__in=scope.values("pk"))
        return rows


class ScopedTabularInline(ScopedRelations, admin.TabularInline):  # type: ignore[type-arg]
    """An inline whose relation fields offer only the admin's own clinics' records."""


class ClinicScopedAdmin(ScopedRelations, AuditedAdmin):
    """Superusers see everything; clinic admins only rows of their clinics. What they open,
    change and delete is written to the audit log (see AuditedAdmin), and relation fields
    offer only their clinics' records (see ScopedRelations)."""

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
