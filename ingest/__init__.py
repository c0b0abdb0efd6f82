"""From a news report to candidate events: the step a human coder does by hand.

Plain Python (no Streamlit, no model download): rule-based recognisers in
`ingest.kinds` (event words -> ACLED types), `ingest.dates` (relative dates
against the publication date), `ingest.places` (names through the project's
geocoder chain), `ingest.actors` (aliases and attribution words) and
`ingest.numbers` (casualty counts under ACLED's rules for vague numbers);
`ingest.mentions` ties their finds to event words, `ingest.merge` makes one
event of the mentions of one event, `ingest.rows` turns events into rows with
evidence (`ingest.pipeline` runs the three), and `ingest.match` compares
candidates with the events already loaded.

The API the review page calls::

    from ingest import extract, Candidate

    candidates: list[Candidate] = extract(
        text,                       # the report as pasted or uploaded
        published,                  # datetime.date the report was published
        known_events=frame,         # optional: the loaded events (events-schema DataFrame)
        geocoder=None,              # optional: a geo.Geocoder; default: offline default_chain
        source="reuters-2020-03-12-taji",  # optional: the `source` cell of every row
    )

Each `Candidate` (ingest/candidate.py) has:

- `row`: dict of every events column (events.schema.COLUMN_NAMES) as strings,
  blank where unknown; `event_id` is a stable slug `<date>-<place>-<what>`
  (deterministic: the same text gives the same ids); `geo_source` says how
  the coordinates were found (`gazetteer:camp-taji`, `geonames:...`,
  `offset:gazetteer:baghdad` for "30 km north of Baghdad"); rows of one
  operation at several places share `operation`;
- `background`: True for an earlier event recalled in passing (show it unticked);
- `evidence`: ((sentence index, sentence text), ...) the candidate came from;
- `spans`: (Span(field, sentence, start, end), ...) the words that set each
  field (`event_type`, `event_date`, `location`, `actor1`, `attribution`,
  `fatalities`, `wounded`): offsets into that sentence's text, for highlighting;
- `matches_existing`: the event_id of a loaded event this candidate is (same
  type, date within a day, within 25 km), or None: offer the report as an
  extra source of that event instead of adding a row;
- `responds_to`: event_ids of attacks by the other side in the same region in
  the 7 days before, proposed for the `responds_to` column;
- `place_options`: (PlaceOption(location, place, why), ...) the geocoder's
  answers for the place field with their provenance, the chosen one first;
  for a place the reviewer types instead, call `place_options_for(name)`, and
  `candidate.with_place(option)` for the candidate placed there (coordinates,
  precision, `geo_source`, country, admin1 and id follow the option);
- `review`: what a person must check (an unresolved date phrase, a missing
  place, a site described but not named, a type the report does not state).
  A candidate whose `complete` is False lacks a required column.

`to_frame(candidates)` gives the rows as a DataFrame in the events schema
plus `background` (0/1) and `evidence`, as the CLI writes them:
`python -m ingest REPORT.txt --published YYYY-MM-DD -o candidates.csv`.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from ingest.candidate import Candidate, PlaceOption, Span

__all__ = ["Candidate", "PlaceOption", "Span", "extract", "place_options_for", "to_frame"]

OUTPUT_EXTRA_COLUMNS = ("background", "evidence")


def extract(
    text: str,
    published: date,
    *,
    known_events: pd.DataFrame | None = None,
    geocoder=None,
    source: str = "",
) -> list[Candidate]:
    """Candidate events of one report; see the module docstring for what each holds."""
    # The pipeline lives in `ingest.pipeline`, not a module named `extract`: a
    # submodule of that name would replace this function on its first import.
    from ingest.match import link
    from ingest.pipeline import extract_events

    if not isinstance(published, date):
        raise TypeError(f"published must be a datetime.date, got {published!r}")
    candidates = extract_events(text, published, geocoder=geocoder, source=source)
    return link(candidates, known_events)


def place_options_for(name: str, geocoder=None) -> list[PlaceOption]:
    """The geocoder's answers for a place name a reviewer types, with their provenance."""
    from geo import default_chain
    from ingest.places import find_places

    geocoder = geocoder or default_chain(online=False)
    options: list[PlaceOption] = []
    for mention in find_places(name, geocoder):
        options.append(PlaceOption(mention.location, mention.place, "recognised in the text"))
        options.extend(PlaceOption(a.name, a, "also fits") for a in mention.alternatives)
    if not options:
        try:
            place = geocoder.geocode(name)
        except Exception:  # noqa: BLE001 - a failed lookup is "no answer" for a picker
            place = None
        if place is not None:
            options.append(PlaceOption(name, place, "geocoder answer"))
    return options


def to_frame(candidates: list[Candidate]) -> pd.DataFrame:
    """The candidates as an events-schema DataFrame plus `background` and `evidence`."""
    from events.schema import COLUMN_NAMES

    columns = [*COLUMN_NAMES, *OUTPUT_EXTRA_COLUMNS]
    return pd.DataFrame([c.to_record() for c in candidates], columns=columns, dtype=str)
