"""Mentions: one event word in one sentence, with the date, places, actor and figures nearest it.

Each recogniser runs on the sentence; this module decides which of its finds
belong to which event word. Dates and places go to the nearest event word in
the same clause; words for statements and ceremonies ("said on Tuesday", "a
funeral in Baghdad") keep the dates and places right next to them; casualty
figures go to the event word before them; attribution words to the event
word nearest them. A bare "attack" that a typed word explains in the same
clause ("the attack, which killed ... when Katyusha rockets were launched")
is folded into it, unless the words between say they are two events ("in
response to", "after").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from ingest import actors as actors_mod
from ingest.actors import (
    STATES,
    UNIDENTIFIED,
    ActorMention,
    Attribution,
    find_actors,
    find_attributions,
)
from ingest.candidate import Span
from ingest.dates import DAY, MONTH, DateMention, find_dates
from ingest.kinds import GENERIC, Trigger, find_triggers
from ingest.numbers import Figure, find_casualties
from ingest.places import Area, PlaceMention, find_places

# "two attacks", "previous strikes"; not "six wounded in the attack", a count of victims.
_AGGREGATE_BEFORE = re.compile(
    r"(?:\b(?:two|three|four|five|six|seven|eight|nine|ten|dozens\s+of|several|many|multiple|"
    r"numerous|a\s+series\s+of|a\s+string\s+of|a\s+spate\s+of|a\s+number\s+of|hundreds\s+of|"
    r"previous|earlier|past|recent|ongoing|frequent|repeated|more|further|future|other|"
    r"such|(?:days|weeks|months|years)\s+of)\s+(?:(?!(?:killed|wounded|injured|hurt|dead)\b)\w+[-\s]){0,3})$|\b(?:known\s+to\s+have|previously)\b[^.;]{0,50}$",
    re.IGNORECASE,
)
_COUNT = (
    r"(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|numerous|dozens\s+of|"
    r"a\s+series\s+of|a\s+number\s+of|hundreds\s+of|a\s+wave\s+of)"
)
_COUNT_BEFORE = re.compile(r"(?:^|\W)" + _COUNT + r"\s+(?:[\w-]+\s+){0,2}$", re.IGNORECASE)
_OPERATION_COUNT_BEFORE = re.compile(
    r"\b(?:carried\s+out|conducted|launched|fired)\s+(?:at\s+least\s+)?" + _COUNT
    + r"\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)  # fmt: skip
_DEED_AFTER = re.compile(
    r"^\s+(?:(?:on|late\s+on|early\s+on)\s+\w+\s+)?(?:hit|struck|targeted|destroyed|killed|"
    r"wounded|damaged|pounded)\b",
    re.IGNORECASE,
)
_AGGREGATE_AFTER = re.compile(
    r"^[^.;]{0,80}\bsince\s+(?:the\s+)?[A-Z0-9]|^\s+(?:at\s+least\s+|more\s+than\s+)?"
    r"(?:\d+|two|three|four|five|six|seven|eight|nine|ten|several|many|dozens\s+of)\s+times\b",
    re.IGNORECASE,
)
# The determiner of the event word's own noun phrase: "the strike", "the U.S. drone
# strike"; not the subject's ("the Houthis launched drones", "the army fired rockets").
_VERB_WORD = (
    r"(?!(?:launched|fired|sent|used|carried|conducted|deployed|dispatched|unleashed|claimed|"
    r"said|says|began|started|ordered|flew|dropped)\s)"
)
_DEFINITE_BEFORE = re.compile(
    r"(?:\b(?:the|this|those|these|its|latest)\s+(?:" + _VERB_WORD + r"[\w’'-]+\s+){0,3}"
    r"|\bthat\s+|['’]s\s+(?:" + _VERB_WORD + r"\w+\s+){0,2})$",
    re.IGNORECASE,
)
# "one of the deadliest strikes on Israel", "among the worst attacks": a class the event
# is compared with, not an event of its own.
_SUPERLATIVE_BEFORE = re.compile(
    r"\b(?:one\s+of|among)\s+the\s+(?:\w+\s+){0,1}?(?:(?:most|least)\s+[\w-]+|\w+est|worst|"
    r"biggest|largest|bloodiest|heaviest|fiercest)\s+(?:[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)
_RECALL = re.compile(
    r"\b(?:in\s+(?:19|20)\d\d|previous(?:ly)?|earlier|prior\s+to|in\s+the\s+past|last\s+year|ago)\b",
    re.IGNORECASE,
)
_AGENT_VERBS = re.compile(
    r"^(?!\s*(?:\w+\s+){0,3}?(?:been|being|was|were|is|are|get|got)\s+(?:\w+\s+)?"
    r"(?:attacked|targeted|hit|struck|shelled|bombed|ambushed))"  # passive: the target
    r"\s*(?:\w+\s+){0,2}?(?:has\s+|have\s+|had\s+)?(?:fired|launched|carried\s+out|conducted|"
    r"struck|bombed|targeted|hit|shelled|pounded|attacked|stormed|raided|ordered|retaliated|responded|"
    r"is\s+carrying\s+out|are\s+carrying\s+out|arrested|detained|captured|seized|intercepted|"
    r"shot\s+down|clashed|ambushed)\b",
    re.IGNORECASE,
)
# "Drones were launched at two bases ...": a lead that sums up the attacks told next.
_SUMMARY = re.compile(
    r"^\s*(?:[\w-]+\s+){0,3}?(?:at|on|against|targeting|toward|towards)\s+(?:two|three|four|five|"
    r"several|both)\s+(?:[\w.-]+\s+){0,2}?(?:bases|sites|targets|facilities|positions|locations|"
    r"ships|vessels|camps|installations)\b",
    re.IGNORECASE,
)
# "claimed both attacks", "claimed responsibility for the two strikes": every event told.
_COLLECTIVE = re.compile(
    r"\b(?:both|all(?:\s+the)?|the\s+(?:two|three|four|five)|each\s+of\s+the|either)\s+$",
    re.IGNORECASE,
)
_COUNTS = {"both": 2, "two": 2, "three": 3, "four": 4, "five": 5}
_COLLECTIVE_WORD = re.compile(r"\b(both|two|three|four|five)\s*$", re.IGNORECASE)


def _collective_count(before: str) -> int | None:
    """How many events "both" / "the three" reaches; None for "all", "each of the"."""
    match = _COLLECTIVE_WORD.search(before.strip() + " ")
    return _COUNTS[match.group(1).lower()] if match else None


# "another drone strike", "a second attack", "a separate raid": not the event told before.
_ANOTHER = re.compile(
    r"\b(?:another|a\s+(?:separate|second|third|further|fresh|new))\s+(?:[\w'’-]+\s+){0,2}$",
    re.IGNORECASE,
)
# "on the southern border of Saudi Arabia", "an attack on Israel": the country is a place.
_LOCATIVE = re.compile(
    r"\b(?:in|inside|into|across|throughout|border\s+of|(?:attacks?|strikes?|assault|offensive|"
    r"raids?)\s+on)\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_SEPARATELY = re.compile(
    r"\s*(?:Separately|Elsewhere|In\s+a\s+separate\s+(?:incident|attack|strike|development)|"
    r"(?:Hours|Minutes|Moments|Shortly|Soon|Not\s+long)\s+(?:later|after(?:wards)?)\b|"
    r"Later(?:\s+(?:that|the\s+same)\s+(?:day|night|morning|afternoon|evening)|"
    r"\s+(?:on|in|that)\s+(?:the\s+)?\w+)?(?:\s*,|\s+(?:the|a|an|[A-Z]\w*)\b))"
)
# "In the first strike, ...", "In the second attack": one of several events a lead sums up.
_ORDINAL = re.compile(
    r"\s*(?:In|During)\s+the\s+(?:first|second|third|fourth|fifth|deadliest|latest|last)\s+"
    r"(?:[\w-]+\s+)?(?:strike|attack|raid|incident|blast|explosion|bombing|impact|assault)s?\b",
    re.IGNORECASE,
)
_OWN_DEED = re.compile(
    r"^\s*,?\s*(?:that\s+)?(?:it|they|its\s+(?:\w+\s+)?\w+|the\s+group)\s+(?:had|has|have)\s+",
    re.IGNORECASE,
)
# "Later on Thursday, ...", "Earlier on Monday ...": a date heading the sentence.
_LEADING_DATE = re.compile(
    r"^\s*(?:(?:later|earlier|late|early|also|then|separately|meanwhile)\s*,?\s*)?"
    r"(?:on|in|at|during|by)?\s*$",
    re.IGNORECASE,
)
# "... the military said its jets had struck": the speaker telling its own deed.
_SAID_OWN_DEED = re.compile(
    r"\b(?:said|says|announced|stated)\s+(?:that\s+)?(?:it|they|its\s+(?:\w+\s+)?\w+"
    r"|the\s+group)\s+(?:had|has|have)\s+",
    re.IGNORECASE,
)


def _leading_deed(text: str, m: Mention) -> bool:
    """'Later on Thursday the army said its jets had struck ...': the date heads the sentence
    and the statement tells a new deed, so the date is the deed's too."""
    d = m.date
    return bool(
        d is not None
        and not d.anchored
        and _LEADING_DATE.match(text[: d.start])
        and _SAID_OWN_DEED.search(text[d.end : m.trigger.end + 12])
    )


