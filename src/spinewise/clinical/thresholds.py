"""Every number the rules use, with the defaults of CLINICAL.md. A clinic may pass its own."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # §1 answers
    min_age: int = 16
    max_age: int = 110
    # §2 derived flags
    older_first_episode_age: int = 50
    severe_pain: int = 9
    # §2 programme_start: a clinic may require approval for every plan
    require_approval_for_all: bool = False
    # §3 STarT Back-style (Hill et al. 2008)
    startback_low_max_total: int = 3
    startback_high_min_psychosocial: int = 4
    # §4 Oswestry-style (Fairbank & Pynsent 2000): band upper edges, whole-number score
    odi_min_answered: int = 8
    odi_band_edges: tuple[int, int, int, int] = (20, 40, 60, 80)
    # §6 programme start: bottom rung when pain or ODI is high
    gentle_start_pain: int = 7
    gentle_start_odi: int = 41
    sessions_gentle: int = 3
    sessions_standard: int = 4
    # §6 session response (pain-monitoring model, Silbernagel et al. 2007)
    stop_peak: int = 8
    too_much_peak_above: int = 5
    next_morning_rise: int = 2
    # §8 meaningful change (Ostelo et al. 2008)
    pain_change_points: int = 2
    pain_change_fraction: float = 0.30
    pain_change_min_points: int = 1
    odi_change_points: float = 10.0
    odi_change_fraction: float = 0.30


DEFAULT_THRESHOLDS = Thresholds()
