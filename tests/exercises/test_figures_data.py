"""The figure data loader: bases, overrides, and plain errors for data it cannot draw."""

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from spinewise.exercises import illustrate
from spinewise.exercises.poses import FIGURES, POSES, FigureError, load_poses, parse_poses

DATA: dict[str, Any] = json.loads(FIGURES.read_text(encoding="utf-8"))


def refused(data: object) -> str:
    with pytest.raises(FigureError) as caught:
        parse_poses(data)
    return str(caught.value)


def changed(section: str, name: str, **entry: Any) -> dict[str, Any]:
    data = copy.deepcopy(DATA)
    data[section][name] = entry
    return data


def test_the_shipped_data_loads_once() -> None:
    assert load_poses() is load_poses() is POSES
    assert {"standing", "quadruped", "bird_dog"} <= set(POSES)


def test_a_pose_keeps_its_base_joints_and_props_unless_it_overrides_them() -> None:
    data = changed("poses", "perched", base="sitting", hip=[82, 78], props=["wall"])
    poses = parse_poses(data)
    assert poses["perched"].joints["hip"] == (82, 78)
    assert poses["perched"].joints["head"] == poses["sitting"].joints["head"]
    assert poses["perched"].props == {"wall"}
    assert poses["sitting"].props == {"chair"}


def test_a_far_limb_nobody_placed_follows_the_near_one() -> None:
    bridge = POSES["bridge"].joints
    assert bridge["knee_b"] == bridge["knee_a"] == (112, 80)


def test_an_unknown_base_is_refused_by_name() -> None:
    message = refused(changed("poses", "bird_dog", base="kneel", hip=[100, 66]))
    assert "pose 'bird_dog' names the base 'kneel', which is not one of the bases" in message


def test_a_pose_without_a_base_is_refused() -> None:
    assert "pose 'bird_dog' must name its base" in refused(changed("poses", "bird_dog"))


def test_an_unknown_joint_is_refused_by_name() -> None:
    message = refused(changed("poses", "bird_dog", base="quadruped", tail=[150, 60]))
    assert "pose 'bird_dog' has an unknown joint 'tail'; joints are head, neck" in message


def test_an_unknown_joint_in_a_base_is_refused_by_name() -> None:
    data = copy.deepcopy(DATA)
    data["bases"]["supine"]["elbow_c"] = [1, 2]
    assert "base 'supine' has an unknown joint 'elbow_c'" in refused(data)


def test_a_base_missing_a_joint_is_refused() -> None:
    data = copy.deepcopy(DATA)
    del data["bases"]["prone"]["hip"]
    assert "base 'prone' has no hip" in refused(data)


def test_a_base_cannot_name_a_base() -> None:
    data = copy.deepcopy(DATA)
    data["bases"]["prone"]["base"] = "supine"
    assert "base 'prone': a base stands alone" in refused(data)


@pytest.mark.parametrize("point", [[10], [10, "20"], [True, 20], [250, 20], [10, -1], None])
def test_a_point_must_be_x_y_inside_the_panel(point: object) -> None:
    message = refused(changed("poses", "bridge", base="supine", hip=point))
    assert "pose 'bridge', joint 'hip' must be [x, y] inside the 200 x 130 panel" in message


def test_an_unknown_prop_is_refused() -> None:
    message = refused(changed("poses", "bridge", base="supine", props=["trampoline"]))
    assert "pose 'bridge': props must be a list from chair, wall" in message


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "poses.json must hold a table with 'bases' and 'poses'."),
        ({"bases": {}}, "poses.json needs a 'bases' table with at least one base."),
        ({"bases": DATA["bases"]}, "poses.json needs a 'poses' table with at least one pose."),
    ],
)
def test_missing_tables_are_refused(data: Any, message: str) -> None:
    assert refused(data) == message


def test_a_file_that_is_not_json_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text("{", encoding="utf-8")
    with pytest.raises(FigureError, match=r"broken\.json is not valid JSON"):
        load_poses(path)


def test_an_exercise_naming_a_missing_pose_is_refused_by_slug() -> None:
    with pytest.raises(FigureError) as caught:
        illustrate.render("bird-dog", "quadruped", "handstand", "Alt.", "Bird dog")
    assert str(caught.value) == "bird-dog: the end pose 'handstand' is not in poses.json."


def test_every_exercise_names_poses_that_exist() -> None:
    for path in sorted(illustrate.CONTENT.glob("*.json")):
        poses = json.loads(path.read_text(encoding="utf-8"))["poses"]
        assert {poses["start"], poses["end"]} <= set(POSES), path.stem