_HEDGED = re.compile(r"\b(?:suspected|alleged|presumed|apparent|possible|likely)\s+$", re.I)
_BY_AFTER = re.compile(
    r"^\s*(?:(?!held|owned|used|run|controlled|backed|housing|hosting|supported)[\w-]+\s+){0,3}?"
    r"(?:carried\s+out\s+)?by\s+(?:the\s+)?$",
    re.IGNORECASE,
)


_HIT_END = re.compile(r"\s(?:hit|struck)$")
_THE_COUNT_BEFORE = re.compile(r"\bthe\s+(?:two|three|four|five)\s+$", re.I)
_SINCE_BEFORE = re.compile(
    r"\b(?:has|have|had)\s+(?:since|repeatedly|regularly|frequently)\s+$", re.I
)
_REPEATEDLY_AFTER = re.compile(
    r"^\s+(?:repeatedly|regularly|frequently|time\s+and\s+again)\b", re.I
)
_AFTER_END = re.compile(r"\bafter\s*$", re.I)
# Words between an event word and a date that make the date another clause's.
_NOT_TAIL = re.compile(r"[,;]|\b(?:said|says|told|announced|statement|after|before|since)\b", re.I)
_VERB_FORM = re.compile(r"hit|struck|\w+ed", re.I)
_KILLED_AFTER = re.compile(
    r"\s+(?:\w+\s+){0,2}?(?:have\s+|has\s+|had\s+)?(?:killed|shot\s+dead|wounded)\b"
)
_WHEN_BEFORE = re.compile(r"\b(?:when|after|as|by)\s+$")


