"""Who did it, and how the report knows: actor aliases and attribution words.

Actor names are matched through an alias table whose sides come from
`events.sides`, so every spelling of a group ("Kata'ib Hezbollah", "Kataib
Hezbollah", "Kata’ib Hizballah", "KH") becomes one canonical actor. The words
around an event set `attribution` (events/schema.py ATTRIBUTIONS):

- "claimed (responsibility)"                          -> claimed
- "denied", "did not conduct", "had no role"          -> denied
- "blamed", "accused", "bore the hallmarks of",
  "was behind", "probably carried out by", "holds X responsible",
  "was charged with"                                  -> alleged
- "no one claimed", "unclaimed", "unidentified"       -> unknown
- the actor's own statement ("the Pentagon confirmed", "X said it carried
  out", "US forces responded")                         -> confirmed
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from events.sides import normalise_actor, side_of

UNIDENTIFIED = "Unidentified armed group"
# Actors with aircraft: a bare "strike" by one of them is an air strike.
AIR_FORCES = frozenset(
    {"United States", "US-led coalition", "United Kingdom", "Israel", "Turkey", "Russia",
     "Syrian government", "Iraqi security forces", "Jordan", "Saudi Arabia", "Saudi-led coalition",
     "Pakistan", "Egypt", "United Arab Emirates", "Sudanese Armed Forces"}
)  # fmt: skip
STATES = AIR_FORCES | {"Iran", "IRGC"}

# Canonical actor -> regular expressions for its names in running text.
ALIASES: tuple[tuple[str, str], ...] = (
    ("Kata'ib Hezbollah", r"Kata['’‘`]?[ie]b\s+H[ie]zb[aou]ll?ah?|Kataeb\s+Hezbollah|\bKH\b"),
    ("Kata'ib Sayyid al-Shuhada", r"Kata['’]?[ie]b\s+Sayy?[ie]d\s+al-Shuhada"),
    ("Asa'ib Ahl al-Haq", r"Asa['’]?[ie]b\s+Ahl\s+al-Haq|\bAAH\b"),
    ("Harakat al-Nujaba", r"(?:Harakat\s+)?(?:Hezbollah\s+)?al-Nujaba"),
    ("Saraya Awliya al-Dam", r"Saraya\s+Awliya(?:\s+al-Dam)?"),
    ("Islamic Resistance in Iraq", r"Islamic\s+Resistance\s+in\s+Iraq"),
    (
        "Popular Mobilization Forces",
        r"Popular\s+Mobili[sz]ation\s+(?:Forces?|Units?)|People['’]s\s+Mobili[sz]ation\s+Forces?|\bPMF\b|\bPMU\b|Hashd(?:\s+al-Shaabi)?",
    ),
    ("Houthis", r"Houthis?|Huthis?|Ansar\s+Allah|Ansarallah"),
    (
        "Hezbollah",
        r"(?<!Kata'ib )(?<!Kataib )(?<!Kata’ib )\bHezbollah\b|\bHizbollah\b|\bHizballah\b",
    ),
    ("Hamas", r"\bHamas\b"),
    (
        "PKK",
        r"Kurdistan\s+Workers['’]?\s+Party(?:\s+\(PKK\))?|\bPKK\b",
    ),
    (
        "IRGC",
        r"Islamic\s+Revolutionary\s+Guard(?:s)?\s+Corps|Revolutionary\s+Guards?|\bIRGC\b|Quds\s+Force",
    ),
    (
        "Iran-backed militias",
        r"Iran(?:ian)?[-\s]backed\s+(?:[\w'’-]+\s+){0,3}?(?:militias?|militants?|groups?|fighters|factions)|Iran(?:ian)?[-\s]aligned\s+(?:militias?|groups?)|pro-Iran(?:ian)?\s+(?:\w+\s+)?(?:militias?|factions|groups?)|Iranian\s+proxy\s+group|Iranian\s+proxies",
    ),
    ("Islamic State", r"Islamic\s+State|\bISIS\b|\bISIL\b|Daesh|\bIS\b"),
    ("Syrian Democratic Forces", r"Syrian\s+Democratic\s+Forces|\bSDF\b"),
    ("Palestinian Islamic Jihad", r"(?:Palestinian\s+)?Islamic\s+Jihad|\bPIJ\b"),
    ("Jaish al-Adl", r"Jaish\s+al-Adl|Jaish\s+ul-Adl|Army\s+of\s+Justice"),
    ("Rapid Support Forces", r"Rapid\s+Support\s+Forces|\bRSF\b"),
    (
        "Sudanese Armed Forces",
        r"Sudan(?:ese)?\s+(?:army|armed\s+forces|military|air\s+force)|\bSAF\b",
    ),
    ("Libyan National Army", r"Libyan\s+National\s+Army|\bLNA\b|Haftar['’]s\s+forces"),
    (
        "US-led coalition",
        r"(?:U\.?S\.?-led\s+|US-led\s+|international\s+)?coalition(?:\s+forces)?|Operation\s+Inherent\s+Resolve|CJTF-OIR|\bOIR\b",
    ),
    (
        "United States",
        r"\bMarines?\b(?!\s+General)|Marine\s+Raiders|Delta\s+Force|Navy\s+SEALs?|United\s+States|\bU\.S\.(?!-led)|\bUS\b(?!-led)|\bUSA\b|Pentagon|American|Washington|CENTCOM|Central\s+Command|Biden\s+administration|Trump\s+administration",
    ),
    ("United Kingdom", r"British(?!-based)|United\s+Kingdom|\bUK\b|Royal\s+Air\s+Force"),
    ("Israel", r"Israeli?(?:\s+Defen[cs]e\s+Forces)?|\bIDF\b"),
    ("Turkey", r"Turkish|Turkey|Türkiye"),
    ("Saudi-led coalition", r"Saudi-led\s+(?:military\s+)?coalition"),
    # "Saudi Aramco" is the state oil company, the target, never the actor.
    ("Saudi Arabia", r"Saudi\s+Arabia|\bSaudi(?!-led)\b(?!\s+Aramco)"),
    ("Pakistan", r"\bPakistan(?:i)?\b(?:\s+(?:army|armed\s+forces|air\s+force|military))?"),
    ("Egypt", r"\bEgypt(?:ian)?\s+(?:army|armed\s+forces|air\s+force|military)"),
    ("United Arab Emirates", r"\bEmirati\s+(?:army|armed\s+forces|air\s+force|military|drones?)"),
    ("Jordan", r"\bJordan(?:ian)?\b(?:\s+(?:army|armed\s+forces|air\s+force|military))?"),
    ("Kuwait", r"\bKuwaiti?\s+(?:army|armed\s+forces|military|government)"),
    ("Russia", r"Russian?"),
    (
        "Syrian government",
        r"Syrian\s+(?:army|government|regime|forces|troops|state)|Assad\s+regime",
    ),
    ("Iraqi security forces", r"Iraqi\s+(?:army|security\s+forces|forces|troops|military|police)"),
    (
        "Iran",
        r"(?<!of\s)\bIran(?:ian)?\b(?![-\s]backed)(?![-\s]aligned)"
        r"(?![-\s](?:made|designed|built|supplied)\b)(?!\s+origin\b)",
    ),
    (
        UNIDENTIFIED,
        r"unidentified|unknown\s+(?:gunmen|assailants|attackers|group)|gunmen|militants|militiamen|militias?",
    ),
)
_ACTOR_RES = tuple((name, re.compile(pattern)) for name, pattern in ALIASES)

# Attribution cues: (pattern, attribution, where the actor is relative to the cue)
_CUES: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(p, re.IGNORECASE), a, where)
    for p, a, where in (
        (
            # "Israel, which has neither confirmed nor denied responsibility": no denial
            r"\bneither\s+confirm(?:ed|s)?\s+nor\s+den(?:ied|ies|y)"
            r"|\b(?:not|never)\s+(?:publicly\s+)?confirm(?:ed|s)?\s+or\s+den(?:ied|ies|y)",
            "alleged",
            "before",
        ),
        (
            # "an official said the strikes were carried out by Israel": the official's word
            r"\b(?:said|says|believed|assessed)\s+(?:that\s+)?(?:the\s+|these\s+|those\s+)?"
            r"(?:[\w-]+\s+){0,3}?(?:was|were|had\s+been|have\s+been)\s+carried\s+out\s+by",
            "alleged",
            "after",
        ),
        (
            r"\b(?:no[- ]one|nobody|no\s+group)\s+(?:has\s+|had\s+)?(?:yet\s+)?claimed"
            r"|\bunclaimed\b|not\s+(?:been\s+)?claimed",
            "unknown",
            "none",
        ),
        (r"\bclaimed\s+by\b", "claimed", "after"),
        (
            # "an attack the group claimed", "a strike that it later claimed": the claim
            # told after the event it is of; the claimant is the group named before
            r"\b(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|operations?|bombings?|raids?)"
            r",?\s+(?:that\s+|which\s+)?(?:the\s+(?:group|militia|movement|rebels|militants)|it|they"
            r"|(?:the\s+)?(?-i:[A-Z])[\w'’-]+(?:\s+(?-i:[A-Z])[\w'’-]+){0,2})"
            r"\s+(?:has\s+|had\s+|have\s+)?(?:later\s+|quickly\s+|swiftly\s+|also\s+)?claimed\b",
            "claimed",
            "before",
        ),
        (
            # "said on Thursday they were behind the attack", "says it was responsible for":
            # the speaker owning the deed
            r"\b(?:said|says|announced|declared|stated)\s+(?:(?:late\s+|early\s+)?on\s+\w+\s+)?"
            r"(?:in\s+a\s+statement\s+)?(?:that\s+)?(?:it|they|the\s+group|its\s+(?:\w+\s+)?"
            r"(?:forces|fighters|members|units?))\s+(?:was|were|had\s+been)\s+"
            r"(?:behind|responsible\s+for)\b",
            "claimed",
            "before",
        ),
        (r"\bno\s+(?:immediate\s+)?comment\s+from\b", "alleged", "after"),
        (
            # "a missile launched from Houthi-held territory": the report places the
            # launch in a group's territory, it does not know who fired
            r"\b(?:from|in)\s+(?:the\s+)?(?:[\w-]+\s+)?(?-i:[A-Z])[\w'’-]+[-\s](?:held|controlled|"
            r"run|dominated)\s+(?:territory|territories|areas?|parts|regions?|zones?|land)\b",
            "alleged",
            "inside",
        ),
        (
            r"\b(?:said|believed|assessed|concluded)\s+(?:that\s+)?(?=(?-i:[A-Z])(?:[\w'’.-]+\s+){1,4}?"
            r"(?:had|has|was|were)\s+(?:carried\s+out|conducted|launched|fired|behind|responsible))",
            "alleged",
            "after",
        ),
        (
            r"\bclaimed\s+(?:responsibility|(?:an?|the|that|this|both|all|these|those|each|the\s+two|the\s+three"
            r"|(?-i:[A-Z])\w+['’]s)"
            r"\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?|operations?|bombings?)|it)"
            r"|\btook\s+responsibility|\bclaims?\s+of\s+responsibility"
            # "The group claimed both.": the events told before, without their word
            r"|\bclaimed\s+(?:responsibility\s+for\s+)?both(?=\s*(?:[.;]|$|of\s+them\b))",
            "claimed",
            "before",
        ),
        (
            r"\b(?:denied|denies|deny|did\s+not\s+(?:conduct|carry\s+out|launch)|had\s+no\s+(?:role|involvement)|was\s+not\s+involved|were\s+not\s+involved)",
            "denied",
            "before",
        ),
        (
            r"\b(?:was|were|is|are|has\s+been|have\s+been)\s+(?:widely\s+)?blamed\b"
            r"|\b(?:declined|refused)\s+to\s+comment|\b(?:would|did|does)\s+not\s+comment"
            r"|\bhas\s+not\s+commented|\brarely\s+comments|\b(?:did|does)\s+not\s+claim\b"
            r"|\bwas\s+silent|\bremained\s+silent",
            "alleged",
            "before",
        ),
        (
            r"\b(?:probably|likely|reportedly|believed\s+to\s+have\s+been)\s+carried\s+out\s+by|\bbore\s+the\s+hallmarks\s+of|\bblam(?:ed|ing)|\baccus(?:ed|ing)|\bheld\s+(?:\w+\s+){1,3}?responsible|\bholds?\s+(?=(?:[\w'’.-]+\s+){1,4}?responsible\b)|\bwas\s+charged\s+with|\bwere\s+behind|\bwas\s+behind|\bsuspected\s+of|\bbacked\s+the\s+fighters",
            "alleged",
            "around",
        ),
        (
            # "activists said Russian jets carried out the raid": a third party's word,
            # unless the speaker is the actor itself ("U.S. officials said U.S. jets struck")
            r"\b(?:said|says|reported|alleged|claimed)\s+(?:that\s+)?(?-i:[A-Z])(?:[\w'’.-]+\s+){0,4}?"
            r"(?:had\s+|has\s+|have\s+)?(?:carried\s+out|conducted|launched|struck|bombed|shelled|"
            r"targeted)\b",
            "alleged",
            "reported",
        ),
        (
            r"\bconfirmed\s+(?:the|that|it)"
            r"|\bsaid\s+(?:(?:late\s+|early\s+)?on\s+\w+\s+)?(?:in\s+a\s+statement\s+)?(?:that\s+)?"
            r"(?:it|they|the\s+group|(?:its|the\s+group['’]s|their)\s+(?:\w+\s+)?(?:forces|jets|"
            r"aircraft|warplanes|troops|fighters|military|drones|navy|units?))\s+"
            r"(?:had\s+|has\s+|have\s+)?(?:also\s+)?"
            r"(?:carried\s+out|conducted|struck|launched|fired|targeted|hit|shot|attacked|bombed|"
            r"shelled|neutrali[sz]ed|sent|used|deployed|dispatched|ambushed|destroyed|downed)"
            r"|\bannounced\s+(?:the|that\s+it)|\bordered\s+(?:the\s+)?(?:air)?strikes"
            r"|\bcarried\s+out\s+(?:what|the|retaliatory|air)|\bresponded\s+in\s+self-defen[cs]e"
            r"|\bis\s+carrying\s+out",
            "confirmed",
            "before",
        ),
    )
)
_PRECEDENCE = {"denied": 0, "claimed": 1, "alleged": 2, "confirmed": 3, "unknown": 4}
# "U.S. airstrikes", "Iranian ballistic missile strike", "Israeli jets": the adjective is the actor.
_AGENT_BEFORE = re.compile(
    r"(?P<who>U\.S\.|US|American|Israeli|Iranian|Turkish|Russian|Syrian\s+government|coalition|"
    r"British|Houthi|Jordanian|Saudi(?!\s+Aramco)|Iraqi|militia|Hezbollah|PKK)[\s-]+"
    r"(?:(?!(?:for|a|an|the|of|to|in|on|by|with|and|that|at|from|had|has|have|was|were|is|"
    r"said|says)\b)[\w-]+\s+){0,2}$"
)
_AGENT_NAMES = {
    "u.s.": "United States", "us": "United States", "american": "United States",
    "israeli": "Israel", "iranian": "Iran", "turkish": "Turkey", "russian": "Russia",
    "syrian government": "Syrian government", "coalition": "US-led coalition",
    "british": "United Kingdom", "houthi": "Houthis", "jordanian": "Jordan",
    "saudi": "Saudi Arabia", "pkk": "PKK",
    "iraqi": "Iraqi security forces", "militia": "Iran-backed militias", "hezbollah": "Hezbollah",
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class ActorMention:
    start: int
    end: int
    actor: str

    @property
    def side(self) -> str:
        return side_of(self.actor)


@dataclass(frozen=True, slots=True)
class Attribution:
    """How the report knows who did it: the word, its span, and the actor it names."""

    attribution: str
    start: int
    end: int
    actor: str | None


def canonical_actor(name: str) -> str:
    """The table's canonical name for any spelling ('Kataib Hizballah' -> "Kata'ib Hezbollah")."""
    for actor, pattern in _ACTOR_RES:
        if pattern.fullmatch(name.strip()) or pattern.search(name):
            return actor
    folded = normalise_actor(name)
    for actor, _ in ALIASES:
        if normalise_actor(actor) == folded:
            return actor
    return name.strip()


