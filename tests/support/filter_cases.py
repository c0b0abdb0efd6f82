"""The filters' test table and their expected answers, which the filter tests
and the engine tests (the same views through DuckDB and Spark) share."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from events import schema
from events.view import ViewState, Vocabulary

TYPED = {"event_date", "time_precision", "geo_precision", "latitude", "longitude"}


def make_events(rows: list[dict]) -> pd.DataFrame:
    """An events table with exactly the dtypes the loader hands over.

    Each row names only the columns it cares about; the others are missing
    (NaN / NA), except the required ones, which get plain defaults.
    """
    defaults = {
        "event_type": "Explosions/Remote violence",
        "actor1": "Unidentified armed group",
        "attribution": schema.DEFAULT_ATTRIBUTION,
        "country": "Iraq",
        "location": "Baghdad",
        "source": "reuters",
        "time_precision": 1,
    }
    filled = [
        {"event_id": f"ev-{i}", "event_date": "2020-01-01", **defaults, **row}
        for i, row in enumerate(rows)
    ]
    df = pd.DataFrame({"csv_row": np.arange(2, len(filled) + 2, dtype=np.int64)})
    for column in schema.COLUMN_NAMES:
        values = [row.get(column) for row in filled]
        if column == "event_date":
            df[column] = pd.to_datetime(pd.Series(values, dtype="object"), format="%Y-%m-%d")
        elif column in ("time_precision", "geo_precision"):
            df[column] = pd.array(values, dtype="Int8")
        elif column in schema.INT_COLUMNS:
            df[column] = pd.array(values, dtype="Int64")
        elif column in ("latitude", "longitude"):
            df[column] = pd.array([np.nan if v is None else v for v in values], dtype="float64")
        else:
            df[column] = pd.Series(values, dtype="object").astype("str")
    return df


EVENTS = make_events(
    [
        {
            "event_id": "k1-rockets",
            "event_date": "2019-12-27",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Kata'ib Hezbollah",
            "attribution": "alleged",
            "actor2": "United States",
            "admin1": "Kirkuk",
            "location": "K1 Air Base",
            "fatalities": 1,
            "notes": "Rockets hit the base; a US contractor was killed.",
        },
        {
            "event_id": "kh-strikes",
            "event_date": "2019-12-29",
            "sub_event_type": "Air/drone strike",
            "actor1": "United States",
            "attribution": "confirmed",
            "actor2": "Kata'ib Hezbollah",
            "admin1": "Al Anbar",
            "location": "Al-Qaim",
            "fatalities": 25,
            "notes": "Strikes on five sites in Iraq and Syria.",
        },
        {
            "event_id": "embassy-siege",
            "event_date": "2019-12-31",
            "event_type": "Riots",
            "sub_event_type": "Mob violence",
            "actor1": "PMF supporters",
            "attribution": "confirmed",
            "actor2": "United States",
            "admin1": "Baghdad",
            "location": "US Embassy, Baghdad",
            "fatalities": 0,
            "notes": "A crowd stormed the embassy compound.",
        },
        {
            "event_id": "taji-rockets",
            "event_date": "2020-03-11",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Unidentified armed group",
            "attribution": "alleged",
            "actor2": "US-led coalition",
            "admin1": "Baghdad",
            "location": "Camp Taji",
            "fatalities": 3,
            "notes": "Katyusha rockets fired from a truck; Kata’ib Hezbollah was blamed.",
        },
        {
            "event_id": "albu-kamal-strikes",
            "event_date": "2020-03-12",
            "sub_event_type": "Air/drone strike",
            "actor1": "Unidentified military forces",
            "attribution": "unknown",
            "actor2": "Kata'ib Hezbollah",
            "country": "Syria",
            "admin1": "Deir ez-Zor",
            "location": "near Albu Kamal",
            "fatalities": 26,
            "notes": "Figures from the Syrian Observatory.",
        },
        {
            "event_id": "taji-second",
            "event_date": "2020-03-14",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Unidentified armed group",
            "actor2": "US-led coalition",
            "admin1": "Baghdad",
            "location": "Camp Tåji",
        },
        {
            "event_id": "hawija-clash",
            "event_date": "2020-04-02",
            "event_type": "Battles",
            "actor1": "Islamic State",
            "attribution": "claimed",
            "actor2": "Military Forces of Iraq",
            "admin1": "Kirkuk",
            "location": "Hawija",
        },
        {
            "event_id": "erbil-rockets",
            "event_date": "2021-02-15",
            "sub_event_type": "Shelling/artillery/missile attack",
            "actor1": "Saraya Awliya al-Dam",
            "attribution": "claimed",
            "actor2": "US-led coalition",
            "admin1": "Erbil",
            "location": "Erbil",
            "fatalities": 1,
            "notes": "A contractor was killed at the airport.",
        },
        {
            "event_id": "border-strikes",
            "event_date": "2021-06-27",
            "sub_event_type": "Air/drone strike",
            "actor1": "United States",
            "attribution": "confirmed",
            "actor2": "Kata'ib Sayyid al-Shuhada",
            "country": "Syria",
            "admin1": "Deir ez-Zor",
            "location": "Albu Kamal",
            "fatalities": 4,
        },
    ]
)
VOCAB = Vocabulary.from_events(EVENTS)
ALL_IDS = EVENTS["event_id"].tolist()


def ids(df: pd.DataFrame) -> list[str]:
    return df["event_id"].tolist()


APPLY_CASES = [
    ("no filter", ViewState(), ALL_IDS),
    (
        "from, inclusive",
        ViewState(date_from=date(2020, 3, 12)),
        ["albu-kamal-strikes", "taji-second", "hawija-clash", "erbil-rockets", "border-strikes"],
    ),
    (
        "to, inclusive",
        ViewState(date_to=date(2019, 12, 31)),
        ["k1-rockets", "kh-strikes", "embassy-siege"],
    ),
    (
        "from and to",
        ViewState(date_from=date(2020, 3, 1), date_to=date(2020, 3, 31)),
        ["taji-rockets", "albu-kamal-strikes", "taji-second"],
    ),
    (
        "one day",
        ViewState(date_from=date(2020, 3, 12), date_to=date(2020, 3, 12)),
        ["albu-kamal-strikes"],
    ),
    ("dates outside the data", ViewState(date_from=date(2030, 1, 1)), []),
    (
        "the first and last dates there are",
        ViewState(date_from=date.min, date_to=date.max),
        ALL_IDS,
    ),
    (
        "actor as actor1 or actor2",
        ViewState(actors=("Kata'ib Hezbollah",)),
        ["k1-rockets", "kh-strikes", "albu-kamal-strikes"],
    ),
    (
        "two actors",
        ViewState(actors=("Islamic State", "Saraya Awliya al-Dam")),
        ["hawija-clash", "erbil-rockets"],
    ),
    (
        "three actors (the isin path)",
        ViewState(actors=("Islamic State", "Saraya Awliya al-Dam", "PMF supporters")),
        ["embassy-siege", "hawija-clash", "erbil-rockets"],
    ),
    ("unknown actor", ViewState(actors=("Nobody",)), []),
    ("event type", ViewState(event_types=("Riots",)), ["embassy-siege"]),
    (
        "two event types",
        ViewState(event_types=("Riots", "Battles")),
        ["embassy-siege", "hawija-clash"],
    ),
    (
        "sub-event type; missing sub-types never match",
        ViewState(sub_event_types=("Air/drone strike",)),
        ["kh-strikes", "albu-kamal-strikes", "border-strikes"],
    ),
    ("country", ViewState(countries=("Syria",)), ["albu-kamal-strikes", "border-strikes"]),
    ("attribution", ViewState(attributions=("claimed",)), ["hawija-clash", "erbil-rockets"]),
    (
        "three attributions",
        ViewState(attributions=("claimed", "unknown", "alleged")),
        [
            "k1-rockets",
            "taji-rockets",
            "albu-kamal-strikes",
            "taji-second",
            "hawija-clash",
            "erbil-rockets",
        ],
    ),
    ("side of actor1", ViewState(sides=("coalition",)), ["kh-strikes", "border-strikes"]),
    (
        "two sides",
        ViewState(sides=("iran", "isis")),
        ["k1-rockets", "embassy-siege", "hawija-clash", "erbil-rockets"],
    ),
    (
        "unidentified side",
        ViewState(sides=("unidentified",)),
        ["taji-rockets", "albu-kamal-strikes", "taji-second"],
    ),
    ("text in location, accents folded", ViewState(text="taji"), ["taji-rockets", "taji-second"]),
    ("accent in the search text", ViewState(text="TÂJI"), ["taji-rockets", "taji-second"]),
    ("text in notes", ViewState(text="contractor"), ["k1-rockets", "erbil-rockets"]),
    ("text in admin1", ViewState(text="deir ez"), ["albu-kamal-strikes", "border-strikes"]),
    ("text in actor2", ViewState(text="sayyid"), ["border-strikes"]),
    (
        "apostrophes optional, curly or straight",
        ViewState(text="kataib"),
        ["k1-rockets", "kh-strikes", "taji-rockets", "albu-kamal-strikes", "border-strikes"],
    ),
    (
        "curly apostrophe in the search text",
        ViewState(text="kata’ib hez"),
        ["k1-rockets", "kh-strikes", "taji-rockets", "albu-kamal-strikes"],
    ),
    ("text with regex characters is literal", ViewState(text="a.b*("), []),
    ("text that folds to nothing filters nothing", ViewState(text="'"), ALL_IDS),
    (
        "filters combine with and",
        ViewState(
            date_from=date(2020, 1, 1),
            actors=("US-led coalition",),
            event_types=("Explosions/Remote violence",),
            countries=("Iraq",),
            attributions=("alleged", "unknown"),
            sides=("unidentified",),
            text="taji",
        ),
        ["taji-rockets", "taji-second"],
    ),
    (
        "selected, center and zoom do not filter",
        ViewState(selected="erbil-rockets", center=(33.3, 44.4), zoom=7),
        ALL_IDS,
    ),
]


DESCRIBE_CASES = [
    (
        ViewState(),
        "9 events, 27 December 2019 – 27 June 2021; 60 killed (figures missing for 2 events)",
    ),
    (
        ViewState(
            countries=("Iraq",),
            date_from=date(2020, 3, 1),
            date_to=date(2020, 3, 31),
            actors=("US-led coalition",),
        ),
        "2 of 9 events in Iraq, 1–31 March 2020, actor: US-led coalition; "
        "3 killed (figure missing for 1 event)",
    ),
    (
        ViewState(date_from=date(2020, 3, 11), date_to=date(2020, 4, 2)),
        "4 of 9 events, 11 March – 2 April 2020; 29 killed (figures missing for 2 events)",
    ),
    (
        ViewState(countries=("Syria", "Iraq")),
        "9 of 9 events in Syria and Iraq, 27 December 2019 – 27 June 2021; "
        "60 killed (figures missing for 2 events)",
    ),
    (
        ViewState(event_types=("Riots",)),
        "1 of 9 events, 31 December 2019, type: Riots; no deaths reported",
    ),
    (
        ViewState(date_from=date(2021, 1, 1)),
        "2 of 9 events, from 1 January 2021; 5 killed",
    ),
    (
        ViewState(date_to=date(2019, 12, 31), event_types=("Riots", "Battles")),
        "1 of 9 events, until 31 December 2019, types: Riots and Battles; no deaths reported",
    ),
    (
        ViewState(
            actors=(
                "Islamic State",
                "Kata'ib Hezbollah",
                "PMF supporters",
                "Saraya Awliya al-Dam",
                "United States",
            )
        ),
        "7 of 9 events, 27 December 2019 – 27 June 2021, actors: Islamic State, "
        "Kata'ib Hezbollah, PMF supporters and 2 more; 57 killed (figure missing for 1 event)",
    ),
    (
        ViewState(text="taji", sides=("unidentified",), attributions=("alleged", "unknown")),
        "2 of 9 events, 11–14 March 2020, attributions: alleged and unknown, "
        'side: Unidentified, matching "taji"; 3 killed (figure missing for 1 event)',
    ),
    (
        ViewState(sub_event_types=("Air/drone strike",), sides=("coalition", "iran")),
        "2 of 9 events, 29 December 2019 – 27 June 2021, sub-type: Air/drone strike, "
        "sides: US-led coalition and Iran and aligned groups; 29 killed",
    ),
    (
        ViewState(actors=("Islamic State",)),
        "1 of 9 events, 2 April 2020, actor: Islamic State; no fatality figures reported",
    ),
    (ViewState(date_from=date(2030, 1, 1)), "0 of 9 events, from 1 January 2030"),
]
