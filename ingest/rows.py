"""From merged events to candidate rows in the events schema, with evidence and review notes.

Type: the most specific event word; a bare "strike" by a state with aircraft
is an air strike, otherwise the type is left for the reviewer. Date: the
finest the mentions give; an event in the report's lead that no phrase dates
gets the week of publication, flagged. Background: dated more than a week
before publication (an ongoing "since Sunday" is not). Figures: the lead's
figure is the best, the range spans what the sentences say. Places: one row
per place only when one sentence names the places of one operation; they
share an `operation` id and the figures sit on its first row.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date, timedelta

from geo.countries import country_name
from geo.place import REGION, distance_km
from ingest.actors import HOME_COUNTRY, STATES, UNIDENTIFIED
from ingest.candidate import Candidate, PlaceOption, Span
from ingest.kinds import AIR, GENERIC, REMOTE
from ingest.merge import SAME_PLACE_KM, Event, place_contains
from ingest.numbers import Figure
from ingest.places import KIND_RANK, REGION_COUNTRIES, PlaceMention, country_of

# Older than this before publication is background: recalled, not reported.
BACKGROUND_DAYS = 7


def _range(figures: list[Figure]) -> tuple[str, str, str]:
    if not figures:
        return "", "", ""
    values = [f.value for f in figures]
    # "had initially put the toll at four": a count later ones replace is never the best,
    # though it stays in the range
    replaced = any(f.superseded for f in figures)
    current = [f for f in figures if not f.superseded] or figures
    exact = [f.value for f in current if not f.floor]
    # The lead's figure (the first given): later sentences often count a part of it
    # ("the two Americans killed"), and ACLED keeps the best-placed source's count.
    best = exact[0] if exact else current[0].value
    if replaced and not exact:
        best = max(f.value for f in current)  # "scores" in a headline, "at least 84" told
    # A stated range ("between two and four") gives its own ends.
    low, high = min(values), max([f.high or f.value for f in figures])
    if low == high:
        return str(best), "", ""
    return str(best), str(low), str(high)


def _actor_and_attribution(e: Event) -> tuple[str, str, list[Span]]:
    actor, attribution, spans = _own_actor_and_attribution(e)
    if e.lead is not None and actor == UNIDENTIFIED and attribution == "unknown":
        # one strike of an operation: the operation's actor, as the lead tells it
        return _own_actor_and_attribution(e.lead)
    return actor, attribution, spans


def _own_actor_and_attribution(e: Event) -> tuple[str, str, list[Span]]:
    spans: list[Span] = []
    agents = [m.actor.actor for m in e.mentions if m.actor is not None]
    cues = [(a, m) for m in e.mentions for a in m.attributions]

    def named(kind: str) -> list[str]:
        return [
            a.actor
            for a, _ in cues
            if a.attribution == kind and a.actor and a.actor != UNIDENTIFIED
        ]

    claimed, denied, alleged = named("claimed"), named("denied"), named("alleged")
    if claimed:
        return claimed[0], "claimed", spans
    for actor in denied:
        if actor in alleged or actor in agents:
            return actor, "denied", spans
    if alleged:
        return alleged[0], "alleged", spans
    confirmed = named("confirmed")
    if confirmed:
        # A group saying it did it has claimed it; a state saying so has confirmed it.
        return confirmed[0], ("confirmed" if confirmed[0] in STATES else "claimed"), spans
    if denied and not agents:
        return denied[0], "denied", spans
    if agents:
        actor = Counter(agents).most_common(1)[0][0]
        if any(a.attribution == "unknown" for a, _ in cues):
            return actor, "alleged", spans
        if actor == UNIDENTIFIED:
            return actor, "unknown", spans
        return actor, ("confirmed" if actor in STATES else "alleged"), spans
    return UNIDENTIFIED, "unknown", spans


_WHAT = {
    "rockets": "rockets", "ballistic missiles": "missiles", "cruise missiles": "missiles",
    "missiles": "missiles", "mortars": "mortars", "artillery": "artillery", "drone": "drone-strike",
    "aircraft": "air-strikes", "IED": "ied", "suicide bomb": "suicide-bombing",
    "small arms": "clash", "mob": "storming", "grenade": "grenade", "chemical weapon": "chemical",
}  # fmt: skip


def slug(text: str) -> str:
    from geo.normalise import name_key

    key = name_key(text) if text else ""
    return re.sub(r"[^a-z0-9]+", "-", key).strip("-") or "unknown"


def what_of(event_type: str, sub: str, weapon: str) -> str:
    if event_type == "Violence against civilians" and sub:
        return slug(sub)
    if weapon in _WHAT:
        return _WHAT[weapon]
    return slug(sub) if sub else "attack"


def _clusters(places: list[PlaceMention]) -> list[list[PlaceMention]]:
    fine = [p for p in places if p.place.kind not in ("country", "region", "governorate")]
    coarse = [p for p in places if p not in fine]
    coarse = [c for c in coarse if not any(place_contains(c, f) for f in fine)]
    if any(f.place.provenance.startswith("offset:") for f in fine):
        # "in the Red Sea, 66 nautical miles southwest of Hodeidah": the measured point
        # is where it happened, inside the sea or region the sentence also names.
        coarse = [c for c in coarse if c.place.kind != "region"]
    groups: list[list[PlaceMention]] = []
    for p in fine + coarse:
        for g in groups:
            if any(
                (
                    distance_km(p.place.lat, p.place.lon, q.place.lat, q.place.lon) <= SAME_PLACE_KM
                    # "near Albu Kamal ... and near Al-Qaim in Iraq": a border between
                    # two towns makes two places of the operation
                    and p.place.country == q.place.country
                )
                or p.place.provenance == q.place.provenance
                for q in g
            ):
                g.append(p)
                break
        else:
            groups.append([p])
    # Two countries of one operation ("in Iraq and Syria") stay apart; a country with
    # another country's site does not.
    return groups


def _best(group: list[PlaceMention]) -> PlaceMention:
    return min(group, key=lambda p: (KIND_RANK.get(p.place.kind, 3), p.place.precision, p.start))


def _country_place(code: str, geocoder) -> PlaceMention | None:
    from ingest.places import _geocode

    name = country_name(code)
    place = _geocode(geocoder, name) if name and geocoder is not None else None
    if place is None or place.kind != "country":
        return None
    return PlaceMention(0, 0, "", place.name, place.at_least(REGION))


_BORDER = re.compile(r"\b(?:border|frontier)\b", re.I)


def _names_country(text: str, trigger, name: str) -> bool:
    """Whether a mention's own words place it in the country: "across Lebanon", "in
    southern Yemen" near its event word, or a border or frontier in its sentence."""
    cue = re.compile(
        r"\b(?:in|inside|into|across|throughout|over|along)\s+(?:the\s+)?(?:(?:northern|southern|"
        r"eastern|western|central|north-?eastern|north-?western|south-?eastern|south-?western)\s+)?"
        + re.escape(name)
        + r"\b"
    )
    for match in cue.finditer(text):
        gap = max(match.start() - trigger.end, trigger.start - match.end(), 0)
        if trigger.start == trigger.end == 0 or gap <= 80:
            return True
    return bool(_BORDER.search(text))