# A nationality adjective that opens an organisation's name is no actor: "Turkish Aerospace
# Industries", "Iraqi Airways", "Syrian Arab Red Crescent", "Saudi Aramco", "Israeli Channel 12".
_ORG_NAME = re.compile(
    r"\b(?:Turkish|Iraqi|Syrian|Saudi|Israeli|Iranian|Jordanian|Kuwaiti|Qatari|Emirati|Egyptian"
    r"|Lebanese|Yemeni|Palestinian|Russian|American|British|Pakistani)\s+"
    r"(?:Arab\s+)?(?:Aerospace|Airways|Airlines|Red\s+Crescent|Aramco|Channel\s+\d+"
    r"|Petroleum|Oil\s+Company|Broadcasting|Space\s+Agency|Industries)\b"
)


def org_names(sentence: str) -> list[tuple[int, int]]:
    """Spans of organisation names that open with a nationality adjective."""
    return [m.span() for m in _ORG_NAME.finditer(sentence)]


def find_actors(sentence: str) -> list[ActorMention]:
    """Actor names of one sentence, canonicalised, in order; the table's order wins overlaps."""
    found: list[ActorMention] = [ActorMention(a, b, "") for a, b in org_names(sentence)]
    for actor, pattern in _ACTOR_RES:
        for match in pattern.finditer(sentence):
            start, end = match.span()
            if any(start < m.end and m.start < end for m in found):
                continue
            found.append(ActorMention(start, end, actor))
    return sorted((m for m in found if m.actor), key=lambda m: m.start)


