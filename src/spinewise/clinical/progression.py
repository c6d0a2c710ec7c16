"""How each exercise's dose moves: after a session, or at a week's end in graded-activity mode.

docs/clinical-rules.md §6; Silbernagel et al. 2007 (the pain-monitoring model);
Lindström et al. 1992 and Macedo et al. 2010 (graded activity).

Every decision is a dict with at least "action", "slug", "rung" (the next dose), "flare" and
"reason" (plain words for the patient), plus "why" (a code from WHY, so the app can write
"Bridge: 10 → 12 reps, because ..." with its own dose words; the rules never see them) and
"previous" ({"slug", "rung"}: the dose before the decision).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypedDict, TypeGuard

from spinewise.clinical.codes import (
    Action,
    Completed,
    Effort,
    ProgrammeMode,
    SessionResponse,
)
from spinewise.clinical.errors import ValidationError
from spinewise.clinical.record import one_of
from spinewise.clinical.thresholds import DEFAULT_THRESHOLDS, Thresholds, exact, resolve

RESPONSES = frozenset(r.value for r in SessionResponse)
COMPLETED = frozenset(c.value for c in Completed)
EFFORTS = frozenset(e.value for e in Effort)
GOOD_EFFORTS = frozenset({Effort.EASY.value, Effort.OK.value})
STOP, TOO_MUCH = SessionResponse.STOP.value, SessionResponse.TOO_MUCH.value
ACCEPTABLE = SessionResponse.ACCEPTABLE.value
FULL, PARTIAL, TOO_HARD = Completed.FULL.value, Completed.PARTIAL.value, Effort.TOO_HARD.value
PROGRESS, HOLD, BACK, PAUSE = (a.value for a in Action)
SYMPTOM_GUIDED = ProgrammeMode.SYMPTOM_GUIDED.value
GRADED_ACTIVITY = ProgrammeMode.GRADED_ACTIVITY.value

# Why a decision was made (the "why" code), and the words a patient reads for each. Where
# the exercise itself changes, the words say so. {n} is the number of sessions the rule
# looked at (two by default); {last} says the same for the step back, which a clinic may
# set to one session.
REASONS: dict[tuple[str, bool], str] = {
    ("stopped", False): (
        "Something in your last session needs checking, so your plan is paused. Please "
        "follow the advice on the screen. Your clinician will restart the plan with you."
    ),
    ("pinned", False): "Your clinician set this dose, so it stays the same.",
    ("too_much", False): (
        "Your last session was a bit too much, so this goes down a step to let things settle."
    ),
    ("too_much", True): (
        "Your last session was a bit too much, so you go back to an easier exercise for now."
    ),
    ("too_much_at_easiest", False): (
        "Your last session was a bit too much. This is already the easiest level, so it "
        "stays the same while things settle."
    ),
    ("good_sessions", False): "Your last {n} sessions felt fine, so this moves up a step.",
    ("good_sessions", True): (
        "Your last {n} sessions felt fine. That was the top step of this exercise, so you "
        "move on to a harder one."
    ),
    ("top_of_chain", False): (
        "You are at the top level of this exercise, so keep going at this dose to keep "
        "your strength."
    ),
    ("hard_sessions", False): ("{last} hard to finish, so this goes down a step for now."),
    ("hard_sessions", True): (
        "{last} hard to finish, so you go back to an easier exercise for now."
    ),
    ("hard_sessions_at_easiest", False): (
        "{last} hard to finish. This is already the easiest level, so it stays the same."
    ),
    ("building_up", False): "That went well. {more} like it and this moves up a step.",
    ("steady", False): (
        "This stays the same for now. It moves up after sessions that feel fine, that you "
        "finish in full and that feel easy or ok."
    ),
    ("graded_session", False): (
        "Your plan builds up week by week, so this stays the same until the end of the week."
    ),
    ("graded_too_much", False): (
        "Your last session was a bit too much. Your plan builds up week by week, so this "
        "stays the same for now."
    ),
    ("week_done", False): "You did {done} of {planned} planned sessions, so this moves up a step.",
    ("week_done", True): (
        "You did {done} of {planned} planned sessions. That was the top step of this "
        "exercise, so you move on to a harder one."
    ),
    ("week_too_much", False): (
        "One of this week's sessions was a bit too much, so this stays the same next week."
    ),
    ("week_too_few", False): (
        "You did {done} of {planned} planned sessions. That is not quite enough to move up, "
        "so this stays the same next week."
    ),
    ("week_none_planned", False): "No sessions were planned this week, so this stays the same.",
}
WHY = tuple(dict.fromkeys(why for why, _ in REASONS))
NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}


class Dose(TypedDict):
    slug: str
    rung: int


class Decision(TypedDict):
    """What exercise_decision and graded_week_decision return (a plain dict at run time)."""

    action: str  # progress | hold | back | pause
    slug: str  # the next dose
    rung: int
    flare: bool
    reason: str
    why: str  # one of WHY
    previous: Dose  # the dose before the decision


Link = tuple[str, int]  # (slug, rungs)
Entry = tuple[str, str, str | None]  # (response, completed, effort)


def _whole(value: object) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool)


def _named(value: object) -> TypeGuard[Mapping[str, object]]:
    # type() first: the Mapping ABC check is slow, and most input is a plain dict.
    return type(value) is dict or isinstance(value, Mapping)


def _listed(value: object) -> TypeGuard[list[object] | tuple[object, ...]]:
    return type(value) is list or isinstance(value, tuple)


def _chain(chain: object, errors: list[dict[str, str]]) -> tuple[list[Link], dict[str, int]]:
    """The chain as [(slug, rungs)] and {slug: index}: each slug once, rungs 1 or more."""
    if not _listed(chain) or not chain:
        errors.append(
            {
                "field": "chain",
                "message": "This must be a list of exercises, easiest first, with at least one.",
            }
        )
        return [], {}
    try:  # the usual case, checked in one go; anything odd is looked at link by link
        links: list[Link] = []
        where: dict[str, int] = {}
        for i, link in enumerate(chain):
            slug, rungs = link["slug"], link["rungs"]  # type: ignore[index]
            if type(slug) is not str or type(rungs) is not int or not slug or rungs < 1:
                break
            if slug in where:
                break
            where[slug] = i
            links.append((slug, rungs))
        else:
            return links, where
    except (KeyError, TypeError):  # a missing key, a link that is no dict, a list as a slug
        pass
    return _chain_slowly(chain, errors)


def _chain_slowly(
    chain: list[object] | tuple[object, ...], errors: list[dict[str, str]]
) -> tuple[list[Link], dict[str, int]]:
    links: list[Link] = []
    where: dict[str, int] = {}
    for i, link in enumerate(chain):
        if not _named(link):
            errors.append(
                {"field": f"chain[{i}]", "message": 'This must be named values: "slug", "rungs".'}
            )
            continue
        slug, rungs = link.get("slug"), link.get("rungs")
        if not isinstance(slug, str) or not slug:
            errors.append({"field": f"chain[{i}].slug", "message": "This must be a slug (text)."})
        elif slug in where:
            errors.append(
                {"field": f"chain[{i}].slug", "message": "An exercise is in its chain only once."}
            )
        if not _whole(rungs) or rungs < 1:
            errors.append(
                {"field": f"chain[{i}].rungs", "message": "This must be a whole number, 1 or more."}
            )
        elif isinstance(slug, str) and slug and slug not in where:
            where[slug] = len(links)
            links.append((slug, int(rungs)))
    return links, where


def _current(
    current: object, links: list[Link], where: dict[str, int], errors: list[dict[str, str]]
) -> tuple[int, int]:
    if not _named(current):
        errors.append({"field": "current", "message": 'This must be named values: "slug", "rung".'})
        return 0, 0
    slug, rung = current.get("slug"), current.get("rung")
    index = where.get(slug) if type(slug) is str else None
    if index is not None and type(rung) is int and 0 <= rung < links[index][1]:
        return index, rung  # the usual case
    index = where.get(slug) if isinstance(slug, str) else None  # a str subclass, say
    if not isinstance(slug, str) or not slug:
        errors.append({"field": "current.slug", "message": "This must be a slug (text)."})
    elif index is None and not errors:  # (with a bad chain, the chain's errors say enough)
        errors.append({"field": "current.slug", "message": "This exercise is not in the chain."})
    if not _whole(rung) or rung < 0:
        errors.append(
            {"field": "current.rung", "message": "This must be a whole number, 0 or more."}
        )
    elif index is not None and rung >= links[index][1]:
        top = links[index][1] - 1
        errors.append(
            {"field": "current.rung", "message": f"This must be a whole number from 0 to {top}."}
        )
    return index or 0, int(rung) if _whole(rung) else 0


def _entry(i: int, entry: object, errors: list[dict[str, str]]) -> Entry | None:
    """One history entry the slow way: each bad value named (None then)."""
    if not _named(entry):
        errors.append(
            {
                "field": f"history[{i}]",
                "message": 'This must be named values: "response", "completed", "effort".',
            }
        )
        return None
    response, completed, effort = entry.get("response"), entry.get("completed"), entry.get("effort")
    before = len(errors)
    if not one_of(response, RESPONSES):
        errors.append(
            {
                "field": f"history[{i}].response",
                "message": f"This must be one of: {', '.join(SessionResponse)}.",
            }
        )
    if not one_of(completed, COMPLETED):
        errors.append(
            {
                "field": f"history[{i}].completed",
                "message": f"This must be one of: {', '.join(Completed)}.",
            }
        )
    if effort is not None and not one_of(effort, EFFORTS):
        errors.append(
            {
                "field": f"history[{i}].effort",
                "message": f"This must be one of: {', '.join(Effort)}, or null.",
            }
        )
    if len(errors) > before:
        return None
    return response, completed, effort  # type: ignore[return-value]


# Every valid (response, completed, effort): one set look-up checks a whole entry.
VALID_ENTRIES = frozenset(
    (response, completed, effort)
    for response in RESPONSES
    for completed in COMPLETED
    for effort in (*EFFORTS, None)
)


def _history(history: object, errors: list[dict[str, str]]) -> list[Entry]:
    if not _listed(history) or not history:
        errors.append(
            {
                "field": "history",
                "message": "This must be a list of this exercise's entries, the newest last, "
                "with at least one.",
            }
        )
        return []
    try:  # the usual case: one set look-up checks every entry
        entries = [
            (entry["response"], entry["completed"], entry.get("effort"))  # type: ignore[index, attr-defined]
            for entry in history
        ]
        if VALID_ENTRIES.issuperset(entries):
            return entries
    except (KeyError, TypeError, AttributeError):  # a missing key, no dict, a list as a code
        pass
    checked = [_entry(i, entry, errors) for i, entry in enumerate(history)]
    return [entry for entry in checked if entry is not None]


def _flag(value: object, field: str, errors: list[dict[str, str]]) -> None:
    if value is not True and value is not False:
        errors.append({"field": field, "message": "This must be true or false."})


def _dose(
    chain: object, current: object, errors: list[dict[str, str]]
) -> tuple[list[Link], int, int]:
    links, where = _chain(chain, errors)
    index, rung = _current(current, links, where, errors)
    return links, index, rung


def _up(links: list[Link], index: int, rung: int) -> tuple[int, int] | None:
    """One rung harder; from the top rung, the next exercise at its bottom rung (§6)."""
    if rung < links[index][1] - 1:
        return index, rung + 1
    if index < len(links) - 1:
        return index + 1, 0
    return None


def _down(links: list[Link], index: int, rung: int) -> tuple[int, int] | None:
    """One rung easier; from the bottom rung, the previous exercise at its top rung (§6)."""
    if rung > 0:
        return index, rung - 1
    if index > 0:
        return index - 1, links[index - 1][1] - 1
    return None


def _decision(
    links: list[Link],
    index: int,
    rung: int,
    action: str,
    moved: tuple[int, int] | None,
    flare: bool,
    why: str,
    **words: object,
) -> Decision:
    slug = links[index][0]
    to_index, to_rung = moved if moved is not None else (index, rung)
    reason = REASONS[why, to_index != index]
    return {
        "action": action,
        "slug": links[to_index][0],
        "rung": to_rung,
        "flare": flare,
        "reason": reason.format(**words) if words else reason,
        "why": why,
        "previous": {"slug": slug, "rung": rung},
    }


def _symptom_guided(
    links: list[Link], index: int, rung: int, entries: list[Entry], thresholds: Thresholds
) -> Decision:
    response, _, _ = entries[-1]
    # docs/clinical-rules.md §6: the response is the whole session's, so a too_much steps back
    # every exercise in it, one skipped that day too (its entry "counts as an entry").
    if response == TOO_MUCH:
        down = _down(links, index, rung)
        if down is None:  # the bottom of the chain: it cannot go lower (§6)
            return _decision(links, index, rung, HOLD, None, True, "too_much_at_easiest")
        return _decision(links, index, rung, BACK, down, True, "too_much")
    # acceptable (a stop was decided before this is reached)
    good_needed = thresholds.progress_after_good_sessions
    streak = 0
    for entry_response, completed, effort in reversed(entries):
        if entry_response != ACCEPTABLE or completed != FULL or effort not in GOOD_EFFORTS:
            break
        streak += 1
        if streak == good_needed:
            up = _up(links, index, rung)
            if up is None:
                return _decision(links, index, rung, HOLD, None, False, "top_of_chain")
            words = NUMBER_WORDS[good_needed]
            return _decision(links, index, rung, PROGRESS, up, False, "good_sessions", n=words)
    hard_needed = thresholds.back_after_hard_sessions
    if len(entries) >= hard_needed and all(
        completed == PARTIAL or effort == TOO_HARD
        for _, completed, effort in entries[-hard_needed:]
    ):
        last = (
            f"Your last {NUMBER_WORDS[hard_needed]} sessions were"
            if hard_needed > 1
            else "Your last session was"
        )
        down = _down(links, index, rung)
        if down is None:
            return _decision(
                links, index, rung, HOLD, None, False, "hard_sessions_at_easiest", last=last
            )
        return _decision(links, index, rung, BACK, down, False, "hard_sessions", last=last)
    if _up(links, index, rung) is None:
        return _decision(links, index, rung, HOLD, None, False, "top_of_chain")
    if streak:
        more = good_needed - streak
        words = f"{NUMBER_WORDS[more].capitalize()} more session{'s' if more > 1 else ''}"
        return _decision(links, index, rung, HOLD, None, False, "building_up", more=words)
    return _decision(links, index, rung, HOLD, None, False, "steady")


def exercise_decision(
    chain: Sequence[Mapping[str, object]],
    current: Mapping[str, object],
    history: Sequence[Mapping[str, object]],
    thresholds: Thresholds | None = None,
    *,
    mode: str = SYMPTOM_GUIDED,
    pinned: bool = False,
) -> Decision:
    """The next dose of one exercise after a logged session (docs/clinical-rules.md §6).

    chain: [{"slug", "rungs" >= 1}, ...], easiest first; current: {"slug", "rung"} (rung 0 is
    the bottom rung); history: this exercise's entries since its dose last changed, oldest
    first, the session just logged last: [{"response", "completed", "effort" or None}].
    mode "graded_activity": per session nothing moves (a stop still pauses, a too_much
    records a flare and holds); its weekly step is graded_week_decision. pinned: a clinician
    set this dose or switched progression off, so it holds, but a stop still pauses.
    """
    errors: list[dict[str, str]] = []
    chosen = DEFAULT_THRESHOLDS if thresholds is None else resolve(thresholds)
    links, where = _chain(chain, errors)
    index, rung = _current(current, links, where, errors)
    entries = _history(history, errors)
    if mode != SYMPTOM_GUIDED and mode != GRADED_ACTIVITY:  # == only: never raises
        errors.append(
            {"field": "mode", "message": f"This must be one of: {', '.join(ProgrammeMode)}."}
        )
    if pinned is not False and pinned is not True:
        _flag(pinned, "pinned", errors)
    if errors:
        raise ValidationError(errors)
    response = entries[-1][0]
    if response == STOP:
        return _decision(links, index, rung, PAUSE, None, False, "stopped")
    if pinned:
        # docs/clinical-rules.md §6 says a pinned dose holds and "the rules are not applied
        # to it"; it does not say whether a too_much still counts as a flare. We record it:
        # the dose stays, but the flare is a fact about the session the clinician should see.
        return _decision(links, index, rung, HOLD, None, response == TOO_MUCH, "pinned")
    if mode == GRADED_ACTIVITY:
        if response == TOO_MUCH:
            return _decision(links, index, rung, HOLD, None, True, "graded_too_much")
        return _decision(links, index, rung, HOLD, None, False, "graded_session")
    return _symptom_guided(links, index, rung, entries, chosen)


def _week(week: object, errors: list[dict[str, str]]) -> tuple[int, int, list[str]]:
    if not _named(week):
        errors.append(
            {
                "field": "week",
                "message": 'This must be named values: "planned", "done", "responses".',
            }
        )
        return 0, 0, []
    counts = []
    for name in ("planned", "done"):
        value = week.get(name)
        if not _whole(value) or value < 0:
            errors.append(
                {"field": f"week.{name}", "message": "This must be a whole number, 0 or more."}
            )
            value = 0
        counts.append(int(value))
    responses = week.get("responses")
    if not _listed(responses) or not all(one_of(r, RESPONSES) for r in responses):
        errors.append(
            {
                "field": "week.responses",
                "message": f"This must be a list, each one of: {', '.join(SessionResponse)}.",
            }
        )
        return counts[0], counts[1], []
    return counts[0], counts[1], [str(r) for r in responses]


def graded_week_decision(
    chain: Sequence[Mapping[str, object]],
    current: Mapping[str, object],
    week: Mapping[str, object],
    thresholds: Thresholds | None = None,
    *,
    pinned: bool = False,
) -> Decision:
    """Graded-activity mode at the end of a week (docs/clinical-rules.md §6).

    week: {"planned": int >= 0, "done": int >= 0, "responses": [...]}, the responses of that
    week's sessions. Any stop: pause. Otherwise progress one rung (the same chain rules as
    exercise_decision) if sessions were planned, done >= planned x two thirds (exactly:
    done x 3 >= planned x 2) and none was too_much; otherwise hold. "flare" is true when the
    week had a too_much. pinned: holds, but a stop still pauses.
    """
    errors: list[dict[str, str]] = []
    chosen = resolve(thresholds)
    links, index, rung = _dose(chain, current, errors)
    planned, done, responses = _week(week, errors)
    _flag(pinned, "pinned", errors)
    if errors:
        raise ValidationError(errors)
    flare = TOO_MUCH in responses
    if STOP in responses:
        return _decision(links, index, rung, PAUSE, None, flare, "stopped")
    if pinned:
        return _decision(links, index, rung, HOLD, None, flare, "pinned")
    if flare:
        return _decision(links, index, rung, HOLD, None, True, "week_too_much")
    if planned == 0:
        return _decision(links, index, rung, HOLD, None, False, "week_none_planned")
    share = exact(chosen.graded_done_share)
    counts = {"done": done, "planned": planned}
    if done * share.denominator < planned * share.numerator:
        return _decision(links, index, rung, HOLD, None, False, "week_too_few", **counts)
    up = _up(links, index, rung)
    if up is None:
        return _decision(links, index, rung, HOLD, None, False, "top_of_chain")
    return _decision(links, index, rung, PROGRESS, up, False, "week_done", **counts)
