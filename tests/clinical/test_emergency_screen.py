from spinewise.clinical import screen_emergency


def test_no_emergency_answer_means_carry_on() -> None:
    assert screen_emergency({"rf_fever": True, "rf_bladder_change": False}) is None


def test_an_emergency_answer_gives_the_emergency_result_at_once() -> None:
    screened = screen_emergency({"rf_bladder_change": True, "rf_fever": True})
    assert screened is not None
    result = screened.to_dict()
    assert (result["triage"], result["programme_start"]) == ("emergency", "blocked")
    assert [f["code"] for f in result["red_flags"]] == ["rf_bladder_change", "rf_fever"]
    assert result["next_steps"][0]["code"] == "go_to_emergency_department"
    assert result["risk"]["group"] == "incomplete"
    assert result["disability"]["band"] == "incomplete"


def test_only_a_real_yes_counts() -> None:
    assert screen_emergency({"rf_bladder_change": "yes"}) is None
