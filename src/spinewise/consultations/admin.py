"""Call requests in the admin, for clinic admins: their own clinic's only, history inline."""

from __future__ import annotations

from django.contrib import admin

from spinewise.accounts.admin_scoping import ClinicScopedAdmin, ScopedTabularInline
from spinewise.consultations.models import ConsultationRequest, QueueNote


class QueueNoteInline(ScopedTabularInline):
    model = QueueNote
    extra = 0
    fields = ("created_at", "kind", "outcome", "note", "author")
    readonly_fields = fields
    can_delete = False  # the history is a record of what happened

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(ConsultationRequest)
class ConsultationRequestAdmin(ClinicScopedAdmin):
    list_display = ("name", "phone", "urgency", "status", "attempts", "due_at", "created_at")
    list_filter = ("status", "urgency", "preferred_time")
    search_fields = ("name", "phone", "public_id")
    list_select_related = ("clinic",)
    readonly_fields = ("public_id", "client_hash", "created_at", "updated_at", "assessment")
    raw_id_fields = ("patient", "assigned_to")
    inlines = (QueueNoteInline,)
