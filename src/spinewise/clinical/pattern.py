"""Pain pattern and directional preference (docs/clinical-rules.md §5)."""

from __future__ import annotations

from collections.abc import Collection

from spinewise.clinical.codes import DirectionalPreference, LegSymptoms, Movement, PainPattern

EXTENSION_WORSE = frozenset({Movement.BENDING_FORWARD, Movement.SITTING})
EXTENSION_BETTER = frozenset({Movement.BENDING_BACKWARD, Movement.STANDING, Movement.WALKING})


def pain_pattern(
    leg_symptoms: str, numbness_tingling: bool, leg_worse_than_back: bool
) -> PainPattern:
    if leg_symptoms == LegSymptoms.BELOW_KNEE and (numbness_tingling or leg_worse_than_back):
        return PainPattern.RADICULAR
    if leg_symptoms != LegSymptoms.NONE:
        return PainPattern.REFERRED_LEG
    return PainPattern.BACK_ONLY


def directional_preference(
    worse_with: Collection[str], better_with: Collection[str]
) -> DirectionalPreference:
    """Movements that ease pain in one direction and aggravate it in the other (Long et al.
    2004): an extension preference eases with standing and walking, worsens with sitting."""
    worse, better = set(worse_with), set(better_with)
    ext = int(bool(worse & EXTENSION_WORSE)) + int(bool(better & EXTENSION_BETTER))
    flex = int(bool(worse & EXTENSION_BETTER)) + int(bool(better & EXTENSION_WORSE))
    if ext >= 1 and flex == 0:
        return DirectionalPreference.EXTENSION
    if flex >= 1 and ext == 0:
        return DirectionalPreference.FLEXION
    return DirectionalPreference.NONE