def agent_before(sentence: str, trigger_start: int) -> ActorMention | None:
    """'U.S. airstrikes' -> United States: the adjective in front of an event word."""
    match = _AGENT_BEFORE.search(sentence[:trigger_start])
    if not match:
        return None
    who = match.group("who")
    if any(a <= match.start("who") < b for a, b in org_names(sentence)):
        return None  # "Turkish Aerospace headquarters attack": the target's name
    return ActorMention(match.start("who"), match.end("who"), _AGENT_NAMES[who.lower()])


_SAID_SUBJECT_VERB = re.compile(
    r"(?:[\w'’.-]+\s+){1,4}?(?P<verb>(?:had|has|was|were)\s+(?:carried\s+out|conducted|launched|"
    r"fired|behind|responsible))"
)
_RELATIVE_BETWEEN = re.compile(r"^\s*,\s*(?:which|who)\b[^;,]*,\s*(?:but\s+)?$", re.IGNORECASE)
_THE_GROUP = re.compile(r"\bthe\s+(?:group|militia|movement)\b")
_SAID_WORD = re.compile(r"\b(?:said|says|told|believes?|believed)\b")
_CLAUSE_END = re.compile(r"[;:]|(?<=[a-z]{2})\.\s")


def find_attributions(sentence: str, actors: list[ActorMention]) -> list[Attribution]:
    """Attribution words of one sentence, each with the actor nearest it on the side it points."""
    result: list[Attribution] = []
    for pattern, attribution, where in _CUES:
        for match in pattern.finditer(sentence):
            if any(
                r.start <= match.start() < r.end or match.start() <= r.start < match.end()
                for r in result
            ):
                continue  # "no one claimed" is not a claim
            actor = None
            if where in ("before", "around"):
                before = [a for a in actors if a.end <= match.start()]
                after = [a for a in actors if a.start >= match.end()]
                if attribution == "alleged":
                    text = match.group(0).lower()
                    if (
                        "carried out by" in text
                        or "hallmarks" in text
                        or "blam" in text
                        or "accus" in text
                        or "holds" in text
                        or "held" in text
                    ):
                        actor = after[0] if after else None
                        if actor is None and before:
                            actor = before[-1]
                        if _THE_GROUP.search(text):
                            # "held the group responsible": the group named before
                            groups = [a for a in before if a.actor not in STATES | {UNIDENTIFIED}]
                            actor = groups[-1] if groups else actor
                    elif "behind" in text:
                        # "Israel said Shukr was behind the strike": the one said to be
                        # behind it, never the speaker
                        said = list(_SAID_WORD.finditer(sentence[: match.start()]))
                        cut = said[-1].end() if said else 0
                        named = [a for a in before if a.start >= cut]
                        actor = named[-1] if named else None
                    else:
                        # "X said ... militants ... but did not comment": X, not the militants
                        named_before = [a for a in before if a.actor != UNIDENTIFIED]
                        actor = (named_before or before)[-1] if before else None
                        # "Hezbollah, which has traded fire with Israel, did not comment":
                        # the subject the relative clause describes
                        subject = next(
                            (
                                a for a in before
                                if _RELATIVE_BETWEEN.match(sentence[a.end : match.start()])
                            ),
                            None,
                        )  # fmt: skip
                        actor = subject or actor
                else:
                    actor = before[-1] if before else (after[0] if after else None)
                    inside = [
                        a for a in actors if match.start() <= a.start and a.end <= match.end()
                    ]
                    if inside and attribution == "claimed":
                        actor = inside[-1]  # "an attack the Houthis claimed": the claimant
                    if len(before) >= 2 and re.search(
                        r",\s*(?:an?|the)\b[^,]*$", sentence[before[-2].end : before[-1].start]
                    ):
                        actor = before[-2]  # "X, an umbrella group of Y, claimed": X
            elif where == "inside":
                inside = [a for a in actors if match.start() <= a.start and a.end <= match.end()]
                if not inside:
                    continue
                actor = inside[0]
            elif where == "reported":
                named = [a for a in actors if match.start() < a.start and a.end <= match.end()]
                if not named:
                    continue
                actor = named[0]
                breaks = _CLAUSE_END.finditer(sentence[: match.start()])
                clause = max((m.end() for m in breaks), default=0)
                speakers = {a.actor for a in actors if clause <= a.start and a.end <= match.start()}
                if actor.actor in speakers:
                    result.append(Attribution("confirmed", match.start(), match.end(), actor.actor))
                    continue
            elif where == "after":
                after = [a for a in actors if a.start >= match.end()]
                verb = _SAID_SUBJECT_VERB.match(sentence[match.end() :])
                if attribution == "alleged" and verb:
                    # "Israel said Shukr was behind the strike on ... the Israeli-occupied
                    # Golan": the subject said to be behind it, not a name after the verb
                    after = [a for a in after if a.start < match.end() + verb.start("verb")]
                actor = after[0] if after else None
            result.append(
                Attribution(attribution, match.start(), match.end(), actor.actor if actor else None)
            )
    # "Turkey says the attackers came from Syria, which the SDF denies": the denial of a
    # statement by a third party, not of the attack, unless the sentence blames it.
    return [
        a
        for a in result
        if not (
            a.attribution == "denied"
            and _WHICH_DENIES.search(sentence[: a.start])
            and not any(b.attribution == "alleged" and b.actor == a.actor for b in result)
        )
    ]


