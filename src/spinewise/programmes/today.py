"""What a patient sees today: the session (or a rest day), and the week at a glance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from spinewise import clinical
from spinewise.clinical.programme import TOTAL_WEEKS
from spinewise.exercises.dose import dose_words, hold_seconds
from spinewise.programmes.models import Programme, ProgrammeExercise


def week_of(programme: Programme, on: date) -> int:
    """The plan's week on a day: 1 until it starts, never past its last week."""
    if programme.start_date is None:
        return 1
    return max(1, min(TOTAL_WEEKS, (on - programme.start_date).days // 7 + 1))


@dataclass(frozen=True)
class PlannedItem:
    item: ProgrammeExercise
    dose: str
    hold: int | None
    minutes: int | None

    @property
    def timer_seconds(self) -> int | None:
        return self.hold or (self.minutes * 60 if self.minutes else None)


@dataclass(frozen=True)
class DayPlan:
    day: date
    is_session: bool
    is_today: bool


@dataclass(frozen=True)
class Today:
    day: date
    week: int
    phase: str
    is_session_day: bool
    items: list[PlannedItem]
    walking: PlannedItem | None
    week_plan: list[DayPlan]


def planned(item: ProgrammeExercise) -> PlannedItem:
    dose = item.exercise.dose
    ladder = dose["ladder"]
    rung = ladder[min(item.rung, len(ladder) - 1)]
    minutes = rung.get("minutes") if dose["kind"] == "minutes" else None
    return PlannedItem(
        item, dose_words(dose["kind"], rung), hold_seconds(dose["kind"], rung), minutes
    )


def is_session_day(programme: Programme, day: date) -> bool:
    start = programme.start_date or day
    return (day - start).days % 7 in programme.session_days


def today_for(programme: Programme, day: date) -> Today:
    week = week_of(programme, day)
    items = list(programme.items.select_related("exercise"))
    exercises = [planned(i) for i in items if not i.is_walking_goal and i.from_week <= week]
    walking = next((planned(i) for i in items if i.is_walking_goal), None)
    start = programme.start_date or day
    week_start = start + timedelta(days=7 * (week - 1))
    week_plan = [
        DayPlan(d, is_session_day(programme, d), d == day)
        for d in (week_start + timedelta(days=n) for n in range(7))
    ]
    return Today(
        day=day,
        week=week,
        phase=clinical.phase_of_week(week, programme.phase_starts)[1],
        is_session_day=is_session_day(programme, day),
        items=exercises,
        walking=walking,
        week_plan=week_plan,
    )
