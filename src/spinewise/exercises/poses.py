"""Stick-figure poses for the exercise drawings, read from content/figures/poses.json.

A pose names a shared base (standing, supine, quadruped...) and gives only the joints that
differ; docs/exercise-programme.md ("Figure data") describes the format. Pure Python, so
the drawing code, the admin and the tests read the same checked data without Django.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

Point = tuple[float, float]
FLOOR = 118.0
PANEL_SIZE = (200.0, 130.0)
FIGURES = Path(__file__).resolve().parent.parent / "content" / "figures" / "poses.json"
LIMBS = ("elbow", "hand", "knee", "ankle", "toe")
NEAR = tuple(f"{limb}_a" for limb in LIMBS)
FAR = tuple(f"{limb}_b" for limb in LIMBS)
# "mid" bends the spine into a curve; without it the spine is straight.
JOINTS = ("head", "neck", "mid", "hip", *NEAR, *FAR)
PROPS = ("chair", "wall", "step", "bike", "strap")


class FigureError(ValueError):
    """The figure data cannot be drawn; the message names the pose and what is wrong."""


@dataclass(frozen=True)
class Pose:
    joints: Mapping[str, Point]
    props: frozenset[str]


@dataclass(frozen=True)
class _Entry:
    base: str | None
    joints: dict[str, Point]
    props: frozenset[str] | None


def parse_poses(data: object, source: str = FIGURES.name) -> Mapping[str, Pose]:
    """Check the figure data and resolve every pose against its base."""
    if not isinstance(data, dict):
        raise FigureError(f"{source} must hold a table with 'bases' and 'poses'.")
    bases = _entries(source, "base", data.get("bases"))
    for name, given in bases.items():
        missing = [j for j in ("head", "neck", "hip", *NEAR) if j not in given.joints]
        if missing:
            raise FigureError(f"{source}: base '{name}' has no {', '.join(missing)}.")
    poses: dict[str, Pose] = {}
    for name, entry in _entries(source, "pose", data.get("poses")).items():
        base = bases.get(entry.base or "")
        if base is None:
            raise FigureError(
                f"{source}: pose '{name}' names the base '{entry.base}', which is not one of "
                f"the bases ({', '.join(bases)})."
            )
        joints = {**base.joints, **entry.joints}
        # Drawn side on, a far limb nobody placed hides behind its near twin.
        for near, far in zip(NEAR, FAR, strict=True):
            joints.setdefault(far, joints[near])
        props = base.props if entry.props is None else entry.props
        poses[name] = Pose(MappingProxyType(joints), props or frozenset())
    return MappingProxyType(poses)


@cache
def load_poses(path: Path = FIGURES) -> Mapping[str, Pose]:
    """Every pose by name; the file is read and checked once."""
    try:
        data: object = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as error:
        raise FigureError(f"{path.name} is not valid JSON: {error}") from error
    return parse_poses(data, path.name)


def _entries(source: str, kind: str, table: object) -> dict[str, _Entry]:
    if not isinstance(table, dict) or not table:
        raise FigureError(f"{source} needs a '{kind}s' table with at least one {kind}.")
    return {str(name): _entry(f"{source}: {kind} '{name}'", kind, e) for name, e in table.items()}


def _entry(where: str, kind: str, entry: object) -> _Entry:
    if not isinstance(entry, dict):
        raise FigureError(f"{where} must be a table of joints.")
    base: str | None = None
    props: frozenset[str] | None = None
    joints: dict[str, Point] = {}
    for key, value in entry.items():
        if key == "base":
            if kind != "pose":
                raise FigureError(f"{where}: a base stands alone and cannot name a base.")
            base = str(value)
        elif key == "props":
            if not isinstance(value, list) or not all(p in PROPS for p in value):
                raise FigureError(f"{where}: props must be a list from {', '.join(PROPS)}.")
            props = frozenset(str(p) for p in value)
        elif key in JOINTS:
            joints[str(key)] = _point(f"{where}, joint '{key}'", value)
        else:
            raise FigureError(
                f"{where} has an unknown joint '{key}'; joints are {', '.join(JOINTS)}."
            )
    if kind == "pose" and base is None:
        raise FigureError(f"{where} must name its base.")
    return _Entry(base, joints, props)


def _point(where: str, value: object) -> Point:
    if (
        isinstance(value, list)
        and len(value) == 2
        and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
    ):
        x, y = float(value[0]), float(value[1])
        if 0 <= x <= PANEL_SIZE[0] and 0 <= y <= PANEL_SIZE[1]:
            return x, y
    raise FigureError(f"{where} must be [x, y] inside the 200 x 130 panel, not {value!r}.")


POSES = load_poses()
