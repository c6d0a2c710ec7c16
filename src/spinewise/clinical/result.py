"""The result of an assessment, shaped exactly like the public API's JSON (docs/api.md)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from spinewise.clinical.codes import (
    DirectionalPreference,
    PainPattern,
    ProgrammeStart,
    RedFlag,
    Triage,
)
from spinewise.clinical.disability import Disability
from spinewise.clinical.risk import Risk


@dataclass(frozen=True)
class AssessmentResult:
    triage: Triage
    programme_start: ProgrammeStart
    red_flags: tuple[RedFlag, ...]
    risk: Risk
    disability: Disability
    pain_pattern: PainPattern
    directional_preference: DirectionalPreference
    next_steps: tuple[dict[str, str], ...] = field(default=())
    reasons: tuple[str, ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        return {
            "triage": self.triage.value,
            "programme_start": self.programme_start.value,
            "red_flags": [
                {"code": f.code, "condition": f.condition, "level": f.level.code}
                for f in self.red_flags
            ],
            "risk": self.risk.to_dict(),
            "disability": self.disability.to_dict(),
            "pattern": {
                "pain_pattern": self.pain_pattern.value,
                "directional_preference": self.directional_preference.value,
            },
            "next_steps": [dict(step) for step in self.next_steps],
            "reasons": list(self.reasons),
        }
