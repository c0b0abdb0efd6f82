"""Generated events with what real files hold, and the views the engine tests and the
page's size switch both check against pandas."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from benchmarks.synthetic import generate
from events import load_events
from events.view import ViewState


def _generated() -> pd.DataFrame:
    """Synthetic events with what real files hold: accents, apostrophes, blanks, shared days."""
    raw = generate(3_000, seed=11)
    rng = np.random.default_rng(3)
    pick = rng.random(len(raw))
    raw.loc[pick < 0.05, ["latitude", "longitude"]] = ""
    raw.loc[(pick >= 0.05) & (pick < 0.1), "location"] = "Tåji"
    raw.loc[(pick >= 0.1) & (pick < 0.15), "actor1"] = "Kataʿib Hezbollah"
    raw.loc[(pick >= 0.15) & (pick < 0.2), "notes"] = "Officials blamed KATA’IB Hezbollah."
    raw.loc[(pick >= 0.2) & (pick < 0.3), "fatalities"] = ""
    raw.loc[(pick >= 0.3) & (pick < 0.35), "actor2"] = ""
    raw.loc[pick >= 0.97, "admin1"] = "Ḥalab"
    # Known only to the week or the month: the date filter's overlap rule reads these.
    raw.loc[(pick >= 0.35) & (pick < 0.45), "time_precision"] = "2"
    raw.loc[(pick >= 0.45) & (pick < 0.5), "time_precision"] = "3"
    csv = raw.to_csv(index=False).encode()
    # The locations above are not in the gazetteer; coordinates decide placing.
    return load_events(csv, today=date(2026, 1, 1)).events


GENERATED = _generated()
VIEWS = [
    ViewState(),
    ViewState(date_from=date(2019, 3, 1), date_to=date(2020, 6, 30)),
    ViewState(date_to=date(2017, 2, 1)),
    ViewState(date_from=date(2019, 3, 10), date_to=date(2019, 3, 12), date_overlap=True),
    ViewState(actors=("Iran", "Kataʿib Hezbollah")),
    ViewState(event_types=("Battles",), countries=("Syria",)),
    ViewState(sub_event_types=("Air/drone strike",), attributions=("claimed", "alleged")),
    ViewState(sides=("iran", "unidentified")),
    ViewState(text="kataib"),
    ViewState(text="TAJI"),
    ViewState(text="halab", sides=("coalition",)),
    ViewState(text="no such words anywhere"),
    ViewState(
        date_from=date(2018, 1, 1),
        actors=("United States",),
        countries=("Iraq",),
        event_types=("Explosions/Remote violence",),
    ),
]
VIEW_IDS = [f"view{i}" for i in range(len(VIEWS))]


def plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values only: category, string and object columns alike, every blank as None."""
    return frame.astype(object).where(frame.notna(), None).reset_index(drop=True)
