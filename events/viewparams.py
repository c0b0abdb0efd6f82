"""The parts of a link that are neither filters nor the map position: the date rule and playback.

- ``dates=overlap``: the date range keeps events whose window (events.timewindow)
  overlaps it, not only those dated in it. It changes which events are in
  view, so it is part of :func:`events.links.filter_key`.
- ``play=YYYY-MM-DD``, ``step=day|week|month``, ``trail=N|all``: the playback
  frame a link opens at (the last day shown), how far one step moves, and
  how many days before the frame stay on the map (``all``: every event up to
  the frame). Playback runs in the browser over the events in view, so these
  never change what the server filters.

Each reads its keys through :class:`events.links.Query`, which words and
quotes every notice about a link; a bad value costs only that value.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from events.links import Query
    from events.view import ViewState

PARAM_DATE_MODE = "dates"
DATE_MODE_OVERLAP = "overlap"
DATE_MODE_DATED = "dated"

PARAM_PLAY = "play"
PARAM_STEP = "step"
PARAM_TRAIL = "trail"
STEPS: tuple[str, ...] = ("day", "week", "month")
TRAIL_ALL = "all"
# A moving window longer than this is as good as cumulative for the dataset's span.
MAX_TRAIL_DAYS = 3660

KEYS: tuple[str, ...] = (PARAM_DATE_MODE, PARAM_PLAY, PARAM_STEP, PARAM_TRAIL)


def to_params(view: ViewState) -> dict[str, str]:
    """The view's date rule and playback frame; defaults are left out."""
    params: dict[str, str] = {}
    if view.date_overlap:
        params[PARAM_DATE_MODE] = DATE_MODE_OVERLAP
    if view.play_at is not None:
        params[PARAM_PLAY] = view.play_at.isoformat()
    if view.play_step is not None:
        params[PARAM_STEP] = view.play_step
    if view.play_trail is not None:
        params[PARAM_TRAIL] = TRAIL_ALL if view.play_trail == 0 else str(view.play_trail)
    return params


def from_params(query: Query) -> dict[str, object]:
    """The fields these keys give a view; each bad value is reported and left out."""
    fields: dict[str, object] = {}
    quote = query.quote
    mode = query.single(PARAM_DATE_MODE)
    if mode is not None:
        word = mode.strip().casefold()
        if word == DATE_MODE_OVERLAP:
            fields["date_overlap"] = True
        elif word != DATE_MODE_DATED:
            query.report(
                PARAM_DATE_MODE,
                mode,
                f"{quote(PARAM_DATE_MODE)} is 'overlap' or 'dated', not {quote(mode)}; "
                "events dated in the range are shown",
            )
    at = query.date(PARAM_PLAY)
    if at is not None:
        fields["play_at"] = at
    step = query.single(PARAM_STEP)
    if step is not None:
        word = step.strip().casefold()
        if word in STEPS:
            fields["play_step"] = word
        else:
            query.report(
                PARAM_STEP, step, f"{quote(PARAM_STEP)} is day, week or month, not {quote(step)}"
            )
    trail = query.single(PARAM_TRAIL)
    if trail is not None:
        days = _trail_days(trail)
        if days is None:
            query.report(
                PARAM_TRAIL,
                trail,
                f"{quote(PARAM_TRAIL)} is a number of days from 1 to {MAX_TRAIL_DAYS} "
                f"or 'all', not {quote(trail)}; ignored",
            )
        else:
            fields["play_trail"] = days
    return fields


def _trail_days(text: str) -> int | None:
    word = text.strip().casefold()
    if word == TRAIL_ALL:
        return 0
    if not word.isascii() or not word.isdigit() or len(word) > 5:
        return None
    days = int(word)
    return days if 1 <= days <= MAX_TRAIL_DAYS else None
