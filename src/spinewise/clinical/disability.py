"""Disability, Oswestry-style (docs/clinical-rules.md §4; Fairbank & Pynsent 2000)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from spinewise.clinical.codes import DisabilityBand
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds

BANDS = (
    DisabilityBand.MINIMAL,
    DisabilityBand.MODERATE,
    DisabilityBand.SEVERE,
    DisabilityBand.CRIPPLING,
    DisabilityBand.BED_BOUND,
)


@dataclass(frozen=True)
class Disability:
    score_pct: float | None
    band: DisabilityBand
    answered: int

    def to_dict(self) -> dict[str, object]:
        return {"score_pct": self.score_pct, "band": self.band.value, "answered": self.answered}


def round_half_up(value: float) -> int:
    # Python's round() rounds halves to even (40.5 -> 40); the band rule rounds them up.
    return math.floor(value + 0.5)


def band_for(score_pct: float, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> DisabilityBand:
    whole = round_half_up(score_pct)
    for edge, band in zip(thresholds.odi_band_edges, BANDS, strict=False):
        if whole <= edge:
            return band
    return DisabilityBand.BED_BOUND


def oswestry_disability(
    sections: Mapping[str, int], thresholds: Thresholds = DEFAULT_THRESHOLDS
) -> Disability:
    answered = len(sections)
    if answered < thresholds.odi_min_answered:
        return Disability(None, DisabilityBand.INCOMPLETE, answered)
    score = round(sum(sections.values()) / (5 * answered) * 100, 1)
    return Disability(score, band_for(score, thresholds), answered)
