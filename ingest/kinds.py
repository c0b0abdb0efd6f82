"""Words that report an event, mapped to ACLED's event and sub-event types.

Each trigger pattern gives an event type, a sub-event type, a weapon and a
rank. Where one phrase names several ("a ballistic missile strike", "drone
attack", "a barrage of Katyusha rockets"), the words within a few tokens of
each other are one mention and ACLED's hierarchy decides its type: the more
specific weapon wins (suicide bomb > IED > missile, rocket or artillery >
drone > aircraft > a bare "strike"), and a bare "attack" only ever joins an
event another word typed.

Mob actions follow ACLED's codebook: storming or besieging a compound by
protesters or supporters is `Riots` / `Violent demonstration` (a crowd
with a protest's aim turned violent), not `Mob violence`, which ACLED keeps
for crowds without one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

REMOTE = "Explosions/Remote violence"
SHELLING = "Shelling/artillery/missile attack"
AIR = "Air/drone strike"
GENERIC = "generic"  # "attack", "strike" with no weapon: joins a typed mention


@dataclass(frozen=True, slots=True)
class Trigger:
    start: int
    end: int
    text: str
    event_type: str
    sub_event_type: str
    weapon: str
    rank: int  # lower is more specific
    plural: bool = False

    @property
    def generic(self) -> bool:
        return self.event_type == GENERIC


_DEVICE = (
    r"(?:pagers?|beepers?|walkie-talkies?|(?:hand-?held\s+|two-way\s+)?radios|"
    r"(?:mobile\s+|cell\s+)?phones|(?:communications?\s+|wireless\s+|electronic\s+)devices)"
)
# (pattern, event_type, sub_event_type, weapon, rank)
_TABLE: tuple[tuple[str, str, str, str, int], ...] = (
    (
        r"suicide\s+(?:car\s+)?(?:bomb(?:ing|er|ers|ings|s)?|attack(?:er|s)?|blast|vests?|belts?)"
        r"|explosive\s+(?:belts?|vests?)",
        REMOTE,
        "Suicide bomb",
        "suicide bomb",
        0,
    ),
    (
        # "hand-held radios exploded", "pagers used by its members blew up", "pager
        # explosions", "blasts of walkie-talkies", "booby-trapped phones": devices made
        # into bombs
        r"(?:booby-trapped|rigged|exploding)\s+(?:[\w-]+\s+)?"
        + _DEVICE
        + r"|"
        + _DEVICE
        + r"(?:\s+(?!(?:and|but|or|which|that|after|before|when)\b)[\w'’-]+){0,5}?"
        r"\s+(?:exploded|blew\s+up|detonated|went\s+off)"
        r"|" + _DEVICE + r"\s+(?:explosions?|blasts?|bombs?|bombings?|attacks?)"
        r"|(?:explosions?|blasts?|detonations?)\s+of\s+(?:[\w-]+\s+)?" + _DEVICE,
        REMOTE,
        "Remote explosive/landmine/IED",
        "IED",
        1,
    ),
    (
        r"(?:roadside|car|truck|vehicle[- ]borne|sticky|parked[- ]car)\s+bomb(?:s|ing|ings)?"
        r"|improvised\s+explosive\s+devices?|IEDs?|VBIEDs?|explosive\s+devices?|landmines?"
        r"|(?<!air\s)(?<!aerial\s)(?<!guided\s)bomb(?!\s+(?:shelters?|squads?|disposal))"
        r"|land\s+mines?",
        REMOTE,
        "Remote explosive/landmine/IED",
        "IED",
        1,
    ),
    (r"chemical\s+(?:attack|weapons?)", REMOTE, "Chemical weapon", "chemical weapon", 1),
    (r"grenades?", REMOTE, "Grenade", "grenade", 1),
    (r"ballistic\s+missiles?", REMOTE, SHELLING, "ballistic missiles", 2),
    (r"cruise\s+missiles?", REMOTE, SHELLING, "cruise missiles", 2),
    (r"anti-ship\s+missiles?", REMOTE, SHELLING, "missiles", 2),
    (r"(?<!anti-)missiles?(?!\s+defen[cs]e)", REMOTE, SHELLING, "missiles", 3),
    (r"indirect\s+fire(?:\s+attacks?)?", REMOTE, SHELLING, "rockets", 3),
    (
        r"Katyushas?|rockets?(?!\s+launch(?:ing|er|ers)?\s+(?:positions?|sites?|pads?))|rocket\s+fire|rocket\s+attacks?",
        REMOTE,
        SHELLING,
        "rockets",
        3,
    ),
    (r"mortars?(?:\s+(?:shells?|rounds?|bombs?))?", REMOTE, SHELLING, "mortars", 3),
    (
        # "government forces pounded towns", "troops bombarded the village": a barrage
        # from the ground, unless aircraft are named with it ("jets pounded": rank 8
        # loses to them)
        r"pound(?:ed|ing)|bombard(?:ed|ing)|blasted|rained\s+(?:shells|rockets|fire)",
        REMOTE,
        SHELLING,
        "artillery",
        8,
    ),
    (
        r"artillery(?:\s+fire)?|shelling|shelled|howitzers?|tank\s+(?:fire|shells?|rounds?)",
        REMOTE,
        SHELLING,
        "artillery",
        3,
    ),
    (
        r"(?:one-way(?:\s+attack)?|kamikaze|suicide|explosive[- ]laden|attack|armed|bomb-laden)"
        r"\s+drones?|drone\s+(?:strikes?|attacks?)|drones?|UAVs?",
        REMOTE,
        AIR,
        "drone",
        4,
    ),
    (
        r"air\s*strikes?|airstrikes?|air\s+raids?|air\s+attacks?|warplanes?|(?:fighter\s+)?jets|bombers|"
        r"aircraft(?!\s+carriers?)|(?:military\s+)?planes|attack\s+helicopters?|helicopter\s+gunships?|"
        r"(?:bombed|bombardment|bombs)(?!\s+(?:and\s+)?(?:IEDs?))",
        REMOTE,
        AIR,
        "aircraft",
        5,
    ),
    (
        # "gunmen opened fire on a bus", "two Palestinians shot dead four settlers": an
        # attack on people who do not fight back; with forces firing back it is a clash.
        r"opened\s+fire|gunm[ae]n(?=[^.;]{0,80}?\b(?:killed|killing|shot)\b)|shot\s+dead"
        r"|(?:shooting|gun|gunfire|machine-?gun|rifle|stabbing|knife|ramming)\s+attacks?"
        r"|mass\s+shootings?|(?:went\s+on\s+a\s+)?shooting\s+spree",
        "Violence against civilians",
        "Attack",
        "small arms",
        6,
    ),
    (
        r"clash(?:es|ed)?|gun\s*battles?|firefights?|fire\s*fight|shoot-?outs?|exchange\s+of\s+fire|exchanged\s+fire|ambush(?:ed|es)?|(?:violent\s+)?shooting",
        "Battles",
        "Armed clash",
        "small arms",
        6,
    ),
    (r"raid(?:s|ed)?(?<!air raid)", "Battles", "Armed clash", "small arms", 6),
    (
        r"storm(?:ed|ing)|siege|besieg(?:ed|ing)|broke\s+into|breached|set\s+fire\s+to|torched",
        "Riots",
        "Violent demonstration",
        "mob",
        6,
    ),
    (
        r"protest(?:s|ers|ed)?|demonstrat(?:ion|ions|ors)|rall(?:y|ies)\b|march(?:ed|es)?\s+(?:on|to|through|in)",
        "Protests",
        "Peaceful protest",
        "",
        7,
    ),
    (r"arrest(?:ed|s)?|detain(?:ed)?|captured", "Strategic developments", "Arrests", "", 7),
    (
        r"intercepted(?!\s+(?:[\w-]+\s+)?(?:conversations?|calls?|phone|communications?|"
        r"messages?|recordings?|audio|e-?mails?|letters?|signals?|radio\s+traffic))"
        r"|shot\s+down|downed",
        "Strategic developments",
        "Disrupted weapons use",
        "",
        7,
    ),
    (
        r"abduct(?:ed|ion)|kidnapp?(?:ed|ing)",
        "Violence against civilians",
        "Abduction/forced disappearance",
        "",
        7,
    ),
    (
        r"strikes?|struck|attacks?|attacked|assaults?|bombardments?|barrage|blasts?|explosions?|bombings?|(?-i:hit)"
        # "the killing of Hamas leader Ismail Haniyeh in Tehran": an event told by its victim
        r"|assassinations?|(?<=the\s)killing(?=\s+of\s)"
        # "The group claimed both.": the events told before, without their word
        r"|(?<=claimed\s)both(?=\s*(?:[.;]|$|of\s+them\b))|(?<=for\s)both(?=\s*(?:[.;]|$))",
        GENERIC,
        "",
        "",
        9,
    ),
)
_PATTERNS = tuple(
    (
        re.compile(
            r"(?<![\w-])(?:" + pattern + r")(?![\w-])",
            re.IGNORECASE if not pattern.startswith("Katyusha") else 0,
        ),
        et,
        st,
        w,
        r,
    )
    for pattern, et, st, w, r in _TABLE
)
_KATYUSHA = re.compile(
    r"(?<![\w-])(?:Katyushas?|rockets?(?!\s+launch(?:ing|er|ers)?\s+(?:positions?|sites?|pads?))|rocket\s+fire|rocket\s+attacks?)(?![\w-])",
    re.IGNORECASE,
)
# Words joining two triggers into one mention: "drone attack", "missile strike", "Katyusha rockets".
_JOIN = re.compile(r"^(?:\s+|\s*-\s*|\s+(?:of|with|and|by)\s+(?:\w+\s+){0,1})$", re.IGNORECASE)
_NOT_EVENT_BEFORE = re.compile(
    r"(?:\b(?:prevent|thwart|deter|tolerate|avoid|against\s+future|any\s+new|for\s+retaliatory|"
    r"would|will|"
    r"could|threat(?:en(?:ed)?)?\s+to|plans?\s+to|vowed\s+to|the\s+risk\s+of|anti-?)\s+(?:\w+\s+){0,2}"
    r"|\bunder\s+)$",
    re.IGNORECASE,
)
# "summoned the charge d'affaires to protest", "lodged a formal protest": diplomacy.
_DIPLOMATIC_BEFORE = re.compile(
    r"(?:\b(?:summon(?:ed|s)?|called\s+in)\s+(?:[\w'’.-]+\s+){1,6}?to\s+"
    r"|\blodg(?:e|ed|es|ing)\s+(?:an?\s+)?(?:\w+\s+)?|\b(?:diplomatic|formal)\s+)$",
    re.IGNORECASE,
)
_NOT_EVENT_AFTER = re.compile(
    r"^\s+(?:would|will|could|may|might|must)\s+(?:continue|not|be\s+met)\b", re.I
)
_PROTEST_CONTEXT = re.compile(r"protest|supporters|crowd|mourners|demonstrat|rioters|mob", re.I)


def find_triggers(sentence: str) -> list[Trigger]:
    """Event words of one sentence, joined into mentions and typed by ACLED's hierarchy."""
    raw: list[Trigger] = []
    taken = bytearray(len(sentence) + 1)  # characters already part of a trigger
    for pattern, event_type, sub_type, weapon, rank in _PATTERNS:
        regex = _KATYUSHA if weapon == "rockets" else pattern
        for match in regex.finditer(sentence):
            start, end = match.span()
            if any(taken[start:end]):
                continue
            text = match.group(0)
            if event_type == GENERIC and _NOT_EVENT_BEFORE.search(sentence[:start]):
                continue
            if event_type in (GENERIC, "Protests") and _DIPLOMATIC_BEFORE.search(sentence[:start]):
                continue
            if _NOT_EVENT_AFTER.match(sentence[end:]):
                continue
            taken[start:end] = b"\x01" * (end - start)
            raw.append(
                Trigger(
                    start,
                    end,
                    text,
                    event_type,
                    sub_type,
                    weapon,
                    rank,
                    text.lower().endswith("s") and not text.lower().endswith("ss"),
                )
            )
    raw.sort(key=lambda t: t.start)
    # "U.S. forces struck a Houthi anti-ship missile": the weapon is what was hit; the
    # event is the strike the verb tells.
    kept: list[Trigger] = []
    struck_end = -1
    for t in raw:
        if (
            t.weapon in _STRUCK_WEAPONS
            and not _ATTACK_WORD.search(t.text)
            and (
                _STRUCK_OBJECT.search(sentence[: t.start])
                or (struck_end >= 0 and _AND_OR.fullmatch(sentence[struck_end : t.start]))
            )
        ):
            struck_end = t.end  # "... cruise missiles and drone boats": both were struck
            continue
        kept.append(t)
    raw = kept
    # "Three drones were fired ..., and two of them were shot down": an interception of
    # part of an attack is told of that attack, not a new event.
    if any(t.event_type == REMOTE and t.sub_event_type != "Disrupted weapons use" for t in raw):
        raw = [
            t for t in raw
            if not (t.sub_event_type == "Disrupted weapons use"
                    and _PARTIAL.search(sentence[: t.start]))
        ]  # fmt: skip
    # "A drone was shot down over the base": one event, the interception.
    disrupted = [t for t in raw if t.sub_event_type == "Disrupted weapons use"]
    raw = [
        t for t in raw
        if not (
            t.weapon in ("drone", "missiles", "ballistic missiles", "cruise missiles", "rockets")
            and any(0 <= d.start - t.end <= 30 and "." not in sentence[t.end : d.start]
                    for d in disrupted)
        )
    ]  # fmt: skip
    raw = _aircraft_weapons(raw, sentence)
    joined: list[Trigger] = []
    for trigger in raw:
        if (
            joined
            and _JOIN.match(sentence[joined[-1].end : trigger.start])
            and (trigger.generic or joined[-1].generic or _same_family(joined[-1], trigger))
        ):
            joined[-1] = _join(joined[-1], trigger, sentence)
        else:
            joined.append(trigger)
    return [_adjust(t, sentence) for t in joined]


