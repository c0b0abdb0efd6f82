"""What the extractor returns: a candidate events row with the evidence behind each field."""

from __future__ import annotations

from dataclasses import dataclass, field

from events import schema
from geo import Place


@dataclass(frozen=True, slots=True)
class Span:
    """The words that set one field: `field` (a schema column), sentence index, offsets in it."""

    field: str
    sentence: int
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class PlaceOption:
    """One answer for the place field: the geocoder's place, the location text, and why."""

    location: str
    place: Place
    why: str

    @property
    def geo_source(self) -> str:
        return self.place.provenance


@dataclass
class Candidate:
    """One proposed event.

    `row` holds every column of the events schema (events/schema.py
    COLUMN_NAMES) as strings, blank where unknown, ready to append to an
    events file. `evidence` is the (sentence index, sentence text) pairs it
    came from; `spans` say which words set which field. `background` marks an
    earlier event recalled in passing (unticked by default). `matches_existing`
    is the event_id of an event already in the data that this is (offer the
    report as an extra source for it instead of adding a row).
    `responds_to` proposes earlier attacks by the other side that this one
    may answer. `place_options` are the geocoder's answers for the place, the
    chosen one first. `review` lists what a person must check or fill in
    (an unresolved date, a missing place, a guessed type).
    """

    row: dict[str, str]
    background: bool = False
    evidence: tuple[tuple[int, str], ...] = ()
    spans: tuple[Span, ...] = ()
    matches_existing: str | None = None
    responds_to: tuple[str, ...] = ()
    place_options: tuple[PlaceOption, ...] = ()
    review: tuple[str, ...] = field(default=())

    @property
    def event_id(self) -> str:
        return self.row["event_id"]

    @property
    def complete(self) -> bool:
        """Whether every required column is filled, so the row can be written as it is."""
        return all(self.row.get(c, "").strip() for c in schema.REQUIRED)

    def with_place(self, option: PlaceOption) -> Candidate:
        """This candidate placed at another of the geocoder's answers (the reviewer's pick).

        Location, coordinates, precision, `geo_source`, country and admin1 come
        from the option, never typed; the id follows the new place.
        """
        from dataclasses import replace as replaced

        from ingest.places import country_of
        from ingest.rows import admin1_of, id_name, slug, what_of

        place = option.place
        row = dict(self.row)
        row.update(
            location=option.location,
            latitude=f"{place.lat:.5f}",
            longitude=f"{place.lon:.5f}",
            geo_precision=str(place.precision),
            geo_source=place.provenance,
            country=country_of(place),
            admin1=admin1_of(place),
        )
        what = what_of(row["event_type"], row["sub_event_type"], row["weapon"])
        parts = (row["event_date"] or "undated", slug(id_name(place, option.location)), what)
        row["event_id"] = "-".join(parts)
        others = tuple(o for o in self.place_options if o != option)
        review = tuple(r for r in self.review if not r.startswith(("place ", "place not")))
        return replaced(self, row=row, place_options=(option, *others), review=review)

    def evidence_text(self) -> str:
        return " ".join(text for _, text in self.evidence)

    def to_record(self) -> dict[str, str]:
        """The row plus `background` (0/1) and `evidence`: what the CLI writes."""
        record = {c: self.row.get(c, "") for c in schema.COLUMN_NAMES}
        record["background"] = "1" if self.background else "0"
        record["evidence"] = self.evidence_text()
        return record
