"""The figures are frozen: every drawing must match its golden SVG byte for byte.

The golden files were written once from the drawing code as it stood before the poses
moved to data, so moving or tidying the pose data can never change a picture unnoticed.
If a drawing is meant to change, rewrite the affected golden file on purpose and say why
in the commit.

golden_figures/<slug>.svg        what render_file / regenerate give for each exercise
golden_figures/poses/<pose>.svg  render() with one pose in both panels, for every pose,
                                 including poses no exercise uses yet (the admin can pick
                                 any pose)
"""

from pathlib import Path

import pytest

from spinewise.exercises import illustrate
from spinewise.exercises.poses import POSES

GOLDEN = Path(__file__).parent / "golden_figures"
EXERCISES = sorted(illustrate.CONTENT.glob("*.json"))


def render_pose(name: str) -> str:
    return illustrate.render(f"pose-{name}", name, name, f"The {name} pose.", name)


def golden(path: Path) -> str:
    # Bytes, not text: no newline translation may hide a difference.
    return path.read_bytes().decode("utf-8")


@pytest.mark.parametrize("path", EXERCISES, ids=lambda p: p.stem)
def test_each_exercise_drawing_matches_its_golden_file(path: Path) -> None:
    assert illustrate.render_file(path) == golden(GOLDEN / f"{path.stem}.svg")


@pytest.mark.parametrize("name", sorted(POSES))
def test_each_pose_drawing_matches_its_golden_file(name: str) -> None:
    assert render_pose(name) == golden(GOLDEN / "poses" / f"{name}.svg")


def test_regenerate_writes_the_golden_drawings(tmp_path: Path) -> None:
    written = illustrate.regenerate(out=tmp_path)
    assert [p.name for p in written] == [f"{p.stem}.svg" for p in EXERCISES]
    for path in written:
        assert path.read_bytes() == (GOLDEN / path.name).read_bytes(), path.name


def test_there_is_a_golden_file_for_every_exercise_and_pose() -> None:
    assert {p.stem for p in GOLDEN.glob("*.svg")} == {p.stem for p in EXERCISES}
    assert {p.stem for p in (GOLDEN / "poses").glob("*.svg")} == set(POSES)