_WHICH_DENIES = re.compile(r"\bwhich\s+(?:[\w'’.-]+\s+){1,4}$", re.IGNORECASE)


def stronger(a: str, b: str) -> str:
    """The attribution that wins when two sentences disagree (a denial beats an allegation)."""
    return a if _PRECEDENCE[a] <= _PRECEDENCE[b] else b


# -- a report's own army ------------------------------------------------------

# A country's state actor, by the words a report uses for that country.
_ARMY_OF = {
    "Jordan": "Jordan", "Jordanian": "Jordan", "Syria": "Syrian government",
    "Syrian": "Syrian government", "Iraq": "Iraqi security forces",
    "Iraqi": "Iraqi security forces",
    "Israel": "Israel", "Israeli": "Israel", "Turkey": "Turkey", "Turkish": "Turkey",
    "Saudi": "Saudi Arabia", "Saudi Arabia": "Saudi Arabia", "Egypt": "Egypt",
    "Egyptian": "Egypt", "Pakistan": "Pakistan", "Pakistani": "Pakistan", "Iran": "Iran",
    "Iranian": "Iran",
}  # fmt: skip
# The state actor of a story's main country when it names only "government forces".
ARMY_OF_COUNTRY = {
    "JO": "Jordan", "SY": "Syrian government", "IQ": "Iraqi security forces", "IL": "Israel",
    "TR": "Turkey", "SA": "Saudi Arabia", "EG": "Egypt", "PK": "Pakistan",
}  # fmt: skip
HOME_COUNTRY = {actor: code for code, actor in ARMY_OF_COUNTRY.items()} | {
    "Iran": "IR", "IRGC": "IR", "United States": "US", "United Kingdom": "GB", "Russia": "RU",
    "United Arab Emirates": "AE", "Saudi-led coalition": "SA",
}  # fmt: skip
_NAMED_ARMY = re.compile(
    r"\b(?P<who>" + "|".join(sorted(_ARMY_OF, key=len, reverse=True)) + r")(?:['’]s)?\s+"
    r"(?:army|military|armed\s+forces|troops|soldiers|border\s+guards|security\s+forces|forces)\b"
)
# "the army said", "border guards clashed", "government forces shelled", "regime forces":
# a force the story names without its country.
_BARE_FORCE = re.compile(
    r"(?<![\w’'-])(?:(?:the|its)\s+)?(?P<force>army|military|armed\s+forces|border\s+guards|"
    r"(?:pro-)?government\s+forces|regime\s+forces|security\s+forces|government\s+troops|"
    r"regime\s+troops)\b(?!\s+(?:captain|officer|major|colonel|general|lieutenant|sergeant|"
    r"private|commander|chief|base|vehicle|post|position|checkpoint|patrol|spokesman|spokesperson|"
    r"force|source|sources|official|officials|academy|court|command|intelligence|statement|"
    r"analysts?|experts?|aid|presence|operations?)\b)",
    re.IGNORECASE,
)
_NOT_A_NAME = frozenset(
    {"On", "In", "At", "The", "But", "And", "Then", "When", "After", "Before", "Later", "Earlier",
     "Meanwhile", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}
)  # fmt: skip
_FORCE_TARGET_BEFORE = re.compile(
    r"\b(?:on|against|at|targeting|targeted|hit|struck|attacked|by|killed|wounded)\s+$",
    re.IGNORECASE,
)
_POSSESSIVE_S = re.compile(r"['’]s\b")
_SPEAKER_VERB_AFTER = re.compile(r"\s+(?:said|says|told|reported|announced)\b")
_SAID_OWN_AFTER = re.compile(
    r"\s+(?:said|says|announced)\s+(?:(?:late\s+|early\s+)?on\s+\w+\s+)?(?:that\s+)?"
    r"(?:it|its|they|their)\b"
)
_NAME_BEFORE = re.compile(r"\b([A-Z][\w.’'-]*)\s+$")
_NOT_OWN_FORCE_BEFORE = re.compile(
    r"(?:\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|\d+)\s+|['’]s\s+|-)$",
    re.IGNORECASE,
)


