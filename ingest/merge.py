"""Merging mentions into events: one event per thing that happened.

Mentions of one event across sentences are merged when their types agree (a
bare "attack" or "strike" agrees with any type), their actors do not differ,
their dates are within a day and their places within 25 km (a country or
region agrees with any place inside it). A definite reference ("the attack",
"Wednesday's attack") joins the event it fits best; an indefinite one ("a
rocket attack") joins only an event it positively shares a date or a site
with. Counted plurals ("three rocket attacks", "since April") are patterns,
not events. "A week later" and "a day after" are resolved once the event
they follow has its date.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from geo.place import distance_km
from ingest.actors import AIR_FORCES, UNIDENTIFIED, ActorMention
from ingest.candidate import Span
from ingest.dates import DAY, MONTH
from ingest.kinds import AIR, REMOTE, Trigger
from ingest.mentions import Mention
from ingest.places import PlaceMention

SAME_PLACE_KM = 25.0


@dataclass
class Event:
    mentions: list[Mention] = field(default_factory=list)
    resolved_date: date | None = None
    precision: int = DAY
    date_text: str = ""
    # The operation's lead this event is one strike of ("Turkish drones struck sites
    # on Thursday ... A civilian was killed in Tal Habash"): its date, type and actor.
    lead: Event | None = None

    @property
    def typed(self) -> list[Mention]:
        return [m for m in self.mentions if not m.generic]

    @property
    def trigger(self) -> Trigger:
        typed = self.typed
        if typed:
            best = min((m.trigger for m in typed), key=lambda t: t.rank)
            if best.sub_event_type == "Abduction/forced disappearance" and any(
                m.killed is not None and m.killed.value > 0 for m in self.mentions
            ):
                # "kidnapped two villagers and opened fire on relatives, killing 11": a
                # deadly attack, of which the abduction is a part
                attack = [m.trigger for m in typed if m.trigger.sub_event_type == "Attack"]
                best = attack[0] if attack else Trigger(
                    best.start, best.end, best.text, best.event_type, "Attack", best.weapon,
                    best.rank, best.plural,
                )  # fmt: skip
            return best
        first = self.mentions[0].trigger
        if self.lead is not None and not self.lead.trigger.generic:
            t = self.lead.trigger
            return Trigger(first.start, first.end, first.text, t.event_type,
                           t.sub_event_type, t.weapon, t.rank, first.plural)  # fmt: skip
        agents = {m.actor.actor for m in self.mentions if m.actor is not None}
        if agents & AIR_FORCES and re.search(r"strike|struck|bomb|hit", first.text, re.I):
            # "U.S. forces struck three radar sites": a state's strike is from the air.
            return Trigger(first.start, first.end, first.text, REMOTE, AIR, "aircraft", 5)
        return first

    @property
    def pending(self) -> bool:
        """A date still waiting for the event it is relative to."""
        return self.resolved_date is None and any(
            m.anchor_to is not None and m.date is not None and m.date.value is None
            for m in self.mentions
        )

    def site_places(self) -> list[PlaceMention]:
        return [p for m in self.mentions for p in m.places if p.role == "site"]

    def finest_places(self) -> list[PlaceMention]:
        places = self.site_places()
        fine = [p for p in places if p.place.kind not in ("country", "region", "governorate")]
        return fine or places

    @property
    def last_sentence(self) -> int:
        return max(m.sentence for m in self.mentions)


def _types_agree(a: Trigger, b: Trigger) -> bool:
    if a.generic or b.generic:
        return True
    return a.sub_event_type == b.sub_event_type


def _dates_agree(a: date | None, pa: int, b: date | None, pb: int) -> bool:
    if a is None or b is None:
        return True
    if pa == MONTH or pb == MONTH:
        return (a.year, a.month) == (b.year, b.month)
    return abs((a - b).days) <= 1 + (7 if max(pa, pb) == 2 else 0)


def _places_agree(a: list[PlaceMention], b: list[PlaceMention]) -> bool:
    if not a or not b:
        return True
    for p in a:
        for q in b:
            if place_contains(p, q) or place_contains(q, p):
                return True
            if distance_km(p.place.lat, p.place.lon, q.place.lat, q.place.lon) <= SAME_PLACE_KM:
                return True
    return False


def place_contains(big: PlaceMention, small: PlaceMention) -> bool:
    if big.place.kind in ("country",) and big.place.country == small.place.country:
        return True
    if (
        big.place.kind in ("region", "governorate") or big.place.provenance.startswith("context:")
    ) and big.place.precision >= 3:
        # a town placed only by its province stands for the province
        return distance_km(big.place.lat, big.place.lon, small.place.lat, small.place.lon) <= 150
    return False


def _mention_date(m: Mention) -> tuple[date | None, int]:
    if m.date is None or m.date.value is None:
        return None, DAY
    return m.date.value, m.date.precision


def _event_date(e: Event) -> tuple[date | None, int]:
    if e.resolved_date is not None:
        return e.resolved_date, e.precision
    return None, DAY


def _doers(m: Mention) -> set[str]:
    """Who a mention says did it: its agent, and whoever claims or confirms it."""
    found = {m.actor.actor} if m.actor is not None else set()
    found |= {
        a.actor for a in m.attributions if a.actor and a.attribution in ("claimed", "confirmed")
    }
    return found - {UNIDENTIFIED}


def _side(actor: ActorMention | None) -> str | None:
    if actor is None:
        return None
    side = actor.side
    return None if side in ("other", "unidentified") else side


def _agrees(e: Event, m: Mention) -> bool:
    if not _types_agree(e.trigger, m.trigger):
        return False
    if m.another and not m.generic:
        return False
    if m.separate and all(x.sentence != m.sentence for x in e.mentions):
        return False  # "Separately, U.S. forces carried out five strikes"
    if any(id(x) in m.distinct_from for x in e.mentions):
        return False
    e_side = next((_side(x.actor) for x in e.mentions if _side(x.actor)), None) or next(
        (
            _side(ActorMention(0, 0, a.actor))
            for x in e.mentions
            for a in x.attributions
            if a.actor
            and a.attribution in ("alleged", "claimed", "confirmed")
            and _side(ActorMention(0, 0, a.actor))
        ),
        None,
    )
    m_side = _side(m.actor) or next(
        (
            _side(ActorMention(0, 0, a.actor))
            for a in m.attributions
            if a.actor and a.attribution in ("alleged", "claimed", "confirmed")
        ),
        None,
    )
    if e_side and m_side and e_side != m_side:
        return False
    e_agent = next((x.actor.actor for x in e.mentions if x.actor is not None), None)
    m_agent = m.actor.actor if m.actor is not None else None
    named = e_agent and m_agent and UNIDENTIFIED not in (e_agent, m_agent)
    if named and e_agent != m_agent and not (e_side and e_side == m_side):
        return False  # Turkey's drone strike and Russia's air raid are two events
    e_doers, m_doers = set().union(*(_doers(x) for x in e.mentions)), _doers(m)
    if e_doers and m_doers and not e_doers & m_doers and not (e_side and e_side == m_side):
        return False  # Israel's strike and the Houthis' claimed drone attack are two events
    m_date = _mention_date(m)[0]
    if e.pending and m_date is not None:
        same_weapon = any(x.trigger.weapon == m.trigger.weapon for x in e.typed)
        if not (same_weapon and min(abs(m.sentence - x.sentence) for x in e.mentions) <= 2):
            return False
    if not e.typed and not m.generic and not m.definite:
        # A typed mention far from an event only ever called "the attack" is another event.
        near = min(abs(m.sentence - x.sentence) for x in e.mentions) <= 1
        m_fine = {p.place.provenance for p in m.places if p.place.kind not in ("country", "region")}
        e_fine = {p.place.provenance for p in e.finest_places()}
        if (
            not near
            and not (m_date is not None and m_date == e.resolved_date)
            and not (m_fine & e_fine)
        ):
            return False
    bare = e.resolved_date is None and not e.site_places() and not e.pending
    if m.indefinite and not bare:
        e_date = e.resolved_date
        m_places = [p for p in m.places if p.role == "site"]
        fine = [p for p in m_places if p.place.kind not in ("country", "region", "governorate")]
        e_fine = [
            p for p in e.finest_places() if p.place.kind not in ("country", "region", "governorate")
        ]
        coarse_only = bool(e.finest_places()) and not e_fine and e_date is None and bool(m_places)
        positive = (
            (e_date is not None and m_date is not None)
            or (bool(fine) and bool(e_fine))
            or (coarse_only and _places_agree(e.finest_places(), m_places))
        )
        if not positive:
            return False
    if not _dates_agree(*_event_date(e), *_mention_date(m)):
        return False
    if not m.generic and e.typed:
        artillery = {x.trigger.weapon == "artillery" for x in e.typed}
        if (m.trigger.weapon == "artillery") not in artillery and not m.definite:
            return False
    if not m.generic and not m.definite and m.date is None and not m.places:
        weapons = {x.trigger.weapon for x in e.typed}
        if weapons and m.trigger.weapon not in weapons:
            return False
    return _places_agree(e.finest_places(), [p for p in m.places if p.role == "site"])


def _add(e: Event, m: Mention) -> None:
    e.mentions.append(m)
    value, precision = _mention_date(m)
    if value is not None and (e.resolved_date is None or precision < e.precision):
        e.resolved_date, e.precision = value, precision
        e.date_text = m.date.text if m.date else ""


def _anchor(
    m: Mention,
    events: list[Event],
    by_mention: dict[int, Event],
    dated: list[Mention] | None = None,
) -> None:
    """Resolve "a week later" and friends against the event they follow."""
    if m.date is None or not m.date.anchored:
        return
    target: tuple[date | None, int] = (None, DAY)
    if m.anchor_to is not None and id(m.anchor_to) in by_mention:
        target = _event_date(by_mention[id(m.anchor_to)])
    if target[0] is None and dated:
        target = _mention_date(dated[-1])
    if target[0] is None:
        for e in reversed(events):
            if e.resolved_date is not None:
                target = _event_date(e)
                break
    if target[0] is not None:
        m.date = m.date.anchor(target[0], target[1])


def _fit(e: Event, m: Mention) -> tuple:
    """How well a mention fits an event it agrees with: type, date, place, then recency."""
    same_type = (
        any(x.trigger.sub_event_type == m.trigger.sub_event_type for x in e.typed) and not m.generic
    )
    m_date = _mention_date(m)[0]
    same_date = m_date is not None and e.resolved_date == m_date
    m_fine = {p.place.provenance for p in m.places if p.place.kind not in ("country", "region")}
    e_fine = {p.place.provenance for p in e.finest_places()}
    latest_date = e.resolved_date.toordinal() if (m.latest and e.resolved_date) else 0
    return (latest_date, 3 * same_type + 2 * same_date + 2 * bool(m_fine & e_fine), e.last_sentence)


def merge(mentions: list[Mention], published: date) -> list[Event]:
    events: list[Event] = []
    by_mention: dict[int, Event] = {}
    pending: list[Mention] = []
    dated_before: list[Mention] = []
    summaries = _spread_summaries(mentions)
    for m in mentions:
        if m.aggregate or id(m) in summaries:
            continue
        if m.collective and events and any(a.attribution == "claimed" for a in m.attributions):
            # "X claimed both attacks": the claim is told of every event so far, or of the
            # last two ("both") / three ("the three attacks") told.
            reached = events[-m.collective_count :] if m.collective_count else events
            for e in reached:
                if _sides_agree(e, m):
                    e.mentions.append(m)
            by_mention[id(m)] = events[-1]
            continue
        if m.generic and m.indefinite_plural and not m.is_anchor and not m.places and not m.actor:
            continue  # "militia attacks on US interests": a pattern, not one event
        if (
            not m.is_anchor
            and m.indefinite_plural
            and not m.generic
            and (m.date is None or (m.date.value is None and not m.date.anchored))
            and m.killed is None
            and m.actor is None
            and m.wounded is None
            and not any(p.place.kind not in ("country", "region", "governorate") for p in m.places)
        ):
            continue  # "rocket attacks on U.S. targets in Iraq": a pattern, not one event
        if m.anchor_to is None:
            _anchor(m, events, by_mention, dated_before)
        if m.date is not None and m.date.value is not None and m.date.value > published:
            m.date = None  # never a date after publication
        if m.date is not None and m.date.value is not None:
            dated_before.append(m)
        target = None
        candidates = [e for e in events if _agrees(e, m)]
        if candidates:
            if m.date is not None and m.date.value is not None:
                dated = [e for e in candidates if e.resolved_date is not None]
                candidates = dated or candidates
            latest = max(candidates, key=lambda e: _fit(e, m))
            if (
                m.generic
                or m.definite
                or not (m.date and m.date.value)
                or not m.places
                or latest.resolved_date is not None
                or latest.finest_places()
            ):
                target = latest
            elif (
                any(x.trigger.sub_event_type == m.trigger.sub_event_type for x in latest.typed)
                and not m.generic
            ):
                target = latest  # a headline's bare mention and the lead's full one
        if target is None and m.generic and m.trigger.plural and not m.places and m.definite:
            continue
        if target is None:
            target = Event()
            events.append(target)
        _add(target, m)
        by_mention[id(m)] = target
        if m.anchor_to is not None:
            pending.append((m, list(dated_before)))
    for m, dated_then in pending:
        e = by_mention[id(m)]
        _anchor(m, [], by_mention, dated_then)
        value, precision = _mention_date(m)
        if value is not None and value <= published and e.resolved_date is None:
            e.resolved_date, e.precision, e.date_text = value, precision, m.date.text
    for m in mentions:
        # "The strike came two days after an Israeli raid": the raid's day from the strike's.
        if m.back_from is None or id(m) not in by_mention or id(m.back_from[0]) not in by_mention:
            continue
        e, later = by_mention[id(m)], by_mention[id(m.back_from[0])]
        phrase = m.back_from[1]
        if e.resolved_date is None and later.resolved_date is not None and e is not later:
            e.resolved_date = later.resolved_date - timedelta(days=phrase.offset_days or 0)
            e.precision, e.date_text = later.precision, phrase.text
    return _carry_operation(_fold_duplicates(events))


def _named_doers(e: Event) -> set[str]:
    return set().union(*(_doers(x) for x in e.mentions)) | {
        a.actor
        for x in e.mentions
        for a in x.attributions
        if a.actor and a.attribution == "alleged" and a.actor != UNIDENTIFIED
    }


def _carry_operation(events: list[Event]) -> list[Event]:
    """The strikes a report lists after its dated lead are the lead's operation.

    "Turkish drones struck sites across northeast Syria on Thursday ... A civilian was
    killed in the village of Tal Habash, and three fighters died when a drone hit
    Sirrin": an undated strike of the lead's kind told within the next few sentences,
    with no date, actor or recall of its own, takes the lead's date, its type (a bare
    "strike") and, through `lead`, its actor and attribution."""
    for i, e in enumerate(events):
        if e.resolved_date is not None or any(
            m.date is not None or m.recall or m.separate or m.is_anchor or m.back_from
            for m in e.mentions
        ):
            continue
        if not e.site_places():
            continue
        # where the listed strike is told: the sentence that places it
        first = min(m.sentence for m in e.mentions if any(p.role == "site" for p in m.places))
        own = _named_doers(e)
        for lead in reversed(events[:i]):
            if lead.resolved_date is None or lead.lead is not None:
                continue
            if any(m.recall for m in lead.mentions) or not lead.typed:
                continue
            if min(m.sentence for m in lead.mentions) >= first:
                continue
            if first - max(m.sentence for m in lead.mentions if m.sentence < first) > 3:
                continue
            if not e.trigger.generic and e.trigger.sub_event_type != lead.trigger.sub_event_type:
                continue
            doers = _named_doers(lead)
            if not doers or (own and not own & doers):
                continue
            e.resolved_date, e.precision, e.date_text = lead.resolved_date, lead.precision, ""
            e.lead = lead
            break
    return events


def _spread_summaries(mentions: list[Mention]) -> set[int]:
    """A lead that sums up several attacks ("drones were launched at two bases on
    Wednesday") dates the undated attacks of its kind told in the next sentences,
    and is no event of its own once one takes its date."""
    taken: set[int] = set()
    for i, s in enumerate(mentions):
        # "Rockets killed seven on Thursday. In the first strike, ...": the lead sums up
        # the events told next, as many sentences on as they go
        ordinal = (
            s.trigger.plural
            and not s.generic
            and any(m.ordinal and 0 < m.sentence - s.sentence <= 2 for m in mentions[i + 1 :])
        )
        if not (s.summary or ordinal) or s.date is None or s.date.value is None:
            continue
        if any(p.place.kind not in ("country", "region", "governorate") for p in s.places):
            continue  # the lead names its places itself: it is the event
        reach = 3
        if ordinal:
            later = [m.sentence for m in mentions[i + 1 :] if m.recall or m.date is not None]
            reach = min([8] + [x - s.sentence - 1 for x in later if x > s.sentence])
        takers = [
            m for m in mentions[i + 1 :]
            if 0 < m.sentence - s.sentence <= reach and not m.generic and m.date is None
            and m.trigger.event_type == s.trigger.event_type and not m.recall
        ]  # fmt: skip
        s.summed_up = True
        for m in takers:
            m.date = s.date
            m.spans.append(Span("event_date", s.sentence, s.date.start, s.date.end))
        if takers or any(
            0 < m.sentence - s.sentence <= 3 and m.trigger.event_type == s.trigger.event_type
            for m in mentions[i + 1 :]
        ):
            taken.add(id(s))
    return taken


def _fold_duplicates(events: list[Event]) -> list[Event]:
    """Events that became compatible once anchored dates resolved are one event."""
    result: list[Event] = []
    for e in events:
        twin = next(
            (
                r for r in result
                if r.typed and e.typed and r.trigger.sub_event_type == e.trigger.sub_event_type
                and r.resolved_date and e.resolved_date
                and _dates_agree(r.resolved_date, r.precision, e.resolved_date, e.precision)
                and abs((r.resolved_date - e.resolved_date).days) == 0
                and _places_agree(r.site_places(), e.site_places())
            ),
            None,
        )  # fmt: skip
        if twin is None:
            result.append(e)
        else:
            for m in e.mentions:
                twin.mentions.append(m)
    return result


def attach_headlines(
    events: list[Event], headline: list[Mention], published: date, body: list[Mention] = ()
) -> list[Event]:
    """A headline's mentions join the body's events; they make events only when the body has none.

    The headline words an event loosely ("in Red Sea" for a ship hit in the Gulf of
    Aden, no date at all), so what it adds is its wording as evidence, its actor and
    its attribution ("Guards claim missile attack"), never a place or a date.
    """
    if not events:
        return merge(headline, published)
    summed = [x for x in body if x.summed_up]
    for m in headline:
        if m.aggregate:
            continue
        if m.trigger.plural and any(_types_agree(s.trigger, m.trigger) for s in summed):
            continue  # "Rockets kill seven": the lead's sum of the events told, no one of them
        bare = replace(
            m, places=[], date=None,
            spans=[s for s in m.spans if s.field not in ("location", "event_date")],
        )  # fmt: skip
        fitting = [e for e in events if _types_agree(e.trigger, m.trigger) and _sides_agree(e, m)]
        if fitting:
            best = max(
                fitting,
                key=lambda e: (_told_alike(e, m), _fit(e, bare)[1], -e.mentions[0].sentence),
            )
            if not best.site_places():
                # the body never places it: the headline's place is all there is
                bare = replace(m, date=None, spans=[s for s in m.spans if s.field != "event_date"])
            best.mentions.insert(0, bare)
    return events


def _told_alike(e: Event, m: Mention) -> int:
    """How much a headline's mention says what an event's sentences say: the same
    agent ("Israeli strikes kill 10") and the same figures."""
    agents = {x.actor.actor for x in e.mentions if x.actor is not None} - {UNIDENTIFIED}
    score = int(m.actor is not None and m.actor.actor in agents)
    for name in ("killed", "wounded"):
        figure = getattr(m, name)
        if figure is not None and any(
            getattr(x, name) is not None and getattr(x, name).value == figure.value
            for x in e.mentions
        ):
            score += 1
    return score


def _sides_agree(e: Event, m: Mention) -> bool:
    e_sides = {_side(x.actor) for x in e.mentions if _side(x.actor)}
    return not e_sides or _side(m.actor) is None or _side(m.actor) in e_sides