_STRUCK_WEAPONS = frozenset(
    {"drone", "missiles", "ballistic missiles", "cruise missiles", "rockets", "artillery"}
)
_STRUCK_OBJECT = re.compile(
    r"\b(?:struck|hit|destroyed|bombed|targeted|took\s+out|striking|hitting|destroying)\s+"
    r"(?:a|an|the|two|three|four|five|six|several|\d+)\s+(?:[\w'’-]+\s+){0,3}$"
    # "five strikes on Monday against Houthi anti-ship cruise missiles": what was struck
    r"|\b(?:strikes?|struck|raids?)\s+(?:(?:on|late\s+on|early\s+on)\s+\w+\s+)?"
    r"(?:against|targeting|on)\s+(?:the\s+)?(?:(?!(?:with|using|by|from)\b)[\w'’-]+\s+){0,3}$",
    re.IGNORECASE,
)
_PARTIAL = re.compile(
    r"\b(?:(?:one|two|three|four|five|six|some|most|several|many|all\s+but\s+\w+|\d+|"
    r"(?:nearly|almost|virtually)\s+all)"
    r"(?:\s+of\s+(?:them|which|those|the\s+\w+))?|the\s+(?:others?|rest))"
    r"\s+(?:were|was|had\s+been|have\s+been)\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)


# "helicopter gunships fired missiles", "jets dropped bombs": the aircraft's weapon.
_FIRED_BY = re.compile(
    r"^\s+(?:\w+\s+)?(?:fired|launched|dropped|using)\s+(?:[\w-]+\s+){0,2}$", re.I
)
_AIR_WORDS = frozenset({"aircraft", "drone"})
_ATTACK_WORD = re.compile(r"attack|strike|fire", re.I)
_AND_OR = re.compile(r",?\s+(?:and|or)\s+")
_RAID = re.compile(r"raids?", re.I)
_HIT_AFTER = re.compile(r"\s+(?:hit|struck|targeted|pounded)\b", re.I)
_TOLD_RAID_BEFORE = re.compile(
    r"\b(?:the|that|this|Sunday|Monday|Tuesday|Wednesday|Thursday|"
    r"Friday|Saturday|night)['’]?s?\s+$"
)


# Words of a raid on the ground: troops storming, arresting, fighting.
_GROUND = re.compile(
    r"\b(?:storm\w*|troops|soldiers|commandos|special\s+forces|ground|gunmen|arrest\w*|"
    r"detain\w*|gunfire|gun\s*battle|clash\w*|infantry|tanks?|bulldoz\w*|house|homes|"
    r"door|refugee\s+camp|police)\b",
    re.IGNORECASE,
)


def _aircraft_weapons(raw: list[Trigger], sentence: str) -> list[Trigger]:
    """An aircraft's missiles are its strike; a raid where aircraft fly is an air raid.

    "helicopter gunships fired missiles" is one air strike, not a missile attack; "an
    Israeli raid ..., in which helicopter gunships fired missiles" and "18 raids hit
    positions" (a ground raid storms, it does not hit) are told as a bare strike that
    joins the typed words of the event."""
    kept: list[Trigger] = []
    for t in raw:
        prev = kept[-1] if kept else None
        if (
            prev is not None
            and prev.weapon in _AIR_WORDS
            and t.weapon in _LAUNCHED
            and _FIRED_BY.match(sentence[prev.end : t.start])
        ):
            continue
        kept.append(t)
    air = any(t.weapon in _AIR_WORDS for t in kept)
    result = []
    for t in kept:
        if (
            t.sub_event_type == "Armed clash"
            and _RAID.fullmatch(t.text)
            and (
                air
                or _HIT_AFTER.match(sentence[t.end :])
                or (
                    # "condemned the raid as criminal": the event told, by its bare name
                    _TOLD_RAID_BEFORE.search(sentence[: t.start]) and not _GROUND.search(sentence)
                )
            )
        ):
            t = Trigger(t.start, t.end, t.text, GENERIC, "", "", 9, t.plural)
        result.append(t)
    return result


def _same_family(a: Trigger, b: Trigger) -> bool:
    return a.event_type == b.event_type == REMOTE


_LAUNCHED = frozenset({"missiles", "ballistic missiles", "cruise missiles", "rockets"})


def _join(a: Trigger, b: Trigger, sentence: str) -> Trigger:
    best = a if a.rank <= b.rank else b
    if {a.weapon, b.weapon} & _LAUNCHED and "drone" in (a.weapon, b.weapon):
        # "with missiles and drones", "a drone and missile strike": a combined attack is
        # coded by its drones, as ACLED codes the Abqaiq attack.
        best = a if a.weapon == "drone" else b
    return Trigger(
        a.start, b.end, sentence[a.start : b.end], best.event_type, best.sub_event_type,
        best.weapon, best.rank, a.plural or b.plural,
    )  # fmt: skip


_FIGHT_BACK = re.compile(
    r"clash|exchang\w*\s+(?:of\s+)?fire|returned\s+fire|gun\s*battle|fire\s*fight|shoot-?out", re.I
)


# "opened fire on a border patrol", "a gun attack on an army checkpoint": the target is
# armed, so ACLED codes a clash, not violence against civilians.
_ARMED_TARGET = re.compile(
    r"^\s+(?:on|at|against|targeting)\s+(?:an?\s+|the\s+|two\s+|three\s+|several\s+)?"
    r"(?:[\w-]+\s+){0,2}?(?:patrols?|soldiers|troops|forces|police(?:men)?|policemen|officers|"
    r"guards|checkpoints?|convoys?|army|military|base|outposts?|garrison|fighters|militiamen)\b",
    re.IGNORECASE,
)


def _adjust(trigger: Trigger, sentence: str) -> Trigger:
    """Context rules: a storming without a crowd is a raid; a crowd's storming is a riot;
    a shooting where forces fire back is a clash."""
    if trigger.event_type == "Violence against civilians" and trigger.weapon == "small arms":
        if _FIGHT_BACK.search(sentence) or _ARMED_TARGET.match(sentence[trigger.end :]):
            return Trigger(
                trigger.start, trigger.end, trigger.text, "Battles", "Armed clash",
                "small arms", 6, trigger.plural,
            )  # fmt: skip
        return trigger
    if trigger.event_type == "Riots" and not _PROTEST_CONTEXT.search(sentence):
        if re.search(r"embassy|compound|consulate", sentence, re.I):
            return trigger
        return Trigger(
            trigger.start,
            trigger.end,
            trigger.text,
            "Battles",
            "Armed clash",
            "small arms",
            6,
            trigger.plural,
        )
    if trigger.event_type == "Protests" and re.search(
        r"storm|broke\s+into|set\s+fire|torched|breached", sentence, re.I
    ):
        return Trigger(
            trigger.start,
            trigger.end,
            trigger.text,
            "Riots",
            "Violent demonstration",
            "mob",
            6,
            trigger.plural,
        )
    return trigger