def _fallback_country(event_type: str, actor: str, area, army: str | None) -> str | None:
    """The country of an event the report places only by a border or a country ("along
    the frontier" in a Jordan story): a state's clash on its own ground; else the report's
    main country that is not the attacker's own."""
    countries = tuple(c for c in getattr(area, "countries", ()) if c in REGION_COUNTRIES)
    if not countries:
        return None
    home = HOME_COUNTRY.get(actor)
    if event_type == "Battles":
        if home in countries:
            return home
        own = HOME_COUNTRY.get(army or "")
        if own in countries:
            return own
    foreign = [c for c in countries if c != home]
    return foreign[0] if foreign else None


def to_candidates(
    events: list[Event],
    sentences,
    published: date,
    source: str,
    area=None,
    geocoder=None,
    army: str | None = None,
) -> list[Candidate]:
    candidates: list[Candidate] = []
    used_ids: set[str] = set()
    for e in events:
        trig = e.trigger
        actor, attribution, _ = _actor_and_attribution(e)
        event_type, sub, weapon = trig.event_type, trig.sub_event_type, trig.weapon
        review: list[str] = []
        if event_type == GENERIC:
            # a state's bare strike (Iran's too, across a border) is from the air unless
            # the report names its missiles, which would have typed the event
            if actor in STATES and any(
                re.search(r"strike|struck|bomb|hit", m.trigger.text, re.I) for m in e.mentions
            ):
                event_type, sub, weapon = REMOTE, AIR, "aircraft"
            else:
                event_type, sub, weapon = REMOTE, "", ""
                review.append("type not stated: the report says only '" + trig.text + "'")
        if event_type in ("Riots", "Protests") and actor in STATES:
            actor, attribution = ("Rioters" if event_type == "Riots" else "Protesters"), "unknown"
        value, precision = e.resolved_date, e.precision
        if (
            value is None
            and min(m.sentence for m in e.mentions) <= 2
            and not any(m.recall or m.date is not None for m in e.mentions)
        ):
            value, precision = published, 2
            review.append("no date in the report: the week of publication is proposed")
        elif value is None:
            unresolved = [m.date.text for m in e.mentions if m.date is not None]
            review.append(
                "date not resolved" + (f": '{unresolved[0]}'" if unresolved else ": no date given")
            )
        groups = _clusters(e.site_places())
        years = [
            int(m.date.text[-4:]) for m in e.mentions
            if m.date is not None and m.date.kind == "year" and m.date.text[-4:].isdigit()
        ]  # fmt: skip
        if value is None and years and max(years) < published.year - 1:
            continue  # "in 2011": history the report recalls, not an event to map
        if not e.typed:
            named = actor != UNIDENTIFIED or any(m.killed or m.wounded for m in e.mentions)
            if e.resolved_date is None and not (groups and value is not None):
                continue  # only ever called "the attack", with nothing to place or date it
            if not groups and not named:
                continue
        if not groups and value is None:
            continue  # neither a date nor a place: not an event we can place
        if not groups:
            code = _fallback_country(event_type, actor, area, army)
            country = _country_place(code, geocoder) if code else None
            if country is not None and not any(
                _names_country(sentences[m.sentence].text, m.trigger, country.place.name)
                for m in e.mentions
            ):
                country = None  # the country is the report's, not this event's: no guess
            if country is not None:
                groups = [[country]]
                review.append("only the country is given: placed at the country")
            else:
                review.append("place not given")
        # One row per place only when one sentence lists the places of one operation.
        if len(groups) > 1:
            # "The strikes destroyed houses in Arman and hit a warehouse near Malah": the
            # places one sentence gives its clauses are the operation's places too.
            same_mention = any(
                len({id(g) for g in groups for p in g for m in e.mentions
                     if m.sentence == s and p in m.places}) > 1
                for s in {m.sentence for m in e.mentions}
            )  # fmt: skip
            if not same_mention:
                groups = [
                    min(groups, key=lambda g: (-len(g), KIND_RANK.get(_best(g).place.kind, 3)))
                ]
        ongoing = any(
            m.date is not None and m.date.value is not None
            and re.search(r"\bsince\s+$", sentences[m.sentence].text[: m.date.start], re.I)
            for m in e.mentions
        )  # fmt: skip
        background = bool(
            value and value < published - timedelta(days=BACKGROUND_DAYS) and not ongoing
        )
        if value is None and all(m.recall for m in e.mentions):
            background = True
        killed = _range([m.killed for m in e.mentions if m.killed is not None])
        wounded = _range([m.wounded for m in e.mentions if m.wounded is not None])
        indices = sorted({m.sentence for m in e.mentions})
        evidence = tuple((i, sentences[i].text) for i in indices)
        spans = tuple(
            sorted({s for m in e.mentions for s in m.spans}, key=lambda s: (s.sentence, s.start))
        )
        day = value.isoformat() if value else ""
        what = what_of(event_type, sub, weapon)
        operation = f"{day or 'undated'}-{what}" if len(groups) > 1 else ""
        for number, group in enumerate(groups or [[]]):
            if number:
                # An operation's figures are its total: they sit on its first row only.
                killed = wounded = ("", "", "")
                if any(m.killed or m.wounded for m in e.mentions):
                    review.append("the operation's casualty figures are on its first row")
            best = _best(group) if group else None
            place = best.place if best else None
            location = best.location if best else ""
            base = "-".join(
                x
                for x in (
                    day or "undated",
                    id_name(place, location) and slug(id_name(place, location)),
                    what,
                )
                if x
            )
            event_id = base
            n = 2
            while event_id in used_ids:
                event_id, n = f"{base}-{n}", n + 1
            used_ids.add(event_id)
            options = []
            if best:
                options.append(PlaceOption(location, place, "named in the report"))
                options.extend(
                    PlaceOption(a.name, a, "also fits the description") for a in best.alternatives
                )
                if best.alternatives:
                    review.append("place described, not named: pick the site")
            row = {c: "" for c in _columns()}
            row.update(
                event_id=event_id,
                event_date=day,
                time_precision=str(precision) if value else "",
                event_type=event_type,
                sub_event_type=sub,
                weapon=weapon,
                actor1=actor,
                attribution=attribution,
                actor2=next((m.target for m in e.mentions if m.target and m.target != actor), ""),
                operation=operation,
                country=country_of(place) if place else "",
                admin1=admin1_of(place),
                location=location,
                latitude=f"{place.lat:.5f}" if place else "",
                longitude=f"{place.lon:.5f}" if place else "",
                geo_precision=str(place.precision) if place else "",
                geo_source=place.provenance if place else "",
                fatalities=killed[0], fatalities_low=killed[1], fatalities_high=killed[2],
                wounded=wounded[0], wounded_low=wounded[1], wounded_high=wounded[2],
                source=source,
            )  # fmt: skip
            candidates.append(
                Candidate(
                    row=row, background=background, evidence=evidence, spans=spans,
                    place_options=tuple(options), review=tuple(dict.fromkeys(review)),
                )
            )  # fmt: skip
    return candidates


_QUALIFIER = re.compile(
    r"^(?:near|(?:[\d.]+\s+\w+\s+)?(?:north|south|east|west|north-?east|north-?west|"
    r"south-?east|south-?west)\s+of|northern|southern|eastern|western|central)\s+",
    re.IGNORECASE,
)


def id_name(place, location: str) -> str:
    """The place part of an id: the gazetteer's name, or the report's spelling of a town."""
    if place is None:
        return ""
    if place.provenance.startswith("gazetteer:"):
        return place.name
    return _QUALIFIER.sub("", location) or place.name


def admin1_of(place) -> str:
    if place is None or not place.provenance.startswith("gazetteer:"):
        return ""
    from geo.chain import shared_gazetteer

    place_id = place.provenance.split(":", 1)[1]
    for entry in shared_gazetteer().entries:
        if entry.place_id == place_id:
            return entry.admin1
    return ""


def _columns():
    from events.schema import COLUMN_NAMES

    return COLUMN_NAMES
