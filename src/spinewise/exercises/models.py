"""The exercise library: shared by every clinic, editable by clinic admins."""

from __future__ import annotations

from typing import Any

from django.db import models


class Category(models.TextChoices):
    MOBILITY = "mobility", "Mobility"
    STRETCH = "stretch", "Stretch"
    MOTOR_CONTROL = "motor_control", "Control"
    STRENGTH = "strength", "Strength"
    AEROBIC = "aerobic", "Walking and fitness"


class Position(models.TextChoices):
    STANDING = "standing", "Standing"
    SITTING = "sitting", "Sitting"
    SUPINE = "supine", "Lying on your back"
    PRONE = "prone", "Lying on your front"
    SIDE_LYING = "side_lying", "Lying on your side"
    KNEELING = "kneeling", "Kneeling"
    QUADRUPED = "quadruped", "On hands and knees"


class Direction(models.TextChoices):
    FLEXION = "flexion", "Bending forward"
    EXTENSION = "extension", "Bending backward"
    NEUTRAL = "neutral", "Neutral"


class Exercise(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=120)
    category = models.CharField(max_length=20, choices=Category.choices, db_index=True)
    level = models.PositiveSmallIntegerField(help_text="1 is the gentlest, 5 the hardest.")
    position = models.CharField(max_length=20, choices=Position.choices)
    direction = models.CharField(max_length=20, choices=Direction.choices)
    contraindications = models.JSONField(default=list, blank=True)
    dose = models.JSONField(help_text='{"kind": "reps|hold|minutes", "ladder": [...]}')
    easier = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    harder = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    purpose = models.TextField()
    start_position = models.TextField()
    steps = models.JSONField()
    breathing = models.TextField()
    feel = models.TextField("what you should feel")
    mistakes = models.JSONField("common mistakes")
    stop_if = models.TextField("when to stop")
    illustration_alt = models.TextField()
    poses = models.JSONField(default=dict, blank=True)
    svg = models.TextField(blank=True, help_text="The illustration (generated from the poses).")
    is_active = models.BooleanField(default=True)
    locally_edited = models.BooleanField(
        default=False, help_text="Edited by the clinic: library updates leave it alone."
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("category", "level", "name")

    def __str__(self) -> str:
        return self.name

    def to_descriptor(self) -> dict[str, Any]:
        """The plain dict the programme rules read (no prose)."""
        return {
            "slug": self.slug,
            "category": self.category,
            "level": self.level,
            "position": self.position,
            "direction": self.direction,
            "contraindications": list(self.contraindications),
            "dose": self.dose,
            "easier": self.easier.slug if self.easier_id and self.easier else None,
            "harder": self.harder.slug if self.harder_id and self.harder else None,
        }
