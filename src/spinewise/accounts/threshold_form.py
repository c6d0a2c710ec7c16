"""The clinic admin form: one plain field per clinical threshold instead of raw JSON.

Each field is empty when the clinic uses the default (shown as its help text). The rules'
own check (clinical.thresholds_from) decides what is allowed, so the form and the rules
can never disagree.
"""

from __future__ import annotations

from typing import Any

from django import forms

from spinewise import clinical
from spinewise.accounts.models import Clinic
from spinewise.clinical.thresholds import LIMITS

# Words for clinicians, with the section of docs/clinical-rules.md each number comes from.
LABELS = {
    "min_age": ("Youngest age served", "§1"),
    "max_age": ("Oldest age accepted", "§1"),
    "older_first_episode_age": ("First episode at this age or older needs review", "§2"),
    "severe_pain": ("Pain now at or above this needs review", "§2"),
    "startback_low_max_total": ("STarT Back-style: low risk up to this total", "§3"),
    "startback_high_min_psychosocial": ("STarT Back-style: high risk from this subscore", "§3"),
    "odi_min_answered": ("Oswestry-style: sections needed for a score", "§4"),
    "odi_band_edges": ("Oswestry-style: top of each of the first four bands", "§4"),
    "gentle_start_pain": ("Gentle start from this pain now", "§6"),
    "gentle_start_odi": ("Gentle start from this Oswestry-style score", "§6"),
    "sessions_gentle": ("Sessions a week after a gentle start", "§6"),
    "sessions_standard": ("Sessions a week otherwise", "§6"),
    "build_control_from_week": ("Week the 'build control' phase starts", "§6"),
    "strengthen_from_week": ("Week the 'strengthen' phase starts", "§6"),
    "stop_peak": ("Session stops the plan at this peak pain", "§6"),
    "too_much_peak_above": ("Too much: peak pain above this and above pain before", "§6"),
    "next_morning_rise": ("Too much: next-morning pain up by this much", "§6"),
    "pain_change_points": ("Meaningful pain change: points", "§8"),
    "pain_change_fraction": ("Meaningful pain fall: share (0.3 = 30 %)", "§8"),
    "pain_change_min_points": ("Meaningful pain fall by share: at least these points", "§8"),
    "odi_change_points": ("Meaningful Oswestry-style change: points", "§8"),
    "odi_change_fraction": ("Meaningful Oswestry-style fall: share (0.3 = 30 %)", "§8"),
    "progress_after_good_sessions": ("Good sessions in a row before a dose moves up", "§6"),
    "back_after_hard_sessions": ("Partial or too-hard sessions in a row before a step back", "§6"),
    "graded_done_share": ("Graded activity: share of planned sessions done to move up", "§6"),
    "worsening_window_days": ("Worsening alert: days in each window compared", "§7"),
    "worsening_rise": ("Worsening alert: rise in average pain before sessions", "§7"),
    "repeated_flares_count": ("Repeated flares alert: flares needed", "§7"),
    "repeated_flares_days": ("Repeated flares alert: within this many days", "§7"),
    "inactive_days": ("Inactive alert: days without a session", "§7"),
    "low_adherence_days": ("Low adherence alert: days counted (and checked from)", "§7"),
    "low_adherence_share": ("Low adherence alert: below this share of planned sessions", "§7"),
    "reassessment_overdue_days": ("Overdue alert: days past the reassessment's due date", "§7"),
    "reassessment_day_1": ("First reassessment: day due", "§8"),
    "reassessment_day_2": ("Second reassessment: day due", "§8"),
    "reassessment_day_3": ("Third reassessment: day due", "§8"),
    "reassessment_window_days": ("Reassessment window: days either side of the due date", "§8"),
    "early_trigger_pause_days": ("No early reassessment for this many days after one", "§8"),
    "plateau_from_day": ("Plateau: checked from this day", "§8"),
    "plateau_spread_below": ("Plateau: weekly average pains differ by less than this", "§8"),
    "plateau_min_pain": ("Plateau: latest weekly average pain at least this", "§8"),
    "plateau_no_progress_days": ("Plateau: no dose moved up for this many days", "§8"),
}
PREFIX = "threshold_"
# The clinic's own details; its thresholds are the generated fields below.
CLINIC_FIELDS = (
    "name",
    "slug",
    "phone",
    "email",
    "opening_hours",
    "time_zone",
    "country",
    "requires_plan_approval",
)


def _shown(value: object) -> str:
    return ", ".join(map(str, value)) if isinstance(value, tuple | list) else f"{value:g}"


def _field(name: str) -> forms.Field:
    low, high = LIMITS[name]
    label, section = LABELS[name]
    default = getattr(clinical.DEFAULT_THRESHOLDS, name)
    common: dict[str, Any] = {
        "label": label,
        "required": False,
        "help_text": (
            f"Default {_shown(default)} (docs/clinical-rules.md {section}). Empty: the default."
        ),
    }
    if name == "odi_band_edges":
        return forms.CharField(max_length=40, **common)
    if isinstance(default, int):
        return forms.IntegerField(min_value=int(low), max_value=int(high), **common)
    return forms.FloatField(min_value=low, max_value=high, **common)


def _band_edges(text: str) -> object:
    try:
        return [int(part) for part in text.replace(";", ",").split(",")]
    except ValueError:
        return text  # the rules' check names the problem in plain words


class _ClinicForm(forms.ModelForm):  # type: ignore[type-arg]
    class Meta:
        model = Clinic
        fields = CLINIC_FIELDS

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, value in (self.instance.clinical_thresholds or {}).items():
            if name in LIMITS:
                shown = _shown(value) if name == "odi_band_edges" else value
                self.initial.setdefault(PREFIX + name, shown)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        changes: dict[str, object] = {}
        for name in LIMITS:
            value = cleaned.get(PREFIX + name)
            if value in (None, ""):
                continue
            changes[name] = _band_edges(value) if name == "odi_band_edges" else value
        try:
            clinical.thresholds_from(changes)
        except clinical.ValidationError as refused:
            for error in refused.errors:
                field = PREFIX + error["field"]
                self.add_error(field if field in self.fields else None, error["message"])
        else:
            self.instance.clinical_thresholds = changes
        return cleaned


THRESHOLD_FIELDS = tuple(PREFIX + name for name in LIMITS)
# Declared fields, so the admin (which checks its fieldsets against the form) knows them.
ClinicForm = type("ClinicForm", (_ClinicForm,), {PREFIX + name: _field(name) for name in LIMITS})
