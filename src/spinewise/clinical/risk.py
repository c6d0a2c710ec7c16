"""Risk of a poor outcome, STarT Back-style (docs/clinical-rules.md §3; Hill et al. 2008, 2011)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spinewise.clinical.codes import (
    SB_BOTHERSOMENESS,
    STARTBACK_CODES,
    STARTBACK_PSYCHOSOCIAL,
    STARTBACK_YES_NO,
    Bothersomeness,
    CarePathway,
    RiskGroup,
)
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds

BOTHERSOME = frozenset({Bothersomeness.VERY_MUCH, Bothersomeness.EXTREMELY})
PATHWAYS = {
    RiskGroup.LOW: CarePathway.GUIDED_SELF_MANAGEMENT,
    RiskGroup.MEDIUM: CarePathway.PHYSIO_SUPPORTED,
    RiskGroup.HIGH: CarePathway.PSYCHOLOGICALLY_INFORMED,
}


@dataclass(frozen=True)
class Risk:
    total: int | None
    psychosocial: int | None
    group: RiskGroup
    care_pathway: CarePathway | None

    def to_dict(self) -> dict[str, object]:
        return {
            "total": self.total,
            "psychosocial": self.psychosocial,
            "group": self.group.value,
            "care_pathway": self.care_pathway.value if self.care_pathway else None,
        }


def startback_risk(
    items: Mapping[str, object], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Risk:
    # A missing item makes the risk incomplete: never guessed.
    if any(code not in items for code in STARTBACK_CODES):
        return Risk(None, None, RiskGroup.INCOMPLETE, None)
    bother = int(items[SB_BOTHERSOMENESS] in BOTHERSOME)
    total = sum(int(bool(items[code])) for code in STARTBACK_YES_NO) + bother
    psychosocial = sum(int(bool(items[code])) for code in STARTBACK_PSYCHOSOCIAL) + bother
    if total <= thresholds.startback_low_max_total:
        group = RiskGroup.LOW
    elif psychosocial >= thresholds.startback_high_min_psychosocial:
        group = RiskGroup.HIGH
    else:
        group = RiskGroup.MEDIUM
    return Risk(total, psychosocial, group, PATHWAYS[group])
