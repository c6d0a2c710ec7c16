import pytest

from spinewise.clinical import assess
from spinewise.clinical.codes import STARTBACK_YES_NO
from spinewise.clinical.disability import band_for, oswestry_disability, round_half_up
from spinewise.clinical.pattern import directional_preference, pain_pattern
from spinewise.clinical.risk import startback_risk
from tests.assessments.answers import self_care


def startback(yes: set[str], bother: str = "slightly") -> dict[str, object]:
    return {**{code: code in yes for code in STARTBACK_YES_NO}, "sb_bothersomeness": bother}


# docs/clinical-rules.md §3, by position: items 1–4 are physical, items 5–8 psychosocial.
PHYSICAL = set(STARTBACK_YES_NO[:4])
PSYCHO = set(STARTBACK_YES_NO[4:])


def test_total_3_is_low_risk() -> None:
    risk = startback_risk(startback({"sb_referred_leg_pain", "sb_dress_slowly", "sb_not_enjoying"}))
    assert (risk.total, risk.group, risk.care_pathway) == (3, "low", "guided_self_management")


def test_total_4_with_psychosocial_3_is_medium() -> None:
    risk = startback_risk(startback(PHYSICAL - {"sb_dress_slowly"} | {"sb_worrying_thoughts"}))
    assert (risk.total, risk.psychosocial, risk.group) == (4, 1, "medium")
    assert risk.care_pathway == "physio_supported"


def test_psychosocial_3_with_high_total_is_still_medium() -> None:
    yes = PHYSICAL | {"sb_unsafe_to_be_active", "sb_worrying_thoughts", "sb_never_get_better"}
    risk = startback_risk(startback(yes))
    assert (risk.psychosocial, risk.group) == (3, "medium")


def test_psychosocial_4_is_high() -> None:
    risk = startback_risk(startback(PSYCHO))
    assert (risk.total, risk.psychosocial, risk.group) == (4, 4, "high")
    assert risk.care_pathway == "psychologically_informed"


@pytest.mark.parametrize(
    ("bother", "score"),
    [
        ("not_at_all", 0),
        ("slightly", 0),
        ("moderately", 0),
        ("very_much", 1),
        ("extremely", 1),
    ],
)
def test_only_very_much_and_extremely_bothersome_score(bother: str, score: int) -> None:
    assert startback_risk(startback(set(), bother)).total == score


def test_any_missing_startback_item_is_incomplete() -> None:
    items = startback(PSYCHO)
    del items["sb_dress_slowly"]
    risk = startback_risk(items)
    assert (risk.group, risk.total, risk.care_pathway) == ("incomplete", None, None)


def test_odi_needs_8_sections() -> None:
    sections = {f"s{i}": 2 for i in range(7)}
    assert oswestry_disability(sections).to_dict() == {
        "score_pct": None,
        "band": "incomplete",
        "answered": 7,
    }


def test_odi_with_8_sections_scores_over_answered_ones() -> None:
    result = oswestry_disability({f"s{i}": 2 for i in range(8)})
    assert (result.score_pct, result.band, result.answered) == (40.0, "moderate", 8)


def test_odi_reports_one_decimal() -> None:
    assert oswestry_disability({f"s{i}": 1 for i in range(9)}).score_pct == 20.0
    assert oswestry_disability({**{f"s{i}": 1 for i in range(8)}, "s8": 2}).score_pct == 22.2


def test_odi_band_rounds_half_up() -> None:
    # 17 of 40 = 42.5 % -> 43 -> severe; 16.2 of 40 can't happen, so test the rounding itself.
    assert round_half_up(40.5) == 41
    assert round(40.5) == 40  # why we do not use round()
    assert band_for(40.5) == "severe"
    assert band_for(40.4) == "moderate"


@pytest.mark.parametrize(
    ("score", "band"),
    [
        (0, "minimal"),
        (20, "minimal"),
        (21, "moderate"),
        (40, "moderate"),
        (41, "severe"),
        (60, "severe"),
        (61, "crippling"),
        (80, "crippling"),
        (81, "bed_bound"),
        (100, "bed_bound"),
    ],
)
def test_odi_band_edges(score: int, band: str) -> None:
    assert band_for(score) == band