def _after_phrase(d: DateMention) -> bool:
    """ "a day after", "days after": a date told relative to an event named after it."""
    return bool(d.anchored and _AFTER_END.search(d.text))


def _following(
    triggers: list[Trigger], d: DateMention, text: str, reach: int | None = None
) -> list[int]:
    """The event words after a date phrase, in its clause (within `reach` characters)."""
    return [
        j
        for j, x in enumerate(triggers)
        if x.event_type != "none"
        and d.end <= x.start
        and (reach is None or x.start <= d.end + reach)
        and not _CLAUSE_BREAK.search(text[d.end : x.start])
    ]


_SALVO_BEFORE = re.compile(
    r"\ban?\s+(?:\w+\s+)?(?:swarm|barrage|salvo|volley|wave|hail|flurry|fusillade)\s+of\s+"
    r"(?:[\w-]+\s+){0,2}$",
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
    # "X on Friday, two days after Y": Y is dated from X (the mention, the phrase).
    back_from: tuple | None = None
    target: str | None = None
    distinct_from: set = field(default_factory=set)
    latest: bool = False
    indefinite_plural: bool = False
    indefinite: bool = False
    summary: bool = False
    collective: bool = False
    collective_count: int | None = None
    another: bool = False
    separate: bool = False  # "Separately, ...": an event of its own
    ordinal: bool = False  # "In the first strike, ...": one of the events a lead sums up
    summed_up: bool = False  # a lead that sums up the events told next

    @property
    def generic(self) -> bool:
        return self.trigger.generic


def _distance(a: tuple[int, int], b: tuple[int, int]) -> int:
    if a[1] <= b[0]:
        return b[0] - a[1]
    if b[1] <= a[0]:
        return a[0] - b[1]
    return 0


# "said it had sent drones at a camp in Binyamina, and that the attack was ...": a second
# reported clause, as a semicolon or a dash starts one.
_CLAUSE_BREAK = re.compile(r";|\s[–—]\s|:\s|,\s+and\s+that\b")


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

# "The group claimed both.": the subject is the group named last.
_GROUP_SUBJECT = re.compile(
    r"^\s*(?:that|the|this)\s+(?:militant\s+)?(?:militia|group|faction|organi[sz]ation)"
    r"\s+(?:(?:later|also|quickly|has|had|have)\s+)?$",
    re.I,
)


def mentions_of(
    index: int,
    text: str,
    published: date,
    geocoder,
    last_group: list[str] | None = None,
    area: Area | None = None,
    army: str | None = None,
) -> list[Mention]:
    triggers = [
        t
        for t in find_triggers(text)
        if not (t.plural and _SUPERLATIVE_BEFORE.search(text[: t.start]))
    ]
    dates = find_dates(text, published)
    places = find_places(text, geocoder, area=area)
    actor_mentions = find_actors(text)
    actor_mentions = sorted(
        actor_mentions + actors_mod.own_forces(text, army, actor_mentions), key=lambda a: a.start
    )
    attributions = find_attributions(text, actor_mentions)
    if last_group:
        # "Washington blamed that militia for ...": the group named last.
        attributions = [
            type(a)(a.attribution, a.start, a.end, last_group[-1])
            if a.attribution in ("alleged", "claimed")
            and (a.actor in (None, UNIDENTIFIED))
            and (
                _THAT_GROUP.match(text[a.end :])
                or (a.attribution == "claimed" and _GROUP_SUBJECT.search(text[: a.start]))
            )
            else a
            for a in attributions
        ]
    if last_group is not None:
        last_group.extend(
            a.actor for a in actor_mentions
            if a.side in ("iran", "isis") and a.actor not in STATES
            and a.actor not in (UNIDENTIFIED, "Iran-backed militias")
        )  # fmt: skip
    casualties = find_casualties(text)
    if not triggers:
        if casualties.killed is None and casualties.wounded is None and not attributions:
            return []  # "Israel did not comment." still tells who is said to have done it
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
        if (
            m.aggregate
            and _OPERATION_COUNT_BEFORE.search(before)
            or (
                m.aggregate
                and _COUNT_BEFORE.search(before)
                and (_DEED_AFTER.match(text[t.end :]) or _HIT_END.search(t.text))
            )
        ):
            # "carried out five strikes", "Several strikes hit the offices": the count of
            # one operation's strikes, not a pattern of attacks.
            m.aggregate = False
        if _THE_COUNT_BEFORE.search(before):
            m.aggregate = False  # "claimed the two attacks": the events told, not a pattern
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
        # "The coalition has since pounded Sanaa", "the field has been hit repeatedly":
        # a run of attacks since the one told, not an event of its own
        m.aggregate = m.aggregate or bool(
            _SINCE_BEFORE.search(before) or _REPEATEDLY_AFTER.match(text[t.end :])
        )
        if referring:
            m.aggregate = False  # "Hezbollah, which has fired since October, did not comment"
        # "a swarm of drones", "a barrage of rockets": one attack of many weapons
        m.indefinite_plural = t.plural and not m.definite and not _SALVO_BEFORE.search(before)
        m.indefinite = bool(
            re.search(
                r"\b(?:a|an|another)\s+(?!(?:dozen|number|few|couple|handful|series|total|barrage)\b)"
                r"(?:[\w'’-]+\s+){0,3}$",
                before,
                re.I,
            )
        )
        m.recall = bool(_RECALL.search(text))
        m.summary = bool(t.plural and not t.generic and _SUMMARY.match(text[t.end :]))
        m.collective = bool(t.generic and (_COLLECTIVE.search(before) or t.text.lower() == "both"))
        m.collective_count = _collective_count(t.text if t.text.lower() == "both" else before)
        m.another = bool(_ANOTHER.search(before))
        m.ordinal = bool(_ORDINAL.match(text))
        m.separate = bool(_SEPARATELY.match(text)) or m.ordinal
        m.latest = bool(
            re.search(r"\b(?:latest|most\s+recent|this\s+week['’]s)\s+(?:\w+\s+)?$", before, re.I)
        )
        if not referring:
            m.spans.append(Span("event_type", index, t.start, t.end))
    options: dict[int, list[tuple[int, DateMention]]] = {}
    deed_dates: set[int] = set()
    after_phrases: list[tuple[DateMention, int]] = []
    for d in dates:
        i = _nearest(triggers, (d.start, d.end), text=text)
        after_phrase = _after_phrase(d)
        if after_phrase and triggers[i].end <= d.start:
            # "The strike came a day after two gunmen killed ...": the phrase points at
            # the event told after it, even when the event word before it is nearer.
            following = _following(triggers, d, text, reach=60)
            if following:
                i = following[0]
        t = triggers[i]
        gap = _distance((t.start, t.end), (d.start, d.end))
        absorbed = t.event_type == "none" and (gap <= 4 or (d.start >= t.end and gap <= 30))
        if (
            absorbed
            and after_phrase
            and any(x.event_type != "none" and x.start >= d.end for x in triggers)
        ):
            absorbed = False  # "state media said, days after Iran's attack": the attack's
        if absorbed and _OWN_DEED.match(text[d.end :]):
            absorbed = False  # "said on Friday it had targeted": the day of the deed it tells
            deed_dates.add(id(d))
        if t.event_type == "none" and not absorbed:
            # "said on Tuesday" is the statement's day; a date further off is the event's.
            typed_idx = [j for j, x in enumerate(triggers) if x.event_type != "none"]
            # "Drones were launched ... on Wednesday, officials said, the first such
            # attacks": the event the sentence names with a type, not the bare word.
            typed_idx = [j for j in typed_idx if not triggers[j].generic] or typed_idx
            if after_phrase:
                # "two days after militants said they had attacked": the event it points to
                following = _following(triggers, d, text)
                typed_idx = following[:1] or typed_idx
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
                _after_phrase(d)
                and d.end <= t.start
                and not any(
                    d.end <= x.start < t.start
                    for x in triggers
                    if x is not t and x.event_type != "none"
                )
            ):
                after_phrases.append((d, i))
                continue  # "came a day after U.S. airstrikes": this event is the anchor
            mentions[i].date = d
            break
    for d, i in after_phrases:
        _earlier_event(mentions, triggers, i, d, text)
    places = [
        p
        for p in places
        if not any(
            a.start <= p.start
            and p.end <= a.end
            and ((a.end - a.start) > (p.end - p.start) or not _LOCATIVE.search(text[: p.start]))
            for a in actor_mentions
        )
    ]  # "The Islamic Resistance in Iraq" names a group, not a place; "of Saudi Arabia" is one
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
        if re.match(r"(?:killing|wounding|injuring)\b", text[c_span[0] :], re.I):
            # "helicopters struck militants who were launching the rockets, killing two":
            # the participle tells of the main clause's event, not a relative clause's object.
            main = [
                i
                for i in before
                if not re.search(r"\b(?:who|which|that)\s[^,;]*$", text[: triggers[i].start])
            ]
            if main and len(main) < len(before):
                before = [i for i in main if not triggers[i].generic] or main
        if before:
            i = before[-1]
        else:
            i = min(
                typed_idx, key=lambda j: _distance((triggers[j].start, triggers[j].end), c_span)
            )
        setattr(mentions[i], "killed" if name == "fatalities" else "wounded", c_fig)
        mentions[i].spans.append(Span(name, index, *c_span))
    for name, c_fig, c_span in casualties.more:
        # A second count in the sentence belongs to the event word told before it, when
        # that is another event than the first count's ("... gunmen killed four Israelis,
        # and two days after an Israeli raid, in which gunships fired missiles, killed seven").
        attr = "killed" if name == "fatalities" else "wounded"
        before = [
            i for i, t in enumerate(triggers) if t.event_type != "none" and t.end <= c_span[0]
        ]
        if not before:
            continue
        m = mentions[before[-1]]
        if getattr(m, attr) is None:
            setattr(m, attr, c_fig)
            m.spans.append(Span(name, index, *c_span))
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
        if m.date is not None and id(m.date) in deed_dates:
            continue
        if m.definite and m.date is not None and m.trigger.generic and not referring:
            gap = _distance((m.trigger.start, m.trigger.end), (m.date.start, m.date.end))
            leading = (
                (m.date.start <= 3 or _LEADING_DATE.match(text[: m.date.start]))
                and not m.date.anchored
                and not any(
                    x.event_type == "none" and m.date.end <= x.start < m.trigger.start
                    for x in triggers
                )
            )  # "In April, Iran launched its first attack": the date heads the clause
            tail = m.date.start >= m.trigger.end and not _NOT_TAIL.search(
                text[m.trigger.end : m.date.start]
            )  # "the strike on the Haret Hreik district last Tuesday": the strike's day
            if gap > 20 and not leading and not tail:
                m.date = None  # the date of the statement, not of the event referred to
        elif m.definite and m.date is not None and not referring:
            gap = _distance((m.trigger.start, m.trigger.end), (m.date.start, m.date.end))
            if gap > 30 and m.date.end <= m.trigger.start and not _leading_deed(text, m):
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
    cues = [c.end() for c in _SUPERSEDED.finditer(text)]
    for m in mentions if cues else ():
        # the count the cue introduces ("said earlier that 14 had died"), not one before it
        for name, attr in (("fatalities", "killed"), ("wounded", "wounded")):
            spans = [sp.start for sp in m.spans if sp.field == name and sp.sentence == index]
            if getattr(m, attr) is not None and any(0 <= s - c <= 60 for s in spans for c in cues):
                setattr(m, attr, replace(getattr(m, attr), superseded=True))
    # "X a day after Y": the anchor is the event named after the phrase.
    for m in mentions:
        if m.date is not None and m.date.anchored:
            later = [o for o in mentions if o.trigger.start > m.date.end and o is not m]
            if later and re.search(r"\bafter\b", m.date.text, re.I):
                m.anchor_to = later[0]
                later[0].is_anchor = True
    return mentions


