"""Audit what people do to patient records in the Django admin, as the pages and API do.

Mixed into `ClinicScopedAdmin`, so every clinic-scoped admin page is covered in one place:
a change form, history page or delete confirmation opened is a view, a save an update (or
create), a delete a delete, a list page one view for the page (not one per row), and an
autocomplete lookup one view for the lookup. Objects outside the admin's clinics never reach
these hooks: Django redirects before it renders or saves them, and lookups search only the
admin's own rows.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse

from spinewise.accounts.access import clinics_where
from spinewise.accounts.models import Clinic, Membership, Role, User
from spinewise.audit.models import Action
from spinewise.audit.services import record
from spinewise.web.client import client_address


def _admin_clinics(request: HttpRequest) -> list[Clinic]:
    if request.user.is_superuser:
        return []
    return list(clinics_where(request.user, (Role.CLINIC_ADMIN,)))


class AuditedAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    # The audit log's own admin turns this off: reading the log is not reading a record,
    # and logging it there would make the log grow each time someone reviews it.
    audit_access = True

    def audit_subject(self, request: HttpRequest, obj: Model) -> tuple[User | None, Clinic | None]:
        """The patient a record is about (if any) and the clinic it belongs to."""
        if isinstance(obj, Clinic):
            return None, obj
        if isinstance(obj, User):
            return self._person_subject(request, obj)
        if isinstance(obj, Membership):
            person = obj.user if obj.role == Role.PATIENT else None
            return person, obj.clinic
        patient = getattr(obj, "patient", None)
        clinic = getattr(obj, "clinic", None)
        return (
            patient if isinstance(patient, User) else None,
            clinic if isinstance(clinic, Clinic) else self._acting_for(request),
        )

    def _person_subject(
        self, request: HttpRequest, person: User
    ) -> tuple[User | None, Clinic | None]:
        memberships = list(person.memberships.select_related("clinic"))
        as_patient = [m for m in memberships if m.role == Role.PATIENT]
        if as_patient:
            return person, as_patient[0].clinic
        mine = {c.pk for c in _admin_clinics(request)}
        shared = [m.clinic for m in memberships if not mine or m.clinic_id in mine]
        return None, shared[0] if shared else self._acting_for(request)

    def _acting_for(self, request: HttpRequest) -> Clinic | None:
        # A record without a clinic of its own (a person just added, say) is filed under
        # the clinic the admin acts for, so that clinic's admins can see it in the log.
        clinics = _admin_clinics(request)
        return clinics[0] if len(clinics) == 1 else None

    def _audit(self, request: HttpRequest, action: Action, obj: Model, detail: str) -> None:
        if not self.audit_access:
            return
        patient, clinic = self.audit_subject(request, obj)
        record(
            action,
            obj,
            by=request.user,
            address=client_address(request),
            patient=patient,
            clinic=clinic,
            detail=detail,
        )

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Any = None,
    ) -> Any:
        # Only reached for a record the admin may see; GET is the record being opened
        # (a POST that re-renders with errors was opened already).
        if obj is not None and not add and request.method == "GET":
            self._audit(request, Action.VIEW, obj, "admin: opened")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # After save_model and the inlines, so a new person's membership is known.
        super().save_related(request, form, formsets, change)
        changed = list(form.changed_data) + [
            str(formset.model._meta.verbose_name_plural)
            for formset in formsets
            if formset.has_changed()
        ]
        if change:
            detail = "admin: changed " + (", ".join(changed) or "nothing")
            self._audit(request, Action.UPDATE, form.instance, detail)
        else:
            self._audit(request, Action.CREATE, form.instance, "admin: added")

    def delete_model(self, request: HttpRequest, obj: Model) -> None:
        # Recorded first, in the same transaction: the record's id is gone after.
        self._audit(request, Action.DELETE, obj, "admin: deleted")
        super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[Model]) -> None:
        for obj in queryset:
            self._audit(request, Action.DELETE, obj, "admin: deleted with others")
        super().delete_queryset(request, queryset)

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        # Only a rendered page has the object: a record outside the admin's clinics is
        # redirected before this and leaves nothing to record.
        context = response.context_data if isinstance(response, TemplateResponse) else None
        if context and context.get("object") is not None:
            self._audit(request, Action.VIEW, context["object"], "admin: history")
        return response

    def render_delete_form(self, request: HttpRequest, context: dict[str, Any]) -> HttpResponse:
        # Reached only for a record the admin may see; GET is the confirmation page opened
        # (the delete itself is recorded by delete_model).
        if request.method == "GET":
            self._audit(request, Action.VIEW, context["object"], "admin: delete confirmation")
        return super().render_delete_form(request, context)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Model], search_term: str
    ) -> tuple[QuerySet[Model], bool]:
        found, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # Django's AutocompleteJsonView searches through here with this admin's scoped
        # queryset, so the lookup is audited with the other admin pages and no custom site.
        match = getattr(request, "resolver_match", None)
        if match is not None and match.view_name == f"{self.admin_site.name}:autocomplete":
            matches = found.distinct() if may_have_duplicates else found
            self._audit_autocomplete(request, matches, search_term)
        return found, may_have_duplicates

    def _audit_autocomplete(
        self, request: HttpRequest, matches: QuerySet[Model], search_term: str
    ) -> None:
        if not self.audit_access:
            return
        # The term itself is left out, as it may be a patient's name; its length still tells
        # a browse of everyone (no term) from a narrow search.
        count, length = matches.count(), len(search_term)
        detail = f"admin: autocomplete, {count} results, {length}-character term"
        clinic = self._acting_for(request)
        self._audit_view(request, clinic, detail)

    def _audit_view(self, request: HttpRequest, clinic: Clinic | None, detail: str) -> None:
        address = client_address(request)
        record(
            Action.VIEW,
            self.model.__name__,
            by=request.user,
            address=address,
            clinic=clinic,
            detail=detail,
        )

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        context = response.context_data if isinstance(response, TemplateResponse) else None
        if context and "cl" in context and self.audit_access:
            self._audit_list_page(request, context["cl"])
        return response

    def _audit_list_page(self, request: HttpRequest, changelist: Any) -> None:
        detail = (
            f"admin: list page {changelist.page_num} of {changelist.paginator.num_pages}, "
            f"{len(changelist.result_list)} shown"
        )
        if changelist.query:
            detail += f", search {changelist.query!r}"
        # One entry per page, filed under each clinic the admin acts for (normally one),
        # so each clinic's log is complete; a superuser's is filed under none.
        clinics: list[Clinic | None] = [*_admin_clinics(request)] or [None]
        for clinic in clinics:
            self._audit_view(request, clinic, detail)