def test_eight_sections_at_a_half_give_the_higher_band() -> None:
    result = oswestry_disability({**{f"s{i}": 2 for i in range(7)}, "s7": 3})  # 17/40
    assert (result.score_pct, result.band) == (42.5, "severe")


@pytest.mark.parametrize(
    ("leg", "numb", "worse", "pattern"),
    [
        ("below_knee", True, False, "radicular"),
        ("below_knee", False, True, "radicular"),
        ("below_knee", False, False, "referred_leg"),
        ("above_knee", True, True, "referred_leg"),
        ("none", True, True, "back_only"),
    ],
)
def test_pain_pattern(leg: str, numb: bool, worse: bool, pattern: str) -> None:
    assert pain_pattern(leg, numb, worse) == pattern


@pytest.mark.parametrize(
    ("worse", "better", "preference"),
    [
        (["sitting"], [], "extension"),
        ([], ["walking"], "extension"),
        (["bending_forward"], ["standing"], "extension"),
        (["standing"], [], "flexion"),
        ([], ["sitting"], "flexion"),
        (["walking"], ["bending_forward"], "flexion"),
        (["sitting"], ["sitting"], "none"),
        (["lying"], ["lying"], "none"),
        ([], [], "none"),
    ],
)
def test_directional_preference(worse: list[str], better: list[str], preference: str) -> None:
    assert directional_preference(worse, better) == preference


def test_assess_reports_risk_and_disability_together() -> None:
    result = assess(self_care()).to_dict()
    assert result["risk"]["group"] == "low"
    assert result["disability"] == {"score_pct": 20.0, "band": "minimal", "answered": 10}
    assert result["pattern"] == {"pain_pattern": "back_only", "directional_preference": "extension"}


# docs/clinical-rules.md §3: psychosocial = items 5–9, so bothersomeness counts towards it.
def test_bothersomeness_counts_towards_the_psychosocial_score() -> None:
    yes = {"sb_unsafe_to_be_active", "sb_worrying_thoughts", "sb_never_get_better"}
    risk = startback_risk(startback(yes, "very_much"))
    assert (risk.total, risk.psychosocial, risk.group) == (4, 4, "high")


# docs/clinical-rules.md §3: "If any STarT item is missing, the risk is incomplete", item 9
# included.
def test_missing_bothersomeness_alone_is_incomplete() -> None:
    items = startback(PSYCHO)
    del items["sb_bothersomeness"]
    assert startback_risk(items).group == "incomplete"


# docs/clinical-rules.md §4: "Band by the score rounded half-up", at every band edge.
@pytest.mark.parametrize(
    ("score", "band"),
    [
        (20.4, "minimal"),
        (20.5, "moderate"),
        (40.4, "moderate"),
        (40.5, "severe"),
        (60.4, "severe"),
        (60.5, "crippling"),
        (80.4, "crippling"),
        (80.5, "bed_bound"),
    ],
)
def test_odi_band_edges_round_half_up(score: float, band: str) -> None:
    assert band_for(score) == band


# docs/clinical-rules.md §4: "sum / (5 × answered)": unanswered sections leave the denominator.
def test_assess_scores_odi_over_the_answered_sections_only() -> None:
    answers = self_care(odi_walking=3)
    del answers["odi_sex_life"], answers["odi_travelling"]
    assert assess(answers).to_dict()["disability"] == {
        "score_pct": 25.0,
        "band": "moderate",
        "answered": 8,
    }


# docs/clinical-rules.md §4: "At least 8 answered, else incomplete", through assess().
def test_assess_with_7_odi_sections_is_incomplete() -> None:
    answers = self_care()
    del answers["odi_sex_life"], answers["odi_travelling"], answers["odi_sleeping"]
    disability = assess(answers).to_dict()["disability"]
    assert (disability["score_pct"], disability["band"]) == (None, "incomplete")