def _earlier_event(
    mentions: list[Mention], triggers: list[Trigger], i: int, d: DateMention, text: str
) -> None:
    """ "X on Friday, days after Y": Y is an earlier event the report recalls.

    A date told before the phrase is X's, never Y's; Y is dated from X when the
    phrase gives the gap ("two days after", "hours after") and is a recalled,
    undated event when it does not ("days after", "weeks after")."""
    y = mentions[i]
    before = [
        j
        for j, t in enumerate(triggers)
        if t.event_type != "none" and t.end <= d.start and j != i
        and not _CLAUSE_BREAK.search(text[t.end : d.start])
    ]  # fmt: skip
    x = mentions[before[-1]] if before else None
    if x is not None and x.back_from is not None:
        x = x.back_from[0]  # "X came a day after Y, and two days after Z": both from X
    if y.date is not None and y.date.end <= d.start:
        if x is not None and x.date is None:
            x.date = y.date  # "strikes ... early on Thursday, two days after Iran attacked"
        y.date = None
    if d.offset_precision != DAY or d.offset_days is None:
        y.recall = True  # "days after Iran's attack on Israel": recalled, no day given
        return
    if x is None:
        return
    y.is_anchor = True
    y.back_from = (x, d)
    if x.date is not None and x.date.value is not None:
        y.date = DateMention(
            d.start, d.end, d.text, "before", x.date.value - timedelta(days=d.offset_days),
            x.date.precision,
        )  # fmt: skip


