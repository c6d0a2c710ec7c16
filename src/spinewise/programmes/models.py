"""A patient's exercise programme, the safety acknowledgement before it, and its exercises."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spinewise import clinical

# Bump when the wording of the safety gate changes: each acknowledgement keeps its version.
SAFETY_TEXT_VERSION = "2026-11-1"


class SafetyAcknowledgement(models.Model):
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="safety_acknowledgements"
    )
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE, related_name="+")
    text_version = models.CharField(max_length=20)
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-acknowledged_at",)

    def __str__(self) -> str:
        return f"{self.patient} acknowledged safety advice v{self.text_version}"


def default_phase_starts() -> list[int]:
    return list(clinical.DEFAULT_PHASE_WEEKS)


class ProgrammeStatus(models.TextChoices):
    """`Programme.Status`, defined out here so that `Programme.Meta` can name it."""

    AWAITING_APPROVAL = "awaiting_approval", "Waiting for clinician approval"
    ACTIVE = "active", "Active"
    PAUSED = "paused", "Paused"
    COMPLETED = "completed", "Completed"


class Programme(models.Model):
    Status = ProgrammeStatus

    class Mode(models.TextChoices):
        SYMPTOM_GUIDED = "symptom_guided", "Guided by symptoms"
        GRADED_ACTIVITY = "graded_activity", "Graded activity"

    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="programmes"
    )
    clinic = models.ForeignKey(
        "accounts.Clinic", on_delete=models.PROTECT, related_name="programmes"
    )
    assessment = models.ForeignKey(
        "assessments.Assessment", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledgement = models.ForeignKey(
        SafetyAcknowledgement, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    mode = models.CharField(max_length=20, choices=Mode.choices)
    gentle_start = models.BooleanField(default=False)
    sessions_per_week = models.PositiveSmallIntegerField()
    session_days = models.JSONField(help_text="Days of each week with a session (0 = start day).")
    phase_starts = models.JSONField(
        default=default_phase_starts,
        help_text="First week of each phase, as the clinic set them when the plan was made.",
    )
    reasons = models.JSONField(default=list)
    start_date = models.DateField(null=True, blank=True, help_text="Set when the plan starts.")
    created_at = models.DateTimeField(auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    clinician_note = models.TextField(blank=True, max_length=2000)
    # Shown to the patient on their paused page, so written to them.
    paused_reason = models.TextField(blank=True, max_length=2000)
    paused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    paused_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        indexes = [models.Index(fields=["clinic", "status"])]
        constraints = [
            # A patient has one current plan: making it twice at once stores it once
            # (programmes.services._plan_from; docs/architecture.md, "Writes that happen once").
            models.UniqueConstraint(
                fields=["patient"],
                condition=~models.Q(status=ProgrammeStatus.COMPLETED),
                name="one_current_programme_per_patient",
            )
        ]

    def __str__(self) -> str:
        return f"Programme for {self.patient} ({self.get_status_display()})"


class ProgrammeExercise(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="items")
    exercise = models.ForeignKey("exercises.Exercise", on_delete=models.PROTECT, related_name="+")
    order = models.PositiveSmallIntegerField()
    from_week = models.PositiveSmallIntegerField(default=1)
    rung = models.PositiveSmallIntegerField(
        help_text="Step on the exercise's dose ladder (0 = first)."
    )
    reason = models.CharField(max_length=500, blank=True)
    is_walking_goal = models.BooleanField(default=False)

    class Meta:
        ordering = ("order",)
        constraints = [
            models.UniqueConstraint(fields=["programme", "order"], name="unique_item_order")
        ]

    def __str__(self) -> str:
        return f"{self.exercise} (step {self.rung + 1})"
