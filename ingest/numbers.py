"""Counts of the killed and the wounded, following ACLED's rules for vague numbers.

ACLED codes "a dozen" as 12, "dozens" as 12 (a floor), "tens" as 10,
"hundreds" as 100, "more than 40" as 41 (a floor) and "at least five" as 5 (a
floor); "some 110" and "about 30" are the number itself. Each figure is a
`Figure`: the value and whether it is only a lower bound, so that sentences
that disagree can be kept as a low/best/high range by the caller.

Only numbers in a casualty relation count: the object of "killed"/"wounded",
the subject of "were killed", "left N dead". "18 107 mm Katyusha rockets" and
"a 26-year-old" are not casualties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_UNITS = {
    "zero": 0, "no": 0, "one": 1, "a": 1, "an": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}  # fmt: skip
# Vague words: value, and whether the value is a floor.
_VAGUE = {
    "a dozen": (12, False),
    "dozen": (12, False),
    "dozens": (12, True),
    "tens": (10, True),
    "scores": (20, True),
    "hundreds": (100, True),
    "thousands": (1000, True),
    "a couple": (2, False),
    "a handful": (3, True),
}
_FLOOR_WORDS = r"(?:at\s+least|more\s+than|over|upwards\s+of|in\s+excess\s+of|no\s+fewer\s+than)"
_ABOUT_WORDS = r"(?:some|about|around|approximately|nearly|almost|roughly|an\s+estimated|up\s+to)"
_WORD_SIMPLE = (
    r"(?:"
    + "|".join(sorted((w for w in _UNITS if w not in ("a", "an", "no")), key=len, reverse=True))
    + r")(?:[\s-](?:one|two|three|four|five|six|seven|eight|nine))?"
)
# "a hundred", "two hundred and twenty-one", "twenty-one"
_WORD_NUMBER = (
    r"(?:(?:(?:a|one|two|three|four|five|six|seven|eight|nine)\s+)?hundred"
    r"(?:\s+(?:and\s+)?(?!hundred)" + _WORD_SIMPLE + r")?|" + _WORD_SIMPLE + r")"
)
_SIMPLE_NUM = r"(?:\d{1,3}(?:,\d{3})+|\d+|" + _WORD_NUMBER + r")"
_VAGUE_RE = (
    r"(?:a\s+dozen|(?:two|three|four|five|\d+)\s+dozen|dozens|tens|scores|hundreds|thousands"
    r"|a\s+couple|a\s+handful)"
)
NUMBER = (
    r"(?:(?P<mod>" + _FLOOR_WORDS + r"|" + _ABOUT_WORDS + r")\s+)?"
    r"(?P<num>between\s+" + _SIMPLE_NUM + r"\s+and\s+" + _SIMPLE_NUM + r"|"
    r"\d{1,3}(?:,\d{3})+|\d+|" + _VAGUE_RE + r"|" + _WORD_NUMBER + r"|a|an)(?![\w-])"
    r"(?:\s+(?:of\s+(?:the|them|its|their)\s+)?)?"
)
NUMBER_RE = re.compile(r"\b" + NUMBER, re.IGNORECASE)
# The same pattern without group names, for use inside larger patterns.
_NUM = NUMBER.replace("?P<mod>", "?:").replace("?P<num>", "?:")


@dataclass(frozen=True, slots=True)
class Figure:
    """A reported count: `value`, `floor` when the report gives only a lower bound.

    `high` is the upper end of a stated range ("between 10 and 15": value 10, high 15).
    """

    value: int
    floor: bool = False
    high: int | None = None
    superseded: bool = False  # "officials had initially put the toll at four": replaced


def parse_number(text: str) -> Figure | None:
    """'more than a dozen' -> Figure(13, floor=True); 'some 110' -> Figure(110); else None."""
    match = NUMBER_RE.match(text.strip())
    if not match:
        return None
    return _figure(match.group("mod"), match.group("num"))


def _figure(modifier: str | None, number: str) -> Figure | None:
    word = " ".join(number.lower().split())
    floor = False
    ends = re.fullmatch(r"between\s+(.+?)\s+and\s+(?!\w+\s+and\s)(.+)", word)
    if ends and not ends.group(1).endswith("hundred"):
        low, high = _figure(None, ends.group(1)), _figure(None, ends.group(2))
        if low is None or high is None:
            return None
        return Figure(min(low.value, high.value), False, max(low.value, high.value))
    if word in _VAGUE:
        value, floor = _VAGUE[word]
    elif word.replace(",", "").isdigit():
        value = int(word.replace(",", ""))
    elif re.fullmatch(r"(?:two|three|four|five|\d+)\s+dozen", word):
        count = word.split()[0]
        value = 12 * (int(count) if count.isdigit() else _UNITS[count])
    else:
        parts = [p for p in re.split(r"[\s-]+", word) if p != "and"]
        if not all(p in _UNITS for p in parts):
            return None
        value = 0
        for part in parts:
            value = max(value, 1) * 100 if part == "hundred" else value + _UNITS[part]
    if modifier:
        mod = " ".join(modifier.lower().split())
        if mod in ("more than", "over", "upwards of", "in excess of"):
            return Figure(value + 1, True)
        if mod in ("at least", "no fewer than"):
            return Figure(value, True)
    return Figure(value, floor)


# -- casualty relations --------------------------------------------------------

_KILL_VERB = (
    r"(?:killed|killing|kill|kills|dead|died|deaths?|slain|lost\s+their\s+lives|fatalities)"
)
_WOUND_VERB = (
    r"(?:wounded|wounding|wounds|injured|injuring|injuries|injury|hurt|hospitali[sz]ed"
    r"|suffer(?:ed|ing)?\s+(?:from\s+)?(?:\w+\s+){0,2}injur(?:y|ies)"
    r"|with\s+(?:\w+\s+){0,2}injur(?:y|ies)|casualties)"
)
_NOT_FILLER = r"(?!(?:and|killed|killing|wounded|wounding|injured|injuring)\b)"
_VICTIM = (
    r"(?:(?:"
    + _NOT_FILLER
    + r"[A-Z][\w.’'-]*\s+|U\.S\.(?:-led)?\s+|US(?:-led)?\s+|other\s+|more\s+|of\s+its\s+"
    r"|of\s+the\s+"
    r"|[a-z-]+(?:ed|ian|ish|ese|an)\s+){0,4}"
    r"(?:people|persons|civilians|soldiers?|troops|service\s*members?|servicemen|personnel|fighters?"
    r"|militants?|militiamen|members?|contractors?|Americans?|marines?|guards?|policemen|police"
    r"|officers?|children|women|men|others|workers|staff|crew|sailors|airmen|militias|combatants"
    r"|of\s+them|troopers|individuals|victims|residents|coalition\s+personnel|commanders?|leaders?"
    r"|officials?|generals?|advisers?|advisors?|passengers|journalists|protesters|demonstrators"
    r"|man|woman|child|boys?|girls?|person|farmers?|shepherds?|drivers?|students?|doctors?|nurses?"
    r"|policeman|civilian|workers?|journalist|paramedics?|teenagers?"
    r"|(?:Israeli|Palestinian|Iraqi|Syrian|Yemeni|Iranian|Jordanian|Saudi|Afghan|Pakistani|Kurd"
    r"|Turk|Emirati|Egyptian)s|Lebanese)\b"
    r"(?:\s+and\s+(?:another\s+|" + _NUM + r")"
    r"(?:[A-Z][\w.’'-]*\s+|" + _NOT_FILLER + r"[a-z-]+\s+){0,3}?"
    r"(?:soldiers?|troops|service\s*members?|contractors?|civilians|others|personnel|fighters?"
    r"|farmers?|guards?|people|children|women|men|workers?|policemen|police(?:\s+officers?)?"
    r"|officers?|staff|journalists?|paramedics?|militants?|members?|residents|passengers"
    r"|students?|teenagers?|relatives|boys|girls)\b)*)"
)
# A word between a count and its victims; never a second clause ("a farmer and wounded three").
_FILLER = _NOT_FILLER + r"[A-Za-z’'.-]+"
# "killed two U.S. troops and one British soldier", "wounding 14 people"
_ACTIVE = re.compile(
    r"\b(?P<verb>" + _KILL_VERB + r"|" + _WOUND_VERB + r")\s+"
    r"(?P<phrase>" + _NUM + r"(?:U\.S\.\s+|" + _FILLER + r"\s+){0,4}?" + _VICTIM + r")",
    re.IGNORECASE,
)
# "killing two soldiers and wounding at least 30, officials said": the victims are understood.
_ACTIVE_BARE = re.compile(
    r"\b(?P<verb>" + _KILL_VERB + r"|" + _WOUND_VERB + r")\s+(?P<phrase>" + _NUM + r")"
    r"(?=\s*(?:[,.;)]|$|\s+(?:people|others|more|in\s+all|in\s+total|in|at|on|near|when|"
    r"after|during|as|including|and)\b))",
    re.IGNORECASE,
)
# "26 fighters have been killed", "14 personnel were wounded", "five of the wounded"
_PASSIVE = re.compile(
    r"(?<!no )(?<!No )(?P<phrase>\b" + _NUM + r"(?:[\w.’'-]+,?\s+){0,16}?)"
    r"(?:(?:were|was|have\s+been|had\s+been|has\s+been|are|got|being)\s+)?(?:reportedly\s+)?"
    # "was lightly hurt", "were slightly wounded": a light degree word before the verb ("seven
    # were severely hurt" is left alone: the gravely hurt are mostly a subset of the wounded)
    r"(?:(?:lightly|slightly|moderately|mildly)\s+)?"
    r"(?P<verb>killed|dead|wounded|injured|hurt|died"
    r"|(?:suffered|sustained)\s+(?:\w+\s+){0,3}(?:injur(?:y|ies)|wounds)"
    # "was taken to hospital with shrapnel wounds", "was rushed to a hospital with burns"
    r"|(?:taken|rushed|evacuated|admitted|airlifted)\s+to\s+(?:[\w’'-]+\s+){0,5}?"
    r"(?:hospital|clinic)\s+(?:[\w’'-]+\s+){0,3}?with\s+(?:\w+\s+){0,3}?"
    r"(?:wounds|injur(?:y|ies)|burns|fractures))\b",
    re.IGNORECASE,
)
# "killed Hamas deputy leader Saleh al-Arouri and six other members", "Arouri and six others
# were killed": the named person and the others counted.
_NAMED_ACTIVE = re.compile(
    r"\b(?P<verb>killed|killing)\s+(?:[\w.’'-]+\s+){0,5}?[A-Z][\w.’'-]+\s+and\s+"
    r"(?P<phrase>" + _NUM + r"other\b)",
    re.IGNORECASE,
)
_NAMED_PASSIVE = re.compile(
    r"\b[A-Z][\w.’'-]+\s+and\s+(?P<phrase>" + _NUM + r"others?\b(?:\s+[\w-]+){0,3}?)"
    r"\s+(?:were|have\s+been|had\s+been)\s+(?P<verb>killed|wounded|injured)\b",
)
# "killed a commander of the group and his nephew": one more victim.
_AND_KIN = re.compile(
    r"^(?:\s+of\s+(?:the\s+)?[\w-]+)?\s+and\s+(?:his|her)\s+(?:[\w-]+\s+)?"
    r"(?:nephew|niece|son|daughter|brother|sister|wife|husband|father|mother|cousin|bodyguard"
    r"|driver|companion|aide|guard)s?\b",
    re.IGNORECASE,
)
_LEFT = re.compile(
    r"\bleft\s+(?P<phrase>" + _NUM + r"(?:[\w.’'-]+\s+){0,5}?)(?P<verb>dead|wounded|injured|"
    r"suffering|with)\b",
    re.IGNORECASE,
)
# "put the toll at seven", "the death toll rose to 12"
_TOLL = re.compile(
    r"\b(?:death\s+)?toll\s+(?:at|of|rose\s+to|climbed\s+to|reached|to)\s+(?P<phrase>"
    + _NUM
    + r")",
    re.IGNORECASE,
)
_NONE_KILLED = re.compile(
    r"\b(?:no\s+(?:one|deaths|fatalities|casualties)\b(?:\s+(?:was|were))?(?:\s+(?:killed|reported))?"
    # "no American casualties", "no Iraqi forces had been killed or wounded"
    r"|no\s+(?:[A-Z][\w.-]*\s+)(?:deaths|fatalities|casualties)"
    r"|no\s+(?:[\w.-]+\s+){1,3}?(?:was|were|had\s+been|have\s+been)\s+killed"
    r"|did\s+not\s+kill\s+anyone|killed\s+no\s+one|no\s+one\s+was\s+killed)\b",
    re.IGNORECASE,
)
_NONE_HURT = re.compile(
    r"\b(?:no\s+(?:one|injuries|casualties)\s*(?:was|were)?\s*(?:hurt|injured|wounded|reported)?"
    r"|there\s+were\s+no\s+(?:injuries|casualties)|without\s+(?:causing\s+)?(?:casualties|injuries)"
    r"|no\s+one\s+was\s+hurt|nobody\s+was\s+(?:hurt|harmed|injured)|no\s+one\s+was\s+harmed|(?:caused|causing|resulted\s+in|reported)\s+no\s+(?:injuries|casualties)"
    r"|no\s+(?:[\w.-]+\s+){1,3}?(?:was|were|had\s+been)\s+(?:hurt|injured|wounded)"
    # "none of the 25 crew, 23 Filipinos and two Russians, was hurt"
    r"|none\s+of\s+(?:the\s+)?(?:[\w.’'-]+,?\s+){0,10}?(?:was|were|had\s+been)\s+"
    r"(?:hurt|injured|wounded|harmed))\b",
    re.IGNORECASE,
)
_KILL_WORDS = re.compile(r"kill|dead|die|death|slain|lives|fatalit", re.IGNORECASE)
_AGGREGATE = re.compile(
    r"\b(?:since|so\s+far\s+this\s+year|in\s+total|over\s+the\s+(?:past|last)|in\s+combat\s+in"
    r"|since\s+the\s+start)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class Casualties:
    """What one sentence says about the dead and the wounded, with the words that say it."""

    killed: Figure | None
    wounded: Figure | None
    killed_span: tuple[int, int] | None
    wounded_span: tuple[int, int] | None
    # Further figures of other events the sentence tells ("a day after gunmen killed four
    # Israelis, and two days after a raid that killed seven"): (field, figure, span).
    more: tuple = ()


_SPEECH_VERB = re.compile(r"\b(?:said|says|told|added|stated|reported)\b")
_COPULA = re.compile(r"\b(?:was|were|is|are)\s", re.I)
_NONE_OF_BEFORE = re.compile(r"\bnone\s+of\s+(?:the\s+)?$", re.IGNORECASE)
_NUM_AFTER = re.compile(r"\s+" + _NUM, re.I)
# "no one was hurt", "no casualties": neither wounded nor killed.
_NONE_AT_ALL = re.compile(
    r"(?:no\s+one|nobody)\s+was\s+(?:hurt|harmed)|no\s+(?:[A-Z][\w.-]*\s+)?casualties"
    r"|without\s+(?:causing\s+)?casualties",
    re.I,
)
_SUBSET = re.compile(r",?\s+(?:including|among\s+them|among\s+whom|of\s+whom)\b", re.I)


def _phrase_total(phrase: str, article_counts: bool = False) -> Figure | None:
    """Sum the numbers of 'two U.S. troops and one British soldier' (3)."""
    total = 0
    floor = False
    found = False
    between = re.match(r"\s*between\s+\S+(?:\s+hundred)?\s+and\s+", phrase, re.IGNORECASE)
    if between:
        match = NUMBER_RE.match(phrase.strip())
        figure = _figure(match.group("mod"), match.group("num")) if match else None
        if figure is not None and figure.high is not None:
            return figure
    if _SPEECH_VERB.search(phrase):
        return None  # "A doctor said 14 people were killed": the count is after the speaker
    pieces = _SUBSET.split(phrase, maxsplit=1)
    if len(pieces) == 2 and NUMBER_RE.search(pieces[0]):
        phrase = pieces[0]  # "nine people, including four children and three women": nine
    for part in re.split(r"(?<!hundred)\s+and\s+", phrase):
        if re.match(r"another\s", part.strip(), re.IGNORECASE):
            total, found = total + 1, True  # "five troops and another contractor"
            continue
        if re.match(r"(?:a\s+number\s+of|several|many|a\s+few|some\s+[a-z])", part.strip(), re.I):
            floor = True
            continue
        match = NUMBER_RE.match(part.strip())
        if not match:
            continue
        figure = _figure(match.group("mod"), match.group("num"))
        if figure is None:
            continue
        if (
            match.group("num").lower() in ("a", "an")
            and not article_counts
            and not re.match(
                r"(?:a|an)\s+(?:[A-Z][\w’'-]+\s+|(?:young|female|male|local|elderly|teenage|"
                r"pregnant|off-duty)\s+){0,2}(?:soldier|contractor|civilian|member|child|man|"
                r"woman|boy|girl|person|journalist|videographer|photographer|reporter|fighter|"
                r"commander|officer|worker|farmer|shepherd|doctor|nurse|paramedic|policeman|"
                r"guard|service|us|u\.s\.|"
                r"american|british)",
                part.strip(),
                re.IGNORECASE,
            )
        ):
            continue
        total += figure.value
        floor = floor or figure.floor
        found = True
    return Figure(total, floor) if found else None


def _matches(pattern: re.Pattern[str], sentence: str):
    """Every match, retrying one character on when a match held no count ("a number of ...")."""
    position = 0
    while position < len(sentence):
        match = pattern.search(sentence, position)
        if match is None:
            return
        yield match
        figure = _phrase_total(
            match.group("phrase"), article_counts=pattern in (_ACTIVE, _ACTIVE_BARE)
        )
        # "five were treated for shock and one man was hurt": the phrase spans another clause,
        # so the count nearer the verb is tried too
        spans_clause = pattern is _PASSIVE and _COPULA.search(match.group("phrase"))
        position = match.end() if figure is not None and not spans_clause else match.start() + 1


def find_casualties(sentence: str) -> Casualties:
    """The killed and wounded figures one sentence states, or None for each it does not."""
    killed: tuple[Figure, tuple[int, int]] | None = None
    wounded: tuple[Figure, tuple[int, int]] | None = None
    more: list = []
    if _AGGREGATE.search(sentence) and not re.search(r"\battack|strike|blast", sentence, re.I):
        return Casualties(None, None, None, None)
    for pattern in (_NAMED_ACTIVE, _NAMED_PASSIVE):
        for match in pattern.finditer(sentence):
            named = _phrase_total(match.group("phrase"))
            if named is not None and killed is None and _KILL_WORDS.match(match.group("verb")):
                killed = (Figure(named.value + 1, named.floor), match.span())
            elif (
                named is not None and wounded is None and not _KILL_WORDS.match(match.group("verb"))
            ):
                wounded = (Figure(named.value + 1, named.floor), match.span())
    for pattern in (_ACTIVE, _ACTIVE_BARE, _PASSIVE, _LEFT):
        for match in _matches(pattern, sentence):
            phrase = match.group("phrase")
            if pattern is _PASSIVE and _NONE_OF_BEFORE.search(sentence[: match.start("phrase")]):
                continue  # "none of the 25 crew was hurt": no one, not 25
            if pattern is _PASSIVE and re.search(r"\bthe\s+$", sentence[: match.start("verb")]):
                continue  # "five of the wounded were ...": a subset, not a count
            if pattern is _PASSIVE and re.search(r"\b(?:no|was|were|is|are)\s", phrase, re.I):
                continue  # "one tank was put out and no crew were hurt": another clause's subject
            if pattern is _PASSIVE and _NUM_AFTER.match(sentence[match.end() :]):
                continue  # "two gunmen ... killed four Israelis": the killers, not the dead
            if pattern is _PASSIVE and re.search(
                r"\b(?:killed|killing|wounded|wounding|injured|injuring)\s+$",
                sentence[: match.start("phrase")],
                re.IGNORECASE,
            ):
                continue  # "killed 32 people and wounded more": the object, read actively
            if re.match(r"\d+[-\s]year", phrase) or re.search(r"\d+\s*mm\b", phrase):
                continue
            if re.match(
                r"[\w\s]*?\d+(?:\.\d+)?\s*(?:km|kms|kilomet(?:er|re)s?|miles?|mi|meters?|metres?|m|"
                r"percent|%|hours?|days?|weeks?|months?|years?|am|pm|GMT|local)\b",
                phrase,
                re.IGNORECASE,
            ):
                continue  # "10 km south of Qamishli killed": a distance, not a count
            figure = _phrase_total(phrase, article_counts=pattern in (_ACTIVE, _ACTIVE_BARE))
            if figure is None:
                continue
            span = (match.start(), match.end())
            verb = match.group("verb")
            if pattern is _ACTIVE and _AND_KIN.match(sentence[match.end() :]):
                figure = Figure(figure.value + 1, figure.floor)
            if _KILL_WORDS.match(verb) or _KILL_WORDS.search(verb[:6]):
                if killed is None:
                    killed = (figure, span)
                elif not _overlaps(span, [killed[1], *(m[2] for m in more)]):
                    more.append(("fatalities", figure, span))
            elif wounded is None:
                wounded = (figure, span)
            elif not _overlaps(span, [wounded[1], *(m[2] for m in more)]):
                more.append(("wounded", figure, span))
    toll = _TOLL.search(sentence)
    if killed is None and toll:
        figure = _phrase_total(toll.group("phrase"))
        if figure is not None:
            killed = (figure, toll.span())
    none_killed = _NONE_KILLED.search(sentence)
    if killed is None and none_killed:
        killed = (Figure(0), none_killed.span())
    none_hurt = _NONE_HURT.search(sentence)
    if wounded is None and none_hurt:
        wounded = (Figure(0), none_hurt.span())
        if killed is None and _NONE_AT_ALL.search(sentence):
            killed = (Figure(0), none_hurt.span())
    return Casualties(
        killed[0] if killed else None,
        wounded[0] if wounded else None,
        killed[1] if killed else None,
        wounded[1] if wounded else None,
        tuple(more),
    )


def _overlaps(span: tuple[int, int], others: list[tuple[int, int]]) -> bool:
    return any(span[0] < o[1] and o[0] < span[1] for o in others)