# "the hospital said earlier that 14 had died", "officials had initially put the toll at
# four": a count the report's later figures replace.
_SUPERSEDED = re.compile(
    r"\b(?:said|put|gave|reported|counted)\s+earlier\b|\b(?:had\s+)?(?:initially|originally|"
    r"first|earlier)\s+(?:put|given|reported|said|counted|estimated|gave|spoke\s+of)\b"
    r"|\b(?:an?\s+|the\s+)?(?:initial|earlier|preliminary|previous|first)\s+(?:death\s+)?"
    r"(?:toll|count|tally|figure|estimate)s?\b",
    re.IGNORECASE,
)


_NOT_SAME = re.compile(
    r"\b(?:after|following|in\s+response|in\s+retaliation|retaliat\w*|before|prior|than|then|"
    r"later|earlier|since|while|lead(?:ing)?|led|culminat\w*|trigger\w*|spark\w*|prompt\w*|"
    r"followed|response|answer(?:ed|ing)?|also|separately|meanwhile|another)\b",
    re.IGNORECASE,
)


_IN_WHAT = re.compile(
    r"\bin\s+what\s+(?:[\w.'’-]+\s+){0,5}?(?:said|says|called|calls|described|describes|"
    r"believed|believe)\s+(?:as\s+)?(?:was\s+|were\s+|is\s+|to\s+be\s+)?(?:an?\s+|the\s+)?"
    r"(?:(?!(?:for|after|against|to|of)\b)[\w-]+\s+){0,2}$",
    re.IGNORECASE,
)


