"""From a report's text to candidate events: find mentions, merge them, resolve, match.

A *mention* is one event word in one sentence with what sits nearest it: its
date, places, actor, attribution words and casualty figures. Mentions of one
event across sentences are merged when their types agree (a bare "attack"
or "strike" agrees with any type), their dates are within a day and their
places within 25 km (a country or region agrees with any place inside it); a
definite reference ("the attack", "Wednesday's attack") joins the latest
event it agrees with and never makes an event of its own. Counted plurals
("three rocket attacks", "a series of attacks", "since April") are
aggregates, not events.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from geo.chain import default_chain
from geo.place import distance_km
from ingest import actors as actors_mod
from ingest.actors import UNIDENTIFIED, ActorMention, find_actors, find_attributions
from ingest.candidate import Candidate, PlaceOption, Span
from ingest.dates import DAY, MONTH, DateMention, find_dates
from ingest.kinds import AIR, GENERIC, REMOTE, Trigger, find_triggers
from ingest.numbers import Figure, find_casualties
from ingest.places import KIND_RANK, PlaceMention, country_of, find_places
from ingest.text import clean, split_sentences

SAME_PLACE_KM = 25.0
BACKGROUND_DAYS = 2
# Actors with aircraft: a bare "strike" by one of them is an air strike.
_AIR_FORCES = frozenset(
    {"United States", "US-led coalition", "United Kingdom", "Israel", "Turkey", "Russia",
     "Syrian government", "Iraqi security forces", "Jordan", "Saudi Arabia", "Saudi-led coalition"}
)  # fmt: skip
_STATES = _AIR_FORCES | {"Iran", "IRGC"}
_AGGREGATE_BEFORE = re.compile(
    r"(?:\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens\s+of|several|many|multiple|"
    r"numerous|a\s+series\s+of|a\s+string\s+of|a\s+spate\s+of|a\s+number\s+of|hundreds\s+of|"
    r"previous|earlier|past|recent|ongoing|frequent|repeated|more|further|future|other|"
    r"such)\s+(?:\w+[-\s]){0,3})$|\b(?:known\s+to\s+have|previously)\b[^.;]{0,50}$",
    re.IGNORECASE,
)
_AGGREGATE_AFTER = re.compile(r"^[^.;]{0,80}\bsince\s+(?:the\s+)?[A-Z0-9]", re.IGNORECASE)
_DEFINITE_BEFORE = re.compile(
    r"(?:\b(?:the|this|those|these|its|latest)\s+(?:[\w’'-]+\s+){0,3}|\bthat\s+|['’]s\s+(?:\w+\s+){0,2})$",
    re.IGNORECASE,
)
_RECALL = re.compile(
    r"\b(?:in\s+(?:19|20)\d\d|previous(?:ly)?|earlier|prior\s+to|in\s+the\s+past|last\s+year|ago)\b",
    re.IGNORECASE,
)
_AGENT_VERBS = re.compile(
    r"^\s*(?:\w+\s+){0,2}?(?:has\s+|have\s+|had\s+)?(?:fired|launched|carried\s+out|conducted|"
    r"struck|bombed|targeted|hit|shelled|attacked|stormed|raided|ordered|retaliated|responded|"
    r"is\s+carrying\s+out|are\s+carrying\s+out|arrested|detained|captured|seized|intercepted|"
    r"shot\s+down|clashed|ambushed)\b",
    re.IGNORECASE,
)
_BY_AFTER = re.compile(
    r"^\s*(?:(?!held|owned|used|run|controlled|backed|housing|hosting|supported)[\w-]+\s+){0,3}?"
    r"(?:carried\s+out\s+)?by\s+(?:the\s+)?$",
    re.IGNORECASE,
)


@dataclass
class Mention:
    sentence: int
    trigger: Trigger
    date: DateMention | None = None
    places: list[PlaceMention] = field(default_factory=list)
    actor: ActorMention | None = None
    attributions: list = field(default_factory=list)
    killed: Figure | None = None
    wounded: Figure | None = None
    spans: list[Span] = field(default_factory=list)
    definite: bool = False
    aggregate: bool = False
    recall: bool = False
    anchor_to: Mention | None = None
    is_anchor: bool = False
    target: str | None = None
    distinct_from: set = field(default_factory=set)
    latest: bool = False
    indefinite_plural: bool = False
    indefinite: bool = False

    @property
    def generic(self) -> bool:
        return self.trigger.generic


@dataclass
class Event:
    mentions: list[Mention] = field(default_factory=list)
    resolved_date: date | None = None
    precision: int = DAY
    date_text: str = ""

    @property
    def typed(self) -> list[Mention]:
        return [m for m in self.mentions if not m.generic]

    @property
    def trigger(self) -> Trigger:
        typed = self.typed
        if typed:
            return min((m.trigger for m in typed), key=lambda t: t.rank)
        return self.mentions[0].trigger

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


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


_CLAUSE_BREAK = re.compile(r";|\s[–—]\s|:\s")


def _nearest(
    triggers: list[Trigger], span: tuple[int, int], after_bonus: float = 1.0, text: str = ""
) -> int:
    best, best_cost = 0, float("inf")
    for i, t in enumerate(triggers):
        cost = _distance((t.start, t.end), span)
        if text:
            lo, hi = sorted((t.end, span[0])) if span[0] >= t.end else (span[1], t.start)
            if _CLAUSE_BREAK.search(text[lo:hi]):
                cost += 1000  # another clause: only if nothing in this one
        if span[0] >= t.end:
            cost *= after_bonus
        if cost < best_cost:
            best, best_cost = i, cost
    return best


# Words for things that are not events but carry their own date and place
# ("told a Senate hearing on Thursday", "a symbolic funeral in Baghdad on Tuesday").
_NON_EVENTS = re.compile(
    r"\b(?:said|says|told|spoke|speaking|asked|announced|stated|added|wrote|tweeted|funerals?|hearing|"
    r"meeting|press\s+conference|statement|visit(?:ed)?|speech|talks|call)\b",
    re.IGNORECASE,
)


def _absorbers(text: str, triggers: list[Trigger]) -> list[Trigger]:
    found = []
    for match in _NON_EVENTS.finditer(text):
        if any(t.start <= match.start() < t.end for t in triggers):
            continue
        found.append(Trigger(match.start(), match.end(), match.group(0), "none", "", "", 99))
    return found


_THAT_GROUP = re.compile(
    r"^\s*(?:that|the|this)\s+(?:militia|group|faction|organi[sz]ation)\b", re.I
)


def _mentions_of(
    index: int, text: str, published: date, geocoder, last_group: list[str] | None = None
) -> list[Mention]:
    triggers = find_triggers(text)
    dates = find_dates(text, published)
    places = find_places(text, geocoder)
    actor_mentions = find_actors(text)
    attributions = find_attributions(text, actor_mentions)
    if last_group:
        # "Washington blamed that militia for ...": the group named last.
        attributions = [
            type(a)(a.attribution, a.start, a.end, last_group[-1])
            if a.attribution in ("alleged", "claimed")
            and (a.actor in (None, UNIDENTIFIED))
            and _THAT_GROUP.match(text[a.end :])
            else a
            for a in attributions
        ]
    if last_group is not None:
        last_group.extend(
            a.actor for a in actor_mentions
            if a.side in ("iran", "isis") and a.actor not in _STATES
            and a.actor not in (UNIDENTIFIED, "Iran-backed militias")
        )  # fmt: skip
    casualties = find_casualties(text)
    if not triggers:
        if casualties.killed is None and casualties.wounded is None:
            return []
        # A sentence that counts victims without naming the event ("The two Americans
        # killed Wednesday ..."): a reference to an event told elsewhere.
        triggers = [Trigger(0, 0, "", GENERIC, "", "", 10)]
        referring = True
    else:
        referring = False
    absorbers = _absorbers(text, triggers) if not referring else []
    triggers = sorted(triggers + absorbers, key=lambda t: t.start)
    mentions = [Mention(index, t) for t in triggers]
    for m in mentions:
        t = m.trigger
        before = text[: t.start]
        verb = t.text.lower().endswith("ed") or (t.generic and t.text in ("hit", "struck"))
        m.definite = referring or (not verb and bool(_DEFINITE_BEFORE.search(before)))
        counted = bool(
            re.search(r"attack|strike|raid|bombing|clash|assault|operation|incident", t.text, re.I)
        )
        m.aggregate = counted and (t.plural or t.generic) and bool(_AGGREGATE_BEFORE.search(before))
        m.aggregate = m.aggregate or bool(_AGGREGATE_AFTER.match(text[t.end :]))
        m.aggregate = m.aggregate or bool(
            re.search(
                r"\b(?:usually|often|typically|regularly|routinely|always|rarely|seldom|never)\b[^.;]{0,40}$",
                before,
                re.I,
            )
        )
        m.aggregate = m.aggregate or bool(
            re.match(
                r"^[,\s]*(?:are\s+|were\s+|have\s+been\s+)?(?:often|usually|typically|"
                r"regularly|frequently|routinely|commonly)\b",
                text[t.end :],
                re.I,
            )
        )
        m.indefinite_plural = t.plural and not m.definite
        m.indefinite = bool(
            re.search(
                r"\b(?:a|an|another)\s+(?!(?:dozen|number|few|couple|handful|series|total|barrage)\b)"
                r"(?:[\w'’-]+\s+){0,3}$",
                before,
                re.I,
            )
        )
        m.recall = bool(_RECALL.search(text))
        m.latest = bool(
            re.search(r"\b(?:latest|most\s+recent|this\s+week['’]s)\s+(?:\w+\s+)?$", before, re.I)
        )
        if not referring:
            m.spans.append(Span("event_type", index, t.start, t.end))
    options: dict[int, list[tuple[int, DateMention]]] = {}
    for d in dates:
        i = _nearest(triggers, (d.start, d.end), text=text)
        t = triggers[i]
        gap = _distance((t.start, t.end), (d.start, d.end))
        absorbed = t.event_type == "none" and (gap <= 4 or (d.start >= t.end and gap <= 30))
        if t.event_type == "none" and not absorbed:
            # "said on Tuesday" is the statement's day; a date further off is the event's.
            typed_idx = [j for j, x in enumerate(triggers) if x.event_type != "none"]
            if typed_idx:
                i = min(
                    typed_idx,
                    key=lambda j: _distance((triggers[j].start, triggers[j].end), (d.start, d.end)),
                )
                t = triggers[i]
                gap = _distance((t.start, t.end), (d.start, d.end))
        options.setdefault(i, []).append((gap, d))
    for i, found in options.items():
        for _, d in sorted(found, key=lambda pair: pair[0]):
            t = triggers[i]
            if (
                d.anchored
                and re.search(r"\bafter\s*$", d.text, re.I)
                and d.end <= t.start
                and not any(
                    d.end <= x.start < t.start
                    for x in triggers
                    if x is not t and x.event_type != "none"
                )
            ):
                continue  # "came a day after U.S. airstrikes": this event is the anchor
            mentions[i].date = d
            break
    places = [
        p for p in places if not any(a.start <= p.start and p.end <= a.end for a in actor_mentions)
    ]  # "The Islamic Resistance in Iraq" names a group, not a place
    for p in places:
        if p.role != "site":
            continue
        i = _nearest(triggers, (p.start, p.end), after_bonus=0.6, text=text)
        t = triggers[i]
        if t.event_type == "none" and (p.start < t.end or p.start - t.end > 25):
            real_triggers = [j for j, x in enumerate(triggers) if x.event_type != "none"]
            if real_triggers:
                i = min(
                    real_triggers,
                    key=lambda j: _distance((triggers[j].start, triggers[j].end), (p.start, p.end)),
                )
        mentions[i].places.append(p)
    for m in mentions:
        named = [p for p in m.places if not p.descriptive]
        if named and len(named) < len(m.places):
            m.places = named  # "an Israeli army base in the Golan Heights": the Golan
    for c_fig, c_span, name in (
        (casualties.killed, casualties.killed_span, "fatalities"),
        (casualties.wounded, casualties.wounded_span, "wounded"),
    ):
        if c_fig is None or c_span is None:
            continue
        typed_idx = [i for i, t in enumerate(triggers) if t.event_type != "none"]
        before = [i for i in typed_idx if triggers[i].end <= c_span[0]]
        if before:
            i = before[-1]
        else:
            i = min(
                typed_idx, key=lambda j: _distance((triggers[j].start, triggers[j].end), c_span)
            )
        setattr(mentions[i], "killed" if name == "fatalities" else "wounded", c_fig)
        mentions[i].spans.append(Span(name, index, *c_span))
    mentions = [m for m in mentions if m.trigger.event_type != "none"]
    triggers = [m.trigger for m in mentions]
    by_trigger: dict[int, list] = {}
    for a in attributions:
        # "carried out X", "confirmed the strike": the event follows the words.
        bonus = 3.0 if a.attribution == "confirmed" else 1.0
        by_trigger.setdefault(_nearest(triggers, (a.start, a.end), bonus), []).append(a)
    for i, m in enumerate(mentions):
        _assign_actor(m, text, actor_mentions, by_trigger.get(i, []), triggers)
    for m in mentions:
        if m.definite and m.date is not None and m.trigger.generic and not referring:
            gap = _distance((m.trigger.start, m.trigger.end), (m.date.start, m.date.end))
            if gap > 20:
                m.date = None  # the date of the statement, not of the event referred to
        elif m.definite and m.date is not None and not referring:
            gap = _distance((m.trigger.start, m.trigger.end), (m.date.start, m.date.end))
            if gap > 30 and m.date.end <= m.trigger.start:
                m.date = None
    mentions = _fold(mentions, text)
    # "strikes ... in response to a rocket attack": two events, never one.
    for a_i, a in enumerate(mentions):
        for b in mentions[a_i + 1 :]:
            if _NOT_SAME.search(text[a.trigger.end : b.trigger.start]):
                a.distinct_from.add(id(b))
                b.distinct_from.add(id(a))
    for m in mentions:
        if m.date is not None:
            m.spans.append(Span("event_date", index, m.date.start, m.date.end))
        for p in m.places:
            m.spans.append(Span("location", index, p.start, p.end))
    # "After the December rocket attack, the United States hit ...": no earlier than it.
    lead = re.match(r"\s*(?:After|Following)\b[^,]{0,80},", text)
    if lead and len(mentions) >= 2 and mentions[0].date is not None and mentions[0].date.value:
        for m in mentions[1:]:
            if m.date is None and m.trigger.start >= lead.end():
                m.date = DateMention(
                    mentions[0].date.start, mentions[0].date.end, mentions[0].date.text,
                    "after", mentions[0].date.value, MONTH,
                )  # fmt: skip
    # "X a day after Y": the anchor is the event named after the phrase.
    for m in mentions:
        if m.date is not None and m.date.anchored:
            later = [o for o in mentions if o.trigger.start > m.date.end and o is not m]
            if later and re.search(r"\bafter\b", m.date.text, re.I):
                m.anchor_to = later[0]
                later[0].is_anchor = True
    return mentions


_NOT_SAME = re.compile(
    r"\b(?:after|following|in\s+response|in\s+retaliation|retaliat\w*|before|prior|than|then|"
    r"later|earlier|since|while|lead(?:ing)?|led|culminat\w*|trigger\w*|spark\w*|prompt\w*|"
    r"followed|response|answer(?:ed|ing)?|also|separately|meanwhile|another)\b",
    re.IGNORECASE,
)


def _fold(mentions: list[Mention], text: str) -> list[Mention]:
    """'the attack, which killed ... when Katyusha rockets were launched': one mention."""
    kept: list[Mention] = []
    for m in mentions:
        between = text[kept[-1].trigger.end : m.trigger.start] if kept else ""
        if (
            kept
            and kept[-1].generic
            and not m.generic
            and not _NOT_SAME.search(between)
            and (not kept[-1].places or not m.places)
            and len(between) <= 120
            and not (kept[-1].date and m.date)
        ):
            g = kept.pop()
            m.places = g.places + m.places
            m.date = m.date or g.date
            m.killed = m.killed or g.killed
            m.wounded = m.wounded or g.wounded
            m.actor = m.actor or g.actor
            m.attributions = g.attributions + m.attributions
            m.spans = g.spans + m.spans
            m.definite = m.definite or g.definite
            m.indefinite = g.indefinite
            m.recall = m.recall or g.recall
        kept.append(m)
    return kept


def _assign_actor(m, text, actor_mentions, attributions, triggers) -> None:
    t = m.trigger
    agent = actors_mod.agent_before(text, t.start) if t.start else None
    if agent is not None and agent.actor in ("Iraqi security forces",) and t.generic:
        agent = None
    if agent is not None:
        # "Kataib Hezbollah fired": the full name the adjective is part of.
        agent = next(
            (a for a in actor_mentions if a.start <= agent.start and agent.end <= a.end), agent
        )
    chosen: ActorMention | None = agent
    cue_attr = [a for a in attributions]
    for a in cue_attr:
        m.attributions.append(a)
        m.spans.append(Span("attribution", m.sentence, a.start, a.end))
    if chosen is None:
        for a in actor_mentions:
            if a.start >= t.end and _BY_AFTER.match(text[t.end : a.start]):
                chosen = a
                break
    if chosen is None:
        for a in actor_mentions:
            if (
                a.end <= t.start
                and t.start - a.end <= 45
                and _AGENT_VERBS.match(text[a.end : t.start + 1] + " ")
            ):
                chosen = a
    if chosen is None:
        for a in actor_mentions:
            if a.end <= t.start and t.start - a.end <= 60 and _AGENT_VERBS.match(text[a.end :]):
                chosen = a
    if chosen is None and t.event_type == "Battles":
        between = re.match(r"^\s+between\s+(?:the\s+)?", text[t.end :], re.I)
        if between:
            chosen = next((a for a in actor_mentions if a.start >= t.end), None)
    if chosen is None and t.event_type == "Battles":
        against = re.search(r"\bagainst\s+", text[t.end :])
        opponents = [a for a in actor_mentions if against and a.start >= t.end + against.end()][:1]
        others = [a for a in actor_mentions if a not in opponents and a.end <= t.start]
        if others:
            chosen = others[-1]
    target = re.match(
        r"^\s+(?:\w+\s+){0,3}?(?:against|on|targeting|at)\s+(?:the\s+)?", text[t.end :], re.I
    )
    if target:
        at = t.end + target.end()
        victim = next((a for a in actor_mentions if a.start == at and a is not chosen), None)
        if victim is not None and (chosen is None or victim.actor != chosen.actor):
            m.target = victim.actor
    if chosen is not None:
        m.actor = chosen
        if chosen.end > chosen.start:
            m.spans.append(Span("actor1", m.sentence, chosen.start, chosen.end))
    for a in cue_attr:
        if a.actor:
            for am in actor_mentions:
                if am.actor == a.actor:
                    m.spans.append(Span("actor1", m.sentence, am.start, am.end))
                    break


# -- merging -----------------------------------------------------------------


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
            if _place_contains(p, q) or _place_contains(q, p):
                return True
            if distance_km(p.place.lat, p.place.lon, q.place.lat, q.place.lon) <= SAME_PLACE_KM:
                return True
    return False


def _place_contains(big: PlaceMention, small: PlaceMention) -> bool:
    if big.place.kind in ("country",) and big.place.country == small.place.country:
        return True
    if big.place.kind in ("region", "governorate") and big.place.precision >= 3:
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


def _side(actor: ActorMention | None) -> str | None:
    if actor is None:
        return None
    side = actor.side
    return None if side in ("other", "unidentified") else side


def _agrees(e: Event, m: Mention) -> bool:
    if not _types_agree(e.trigger, m.trigger):
        return False
    if any(id(x) in m.distinct_from for x in e.mentions):
        return False
    e_side = next((_side(x.actor) for x in e.mentions if _side(x.actor)), None) or next(
        (
            _side(ActorMention(0, 0, a.actor))
            for x in e.mentions
            for a in x.attributions
            if a.actor
            and a.attribution in ("alleged", "claimed")
            and _side(ActorMention(0, 0, a.actor))
        ),
        None,
    )
    m_side = _side(m.actor) or next(
        (
            _side(ActorMention(0, 0, a.actor))
            for a in m.attributions
            if a.actor and a.attribution in ("alleged", "claimed")
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
    for m in mentions:
        if m.aggregate:
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
    return _fold_duplicates(events)


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


# -- from an event to candidate rows ------------------------------------------------


def _range(figures: list[Figure]) -> tuple[str, str, str]:
    if not figures:
        return "", "", ""
    values = [f.value for f in figures]
    exact = [f.value for f in figures if not f.floor]
    # The lead's figure (the first given): later sentences often count a part of it
    # ("the two Americans killed"), and ACLED keeps the best-placed source's count.
    best = exact[0] if exact else values[0]
    low, high = min(values), max(values)
    if low == high:
        return str(best), "", ""
    return str(best), str(low), str(high)


def _actor_and_attribution(e: Event) -> tuple[str, str, list[Span]]:
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
        return confirmed[0], ("confirmed" if confirmed[0] in _STATES else "claimed"), spans
    if denied and not agents:
        return denied[0], "denied", spans
    if agents:
        actor = Counter(agents).most_common(1)[0][0]
        if any(a.attribution == "unknown" for a, _ in cues):
            return actor, "alleged", spans
        if actor == UNIDENTIFIED:
            return actor, "unknown", spans
        return actor, ("confirmed" if actor in _STATES else "alleged"), spans
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


def _what(event_type: str, sub: str, weapon: str) -> str:
    if weapon in _WHAT:
        return _WHAT[weapon]
    return slug(sub) if sub else "attack"


def _clusters(places: list[PlaceMention]) -> list[list[PlaceMention]]:
    fine = [p for p in places if p.place.kind not in ("country", "region", "governorate")]
    coarse = [p for p in places if p not in fine]
    coarse = [c for c in coarse if not any(_place_contains(c, f) for f in fine)]
    groups: list[list[PlaceMention]] = []
    for p in fine + coarse:
        for g in groups:
            if any(
                distance_km(p.place.lat, p.place.lon, q.place.lat, q.place.lon) <= SAME_PLACE_KM
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


def to_candidates(events: list[Event], sentences, published: date, source: str) -> list[Candidate]:
    candidates: list[Candidate] = []
    used_ids: set[str] = set()
    for e in events:
        trig = e.trigger
        actor, attribution, _ = _actor_and_attribution(e)
        event_type, sub, weapon = trig.event_type, trig.sub_event_type, trig.weapon
        review: list[str] = []
        if event_type == GENERIC:
            if actor in _AIR_FORCES and re.search(r"strike|struck|bomb|hit", trig.text, re.I):
                event_type, sub, weapon = REMOTE, AIR, "aircraft"
            else:
                event_type, sub, weapon = REMOTE, "", ""
                review.append("type not stated: the report says only '" + trig.text + "'")
        if event_type in ("Riots", "Protests") and actor in _STATES:
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
            review.append("place not given")
        # One row per place only when one sentence lists the places of one operation.
        if len(groups) > 1:
            by_sentence = Counter(p.start for g in groups for p in g)
            del by_sentence
            same_mention = any(
                len({id(g) for g in groups for p in g if p in m.places}) > 1 for m in e.mentions
            )
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
        what = _what(event_type, sub, weapon)
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
                    _id_name(place, location) and slug(_id_name(place, location)),
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
                admin1=_admin1(place),
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


def _id_name(place, location: str) -> str:
    """The place part of an id: the gazetteer's name, or the report's spelling of a town."""
    if place is None:
        return ""
    if place.provenance.startswith("gazetteer:"):
        return place.name
    return _QUALIFIER.sub("", location) or place.name


def _admin1(place) -> str:
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


def extract_events(text: str, published: date, geocoder=None, source: str = "") -> list[Candidate]:
    geocoder = geocoder or default_chain(online=False)
    sentences = split_sentences(clean(text))
    mentions: list[Mention] = []
    named_groups: list[str] = []
    for s in sentences:
        mentions.extend(_mentions_of(s.index, s.text, published, geocoder, named_groups))
    events = merge(mentions, published)
    return to_candidates(events, sentences, published, source)
