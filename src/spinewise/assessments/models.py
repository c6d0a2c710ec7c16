"""A stored assessment: the answers, the result, and the versions that produced it.

Storing the rules and questionnaire versions means a result can always be explained later.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models


def new_public_id() -> str:
    # Opaque and unguessable: the id is all an anonymous person holds to reach their result.
    return secrets.token_urlsafe(16)


class Triage(models.TextChoices):
    EMERGENCY = "emergency", "Emergency"
    URGENT = "urgent", "Urgent"
    REVIEW = "review", "Clinician review"
    SELF_CARE = "self_care", "Self-care"


class ProgrammeStart(models.TextChoices):
    BLOCKED = "blocked", "Blocked"
    NEEDS_APPROVAL = "needs_approval", "Needs approval"
    ALLOWED = "allowed", "Allowed"


class Assessment(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", "First assessment"
        REASSESSMENT = "reassessment", "Reassessment"

    public_id = models.CharField(max_length=32, unique=True, default=new_public_id, editable=False)
    # Indexes are chosen for the queries we make (see Meta), and no more: every index is
    # written on each public submission, the hottest write in the product (bench/RESULTS.md).
    clinic = models.ForeignKey(
        "accounts.Clinic",
        on_delete=models.PROTECT,
        related_name="assessments",
        db_index=False,  # served by the (clinic, triage, -created_at) index below
    )
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assessments",
        help_text="Set when the person creates an account from this assessment.",
        db_index=False,  # a partial index below: most rows are anonymous
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.INITIAL)
    answers = models.JSONField()
    result = models.JSONField()
    triage = models.CharField(max_length=20, choices=Triage.choices)
    programme_start = models.CharField(max_length=20, choices=ProgrammeStart.choices)
    rules_version = models.CharField(max_length=20)
    questionnaire_version = models.CharField(max_length=20)
    thresholds = models.JSONField(
        default=dict,
        blank=True,
        help_text="The clinic's changes to the default thresholds that this result used.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    is_complete = models.BooleanField(
        default=True, help_text="False when an emergency answer ended the questionnaire early."
    )
    client_hash = models.CharField(max_length=32, blank=True, editable=False)
    shared_with_clinic = models.BooleanField(
        default=False,
        help_text="The person created an account or asked for a call from this result.",
    )

    class Meta:
        ordering = ("-created_at",)
        indexes = [
            # A clinic's assessments, by triage, newest first; also its foreign key's index.
            models.Index(fields=["clinic", "triage", "-created_at"]),
            # The per-address limit counts recent rows from one address.
            models.Index(fields=["client_hash", "created_at"]),
            # A patient's assessments, newest first. Anonymous rows stay out of it, so an
            # anonymous submission writes one index fewer.
            models.Index(
                fields=["patient", "-created_at"],
                name="assessments_by_patient",
                condition=models.Q(patient__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"Assessment {self.public_id[:8]} ({self.get_triage_display()})"
