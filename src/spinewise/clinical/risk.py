"""Risk of a poor outcome, STarT Back-style (CLINICAL.md §3; Hill et al. 2008, 2011)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from spinewise.clinical.codes import CarePathway, RiskGroup
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds

YES_NO_ITEMS = (
    "sb_referred_leg_pain",
    "sb_shoulder_neck_pain",
    "sb_walk_short_distances",
    "sb_dress_slowly",
    "sb_unsafe_to_be_active",
    "sb_worrying_thoughts",
    "sb_never_get_better",
    "sb_not_enjoying",
)
PSYCHOSOCIAL_YES_NO = YES_NO_ITEMS[4:]  # items 5–8; item 9 (bothersomeness) joins them
BOTHERSOME = frozenset({"very_much", "extremely"})
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
    if any(code not in items for code in (*YES_NO_ITEMS, "sb_bothersomeness")):
        return Risk(None, None, RiskGroup.INCOMPLETE, None)
    bother = int(items["sb_bothersomeness"] in BOTHERSOME)
    total = sum(int(bool(items[code])) for code in YES_NO_ITEMS) + bother
    psychosocial = sum(int(bool(items[code])) for code in PSYCHOSOCIAL_YES_NO) + bother
    if total <= thresholds.startback_low_max_total:
        group = RiskGroup.LOW
    elif psychosocial >= thresholds.startback_high_min_psychosocial:
        group = RiskGroup.HIGH
    else:
        group = RiskGroup.MEDIUM
    return Risk(total, psychosocial, group, PATHWAYS[group])