def report_army(text: str, countries: tuple[str, ...] = ()) -> str | None:
    """The army a report's bare "the army" is: the one it names with a country
    ("Jordan's army", "Jordanian troops") most often, else its main country's."""
    counts: dict[str, int] = {}
    for match in _NAMED_ARMY.finditer(text):
        actor = _ARMY_OF[match["who"]]
        counts[actor] = counts.get(actor, 0) + 1
    if counts:
        return max(counts, key=lambda a: counts[a])
    return ARMY_OF_COUNTRY.get(countries[0]) if countries else None


def own_forces(sentence: str, army: str | None, found: list[ActorMention]) -> list[ActorMention]:
    """'the army said', 'government forces shelled': the report's army, where no other
    actor is named in those words."""
    if army is None:
        return []
    extra = []
    for match in _BARE_FORCE.finditer(sentence):
        start, end = match.span()
        if _NOT_OWN_FORCE_BEFORE.search(sentence[: match.start("force")]):
            continue  # "an army captain", "Israel's military": not the bare force
        if any(start < m.end and m.start < end for m in found):
            continue
        after, before = sentence[end:], sentence[:start]
        if _POSSESSIVE_S.match(after) or _FORCE_TARGET_BEFORE.search(before):
            continue  # "the army's command", "attacks on the army", "shot down by": not the agent
        if _SPEAKER_VERB_AFTER.match(after) and not _SAID_OWN_AFTER.match(after):
            continue  # "..., the military said": the speaker, not the agent
        name = _NAME_BEFORE.search(sentence[:start])
        if name and name.group(1) not in _NOT_A_NAME:
            continue  # "Houthi government forces", "Israeli military": a name in front
        extra.append(ActorMention(start, end, army))
    return extra