# ", an attack the group claimed", ", in attacks that security firms blamed on ...": the
# event just told, named again.
_APPOSITIVE = re.compile(
    r",\s+(?:in\s+(?:(?:an?|the)\s+)?|(?:an?|the)\s+)(?:(?!and\b)[\w-]+\s+){0,2}$", re.IGNORECASE
)


def _fold(mentions: list[Mention], text: str) -> list[Mention]:
    """'the attack, which killed ... when Katyusha rockets were launched': one mention."""
    kept: list[Mention] = []
    for m in mentions:
        between = text[kept[-1].trigger.end : m.trigger.start] if kept else ""
        what = _IN_WHAT.search(between) if kept and len(between) <= 120 else None
        if what and not (kept[-1].date and m.date):
            # "blasts were heard near Isfahan in what U.S. officials said was an Israeli
            # strike": one event, and the agent is the speakers' allegation
            g = kept.pop()
            # the word the speakers use ("an Israeli strike") types it, unless only the
            # first is typed
            base, other = (g, m) if m.generic and not g.generic else (m, g)
            base.places = g.places + m.places
            base.date = base.date or other.date
            base.killed = base.killed or other.killed
            base.wounded = base.wounded or other.wounded
            base.attributions = g.attributions + m.attributions
            if m.actor is not None:
                base.attributions.append(
                    Attribution("alleged", m.actor.start, m.actor.end, m.actor.actor)
                )
                base.actor = g.actor
            base.spans = g.spans + m.spans
            kept.append(base)
            continue
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
            # "claimed the attack, saying they had used ... drones": the attack told before
            m.indefinite_plural = m.indefinite_plural and not g.definite
            m.indefinite = g.indefinite
            m.recall = m.recall or g.recall
            m.back_from = m.back_from or g.back_from  # "two days after an Israeli raid"
            m.is_anchor = m.is_anchor or g.is_anchor
            m.anchor_to = m.anchor_to or g.anchor_to
        elif (
            kept
            and not kept[-1].generic
            and m.generic
            and len(between) <= 100
            and not _VERB_FORM.fullmatch(m.trigger.text)  # a noun, not a verb
            and _APPOSITIVE.search(between)
            and not _NOT_SAME.search(between)
            and not m.places
            and not (kept[-1].date and m.date)
        ):
            # "launched drones at Abu Dhabi, killing three, an attack the group claimed":
            # the appositive names the event just told
            typed = kept[-1]
            typed.attributions = typed.attributions + m.attributions
            typed.actor = typed.actor or m.actor
            typed.spans = typed.spans + m.spans
            continue
        elif (
            kept
            and not kept[-1].generic
            and m.generic
            and len(between) <= 20
            and "," not in between
            and not re.search(
                r"\b(?:and|after|before|then|while|as|in\s+response)\b", between, re.I
            )
            and not (kept[-1].date and m.date)
        ):
            # "coalition aircraft later struck hideouts": the verb tells of the same event.
            typed = kept[-1]
            typed.places = typed.places + m.places
            typed.date = typed.date or m.date
            typed.killed = typed.killed or m.killed
            typed.wounded = typed.wounded or m.wounded
            typed.actor = typed.actor or m.actor
            typed.target = typed.target or m.target
            typed.attributions = typed.attributions + m.attributions
            typed.spans = typed.spans + m.spans
            continue
        kept.append(m)
    return kept


def _assign_actor(m, text, actor_mentions, attributions, triggers) -> None:
    t = m.trigger
    verb = t.text.lower().endswith("ed") or t.text.lower() in ("hit", "struck")
    # "U.S. airstrikes": an adjective names the agent of a noun, never of a verb
    # ("U.S. forces attacked 13 times" is a headline's passive).
    agent = actors_mod.agent_before(text, t.start) if t.start and not verb else None
    if agent is not None and _HEDGED.search(text[: agent.start]):
        # "a suspected Israeli strike": the report alleges, it does not know.
        m.attributions.append(Attribution("alleged", agent.start, agent.end, agent.actor))
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
    if chosen is None and t.start == t.end == 0:
        # "Jordanian troops killed 27 men ...": the subject of the count's verb
        for a in actor_mentions:
            if _KILLED_AFTER.match(text[a.end :]) and not _WHEN_BEFORE.search(text[: a.start]):
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
