"""Draw an exercise's start and end positions as a small, accessible SVG.

The poses come from content/figures/poses.json (see poses.py). Pure Python and
deterministic, so the committed SVGs can be checked against the generator:
    python -m spinewise.exercises.illustrate   (rewrites content/exercises/svg/*.svg)
"""

from __future__ import annotations

import json
import sys
from html import escape
from itertools import pairwise
from pathlib import Path

from spinewise.exercises.poses import FIGURES, FLOOR, FigureError, Pose, load_poses

CONTENT = Path(__file__).resolve().parent.parent / "content" / "exercises"
NEAR, FAR, BODY, PROP = "#16384d", "#7d8f9c", "#16384d", "#b9c4cc"
PANEL_W, PANEL_H, TOP = 200, 130, 22


def _line(a: tuple[float, float], b: tuple[float, float], colour: str, width: float) -> str:
    return (
        f'<line x1="{a[0]:g}" y1="{a[1]:g}" x2="{b[0]:g}" y2="{b[1]:g}" stroke="{colour}" '
        f'stroke-width="{width:g}" stroke-linecap="round"/>'
    )


def _props(pose: Pose) -> list[str]:
    parts = []
    if "chair" in pose.props:
        parts.append(
            f'<path d="M62 80 H90 M62 80 V118 M88 80 V118 M62 80 V40" stroke="{PROP}" '
            'stroke-width="4" fill="none" stroke-linecap="round"/>'
        )
    if "wall" in pose.props:
        parts.append(f'<rect x="44" y="6" width="6" height="112" fill="{PROP}"/>')
    if "step" in pose.props:
        parts.append(f'<rect x="92" y="104" width="50" height="14" rx="2" fill="{PROP}"/>')
    if "bike" in pose.props:
        parts.append(
            f'<path d="M70 76 H86 M78 76 V110 M64 110 H130 M120 110 V60 M112 56 H126" '
            f'stroke="{PROP}" stroke-width="4" fill="none" stroke-linecap="round"/>'
        )
    if "strap" in pose.props:
        parts.append(_line(pose.joints["hand_a"], pose.joints["toe_a"], "#b35c00", 2))
    lying = pose.joints["hip"][1] > 85 and "chair" not in pose.props
    if lying:
        parts.append(
            f'<rect x="10" y="{FLOOR - 3:g}" width="180" height="4" rx="2" fill="#cfe3ef"/>'
        )
    return parts


def _figure(pose: Pose) -> list[str]:
    joints, parts = pose.joints, []
    for side, colour in (("b", FAR), ("a", NEAR)):
        for chain in (("neck", "elbow", "hand"), ("hip", "knee", "ankle", "toe")):
            points = [joints[chain[0]]] + [joints[f"{joint}_{side}"] for joint in chain[1:]]
            width = 5 if chain[0] == "neck" else 6
            parts += [_line(p, q, colour, width) for p, q in pairwise(points)]
    neck, hip, mid = joints["neck"], joints["hip"], joints.get("mid")
    if mid is not None:
        parts.append(
            f'<path d="M{neck[0]:g} {neck[1]:g} Q{mid[0]:g} {mid[1]:g} {hip[0]:g} '
            f'{hip[1]:g}" stroke="{BODY}" stroke-width="9" fill="none" '
            'stroke-linecap="round"/>'
        )
    else:
        parts.append(_line(neck, hip, BODY, 9))
    head = joints["head"]
    parts.append(f'<circle cx="{head[0]:g}" cy="{head[1]:g}" r="8" fill="{BODY}"/>')
    return parts


def _pose(slug: str, frame: str, name: str) -> Pose:
    pose = load_poses().get(name)
    if pose is None:
        raise FigureError(f"{slug}: the {frame} pose '{name}' is not in {FIGURES.name}.")
    return pose


def _panel(pose: Pose, label: str, x: int) -> str:
    body = "".join(_props(pose) + _figure(pose))
    return (
        f'<g transform="translate({x} {TOP})">'
        f'<rect x="0.5" y="0.5" width="{PANEL_W - 1}" height="{PANEL_H - 1}" rx="8" '
        'fill="#f6f9fb" stroke="#c9d3da"/>'
        f'<line x1="6" y1="{FLOOR}" x2="{PANEL_W - 6}" y2="{FLOOR}" stroke="#9aa7b0" '
        'stroke-width="2"/>'
        f"{body}</g>"
        f'<text x="{x + 8}" y="16" font-family="sans-serif" font-size="13" font-weight="700" '
        f'fill="#1b1b1b">{label}</text>'
    )


def render(slug: str, start: str, end: str, alt: str, name: str) -> str:
    """The SVG text for one exercise (ids carry the slug so several fit on one page)."""
    title_id, desc_id = f"{slug}-title", f"{slug}-desc"
    start_pose, end_pose = _pose(slug, "start", start), _pose(slug, "end", end)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {PANEL_W * 2 + 10} '
        f'{PANEL_H + TOP}" role="img" aria-labelledby="{title_id} {desc_id}" '
        f'class="exercise-figure">'
        f'<title id="{title_id}">{escape(name)}: start and end positions</title>'
        f'<desc id="{desc_id}">{escape(alt)}</desc>'
        f"{_panel(start_pose, 'Start', 0)}{_panel(end_pose, 'End', PANEL_W + 10)}</svg>\n"
    )


def render_file(path: Path) -> str:
    data = json.loads(path.read_text(encoding="utf-8"))
    poses = data["poses"]
    return render(
        data["slug"], poses["start"], poses["end"], data["illustration_alt"], data["name"]
    )


def regenerate(content: Path = CONTENT, out: Path | None = None) -> list[Path]:
    target = out or content / "svg"
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for path in sorted(content.glob("*.json")):
        svg_path = target / f"{path.stem}.svg"
        svg_path.write_text(render_file(path), encoding="utf-8")
        written.append(svg_path)
    return written


if __name__ == "__main__":  # pragma: no cover - a developer's command
    for written in regenerate():
        sys.stdout.write(f"{written}\n")
