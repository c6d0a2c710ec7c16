"""The library content itself: enough exercises, every field, valid pictures and chains."""

import copy
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from spinewise.exercises import illustrate
from spinewise.exercises.library import (
    CATEGORIES,
    CONTENT,
    LibraryError,
    read_library,
    validate_library,
)

LIBRARY = read_library()
SVG = "{http://www.w3.org/2000/svg}"


def test_there_are_at_least_30_exercises() -> None:
    assert len(LIBRARY) >= 30


def test_every_category_is_covered() -> None:
    assert {e["category"] for e in LIBRARY} == set(CATEGORIES)


def test_levels_one_to_five_are_covered() -> None:
    assert {e["level"] for e in LIBRARY} == {1, 2, 3, 4, 5}


def test_the_library_passes_validation() -> None:
    validate_library(LIBRARY)


@pytest.mark.parametrize("exercise", LIBRARY, ids=lambda e: e["slug"])
def test_each_exercise_has_a_valid_accessible_svg(exercise: dict[str, Any]) -> None:
    path = CONTENT / "svg" / f"{exercise['slug']}.svg"
    root = ET.fromstring(path.read_text(encoding="utf-8"))
    assert root.get("role") == "img"
    assert root.get("viewBox")
    title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
    assert title is not None and desc is not None
    assert title.text
    assert desc.text == exercise["illustration_alt"]
    assert root.find(f".//{SVG}script") is None
    assert "href" not in path.read_text()
    assert path.stat().st_size < 10_000


def test_committed_svgs_match_the_generator(tmp_path: Path) -> None:
    for written in illustrate.regenerate(out=tmp_path):
        committed = CONTENT / "svg" / written.name
        assert written.read_text() == committed.read_text(), f"run: python -m {illustrate.__name__}"


def test_every_stop_rule_says_to_call_the_clinic() -> None:
    assert all("call the clinic" in e["stop_if"] for e in LIBRARY)


def test_extension_and_flexion_options_exist_for_directional_preference() -> None:
    directions = {e["direction"] for e in LIBRARY if e["category"] == "mobility"}
    assert {"extension", "flexion", "neutral"} <= directions


def test_pregnancy_safe_options_exist_in_every_category() -> None:
    for category in CATEGORIES:
        assert any(
            e["category"] == category and "pregnancy" not in e["contraindications"] for e in LIBRARY
        ), category


def broken(**changes: Any) -> list[dict[str, Any]]:
    items = copy.deepcopy(LIBRARY)
    items[0].update(changes)
    return items


def problems(items: list[dict[str, Any]]) -> str:
    with pytest.raises(LibraryError) as caught:
        validate_library(items)
    return "\n".join(caught.value.problems)


def test_unknown_category_is_named() -> None:
    assert "category must be one of" in problems(broken(category="yoga"))


def test_unknown_contraindication_is_named() -> None:
    assert "contraindications must come from" in problems(broken(contraindications=["flu"]))


def test_missing_text_is_named() -> None:
    assert "'purpose' must be some text" in problems(broken(purpose=""))


def test_empty_steps_are_named() -> None:
    assert "'steps' must be a list" in problems(broken(steps=[]))


def test_level_out_of_range_is_named() -> None:
    assert "level must be a whole number from 1 to 5" in problems(broken(level=9))


def test_ladder_that_does_not_rise_is_named() -> None:
    dose = {"kind": "reps", "ladder": [{"reps": 10, "sets": 1}, {"reps": 8, "sets": 1}]}
    assert "must ask for more" in problems(broken(dose=dose))


def test_ladder_with_wrong_keys_is_named() -> None:
    assert "positive whole numbers" in problems(
        broken(dose={"kind": "hold", "ladder": [{"reps": 3}]})
    )


def test_unknown_dose_kind_is_named() -> None:
    assert "dose kind must be one of" in problems(broken(dose={"kind": "laps", "ladder": []}))


def test_one_way_chain_link_is_named() -> None:
    items = copy.deepcopy(LIBRARY)
    linked = next(i for i in items if i["harder"])
    other = next(i for i in items if i["slug"] == linked["harder"])
    other["easier"] = None
    assert "is not" in problems(items)


def test_chain_to_a_missing_exercise_is_named() -> None:
    items = copy.deepcopy(LIBRARY)
    next(i for i in items if not i["harder"])["harder"] = "moonwalk"
    assert "moonwalk, which is not in the library" in problems(items)


def test_looping_chain_is_named() -> None:
    a, b = copy.deepcopy(LIBRARY[0]), copy.deepcopy(LIBRARY[1])
    a.update(slug="a", easier="b", harder="b", level=1)
    b.update(slug="b", easier="a", harder="a", level=1)
    assert "loops back" in problems([a, b])


def test_harder_exercise_with_lower_level_is_named() -> None:
    a, b = copy.deepcopy(LIBRARY[0]), copy.deepcopy(LIBRARY[1])
    a.update(slug="a", easier=None, harder="b", level=3)
    b.update(slug="b", easier="a", harder=None, level=1)
    assert "cannot have a lower level" in problems([a, b])


def test_duplicate_slugs_are_named() -> None:
    assert "share a slug" in problems([LIBRARY[0], LIBRARY[0]])
