"""Dates in a report, resolved against its publication date, with ACLED's time precision.

Wire reports date events relative to the day they were written: "on
Wednesday", "last night", "late on Friday", "March 12", "last week", "in
December". Resolution rules, all measured against the publication date:

- a weekday is the most recent such day on or before publication, so a report
  published on a Wednesday that says "on Wednesday" means that day;
- "March 12" without a year is the most recent 12 March not after
  publication; "in December" is the most recent past December (month
  precision, 3), never a month after publication;
- "last week" is publication minus seven days at week precision (2);
- "a week later", "a day after", "the following month", "later in the day",
  "weeks later" are *anchored*: they say how far from another event, and are
  resolved by the caller once that event's date is known;
- a year on its own ("in 2014"), "recently", "since April" resolve to nothing:
  the date is left for the reviewer rather than guessed.

A number is taken as a day only next to a month name, so "The 14th Brigade"
and "the 2015 deal" never become dates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from events.importers.dates import MONTHS

DAY, WEEK, MONTH = 1, 2, 3

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = (
    r"(?-i:(?P<month>January|February|March|April|May|June|July|August|September|October"
    r"|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?"
    r"|Nov\.?|Dec\.?))"
)
_WEEKDAY = r"(?-i:(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(pattern, re.IGNORECASE))
    for kind, pattern in (
        ("iso", r"\b(?P<iso>(?:19|20)\d\d-[01]\d-[0-3]\d)\b"),
        ("mdy", _MONTH + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?,?\s+" + _YEAR + r"\b"),
        ("dmy", r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR),
        (
            "md",
            r"\b"
            + _MONTH
            + r"\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![,.]?\d)",
        ),
        (
            "dm",
            r"\b(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?"
            + _MONTH
            + r"\b(?![,.]?\s*(?:19|20)\d\d)",
        ),
        (
            "my",
            r"\b(?:(?:in|of|since|during|until|by)\s+)?(?:early\s+|mid-?|late\s+)?"
            + _MONTH
            + r"\.?,?\s+"
            + _YEAR
            + r"\b",
        ),
        (
            "m",
            r"\b(?P<prep>in|since|during|until|by|early|late|mid-?|last|this|of)\s+(?:early\s+|late\s+|mid-?)?"
            + _MONTH
            + r"(?P<poss>['’]s)?\b(?!\s+[0-3]?\d\b)",
        ),
        ("mposs", r"\b" + _MONTH + r"['’]s\b"),
        ("mthe", r"\bthe\s+(?:early\s+|late\s+|mid-?)?" + _MONTH + r"\s+(?=[a-z])"),
        (
            "last_night",
            r"\b(?:last|Last)\s+night\b|\b[Oo]vernight\b|\b[Ee]arlier\s+(?:today|tonight)\b",
        ),
        ("today", r"\b(?:today|tonight|[Tt]his\s+morning|[Tt]his\s+afternoon|[Tt]his\s+evening)\b"),
        ("yesterday", r"\b[Yy]esterday\b"),
        ("last_weekday", r"\b(?:[Ll]ast|[Pp]ast)\s+" + _WEEKDAY + r"\b"),
        ("weekday", r"\b" + _WEEKDAY + r"(?:['’]s)?\b"),
        ("last_week", r"\b(?:[Ll]ast|[Pp]ast|[Ee]arlier\s+this|[Tt]his)\s+week(?:end)?\b"),
        ("last_month", r"\b(?:[Ll]ast|[Pp]revious)\s+month\b"),
        ("this_month", r"\b(?:[Ee]arlier\s+)?[Tt]his\s+month\b"),
        (
            "year",
            r"\b(?:[Ii]n|[Ss]ince|[Dd]uring|[Bb]y|[Ii]n\s+early|[Ii]n\s+late)\s+"
            + _YEAR
            + r"\b(?![-–]\d)",
        ),
        (
            "later_day",
            r"\b(?:[Ll]ater\s+(?:in\s+the|that)\s+day|[Hh]ours\s+later|[Tt]he\s+same\s+(?:day|night|evening)|[Ll]ater\s+that\s+(?:night|evening))\b",
        ),
        (
            "previous_day",
            r"\b(?:[Tt]he\s+(?:previous|preceding)\s+day|(?:a|one)\s+day\s+earlier"
            r"|[Tt]he\s+day\s+before(?!\s+(?:the|a|an|its|their|his|her|that)\b))\b",
        ),
        (
            "next_day",
            r"\b(?:[Tt]he\s+(?:next|following)\s+day|(?:a|one)\s+day\s+(?:later|after))\b",
        ),
        ("two_days", r"\b(?:(?P<n>two|three|four|five|six|2|3|4|5|6)\s+days\s+(?:later|after))\b"),
        (
            "few_days",
            r"\b(?:(?:a\s+few|several)\s+days\s+(?:later|after)|[Dd]ays\s+(?:later|after))\b",
        ),
        (
            "week_later",
            r"\b(?:(?:a|one)\s+week\s+(?:later|after)|[Tt]he\s+following\s+week|[Tt]he\s+next\s+week)\b",
        ),
        (
            "weeks_later",
            r"\b(?:(?:a\s+few|several|two|three)\s+weeks\s+(?:later|after)|[Ww]eeks\s+(?:later|after))\b",
        ),
        ("next_month", r"\b(?:[Tt]he\s+(?:following|next)\s+month|(?:a|one)\s+month\s+later)\b"),
        (
            "ago",
            r"\b(?P<n>a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\d{1,2})\s+(?P<unit>day|week|month)s?\s+ago\b",
        ),
        (
            # "air strikes later killed 10", "and later struck": after the event told before
            "later",
            r"\b[Ll]ater(?=\s+(?:on\s+)?(?:killed|struck|hit|shot|fired|bombed|attacked|targeted|"
            r"shelled|launched|pounded|stormed|raided|wounded|injured)\b)",
        ),
        (
            "vague",
            r"\b(?:recently|(?:years|decades|months)\s+(?:later|ago|earlier)|[Rr]ecent\s+(?:days|weeks|months)|[Ii]n\s+the\s+past|[Ee]arlier\s+this\s+year|[Ll]ast\s+year|[Pp]reviously)\b",
        ),
    )
)
_LATE = re.compile(r"\b(?:late\s+on|late|early\s+on|early)\s*$", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date phrase: where it is, what it means.

    `value` and `precision` are set when the phrase resolves on its own.
    Anchored phrases carry `offset_days` (or `offset_months`) from the event
    they follow and no value until the caller anchors them. `unresolved`
    phrases (a bare year, "recently") carry neither.
    """

    start: int
    end: int
    text: str
    kind: str
    value: date | None = None
    precision: int = DAY
    offset_days: int | None = None
    offset_months: int | None = None
    offset_precision: int = DAY

    @property
    def anchored(self) -> bool:
        return self.offset_days is not None or self.offset_months is not None

    @property
    def resolved(self) -> bool:
        return self.value is not None

    def anchor(self, to: date, precision: int) -> DateMention:
        """This anchored phrase resolved against the date of the event it follows."""
        if self.offset_months is not None:
            month = to.month + self.offset_months
            year = to.year + (month - 1) // 12
            value = date(year, (month - 1) % 12 + 1, 1)
            return _replace(self, value=value, precision=MONTH)
        if precision == MONTH:
            to = to.replace(day=15)  # a month-precision anchor: count from its middle
        value = to + timedelta(days=self.offset_days or 0)
        return _replace(self, value=value, precision=max(precision, self.offset_precision))


def _replace(mention: DateMention, **changes) -> DateMention:
    from dataclasses import replace

    return replace(mention, **changes)


def _month_number(text: str) -> int:
    return MONTHS[text.lower().rstrip(".")]


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _latest_day(month: int, day: int, published: date) -> date | None:
    """The most recent month/day not after publication."""
    value = _safe_date(published.year, month, day)
    if value is None or value > published:
        value = _safe_date(published.year - 1, month, day)
    return value


def _latest_month(month: int, published: date) -> date:
    """The first day of the most recent such month not after publication."""
    year = published.year if month <= published.month else published.year - 1
    return date(year, month, 1)


def _weekday(name: str, published: date, strictly_before: bool = False) -> date:
    wanted = WEEKDAYS.index(name.lower())
    back = (published.weekday() - wanted) % 7
    if strictly_before and back == 0:
        back = 7
    return published - timedelta(days=back)


def find_dates(sentence: str, published: date) -> list[DateMention]:
    """Every date phrase in one sentence, in order, resolved where it can be on its own."""
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(sentence):
            span = match.span()
            if any(span[0] < e and s < span[1] for s, e in taken):
                continue
            mention = _resolve(kind, match, sentence, published)
            if mention is None:
                continue
            taken.append(span)
            found.append(mention)
    return sorted(found, key=lambda m: m.start)


def _resolve(kind: str, match: re.Match[str], sentence: str, published: date) -> DateMention | None:
    start, end = match.span()
    text = match.group(0)
    groups = match.groupdict()

    def made(value: date | None, precision: int = DAY, **extra) -> DateMention:
        return DateMention(start, end, text, kind, value, precision, **extra)

    if kind == "iso":
        parts = [int(p) for p in groups["iso"].split("-")]
        value = _safe_date(*parts)
        return made(value) if value else None
    if kind in ("mdy", "dmy"):
        value = _safe_date(int(groups["year"]), _month_number(groups["month"]), int(groups["day"]))
        return made(value) if value else None
    if kind in ("md", "dm"):
        day = int(groups["day"])
        if not 1 <= day <= 31:
            return None
        value = _latest_day(_month_number(groups["month"]), day, published)
        return made(value) if value else None
    if kind == "my":
        return made(date(int(groups["year"]), _month_number(groups["month"]), 1), MONTH)
    if kind == "mthe":
        if groups["month"] == "May":
            return None
        return DateMention(
            start,
            start + len(text.rstrip()),
            text.rstrip(),
            kind,
            _latest_month(_month_number(groups["month"]), published),
            MONTH,
        )
    if kind in ("m", "mposs"):
        if groups["month"].lower().rstrip(".") == "may" and kind == "mposs":
            return None
        if groups.get("prep") and groups["prep"].lower() == "may":
            return None
        if groups["month"] == "May" and not groups.get("prep"):
            return None
        if (groups.get("prep") or "").lower() == "of" and kind == "m":
            return None
        if (groups.get("prep") or "").lower() in ("since", "until", "by"):
            return made(None)  # a period, not the day of an event
        return made(_latest_month(_month_number(groups["month"]), published), MONTH)
    if kind == "last_night":
        return made(published - timedelta(days=1))
    if kind == "today":
        return made(published)
    if kind == "yesterday":
        return made(published - timedelta(days=1))
    if kind == "last_weekday":
        return made(_weekday(groups["weekday"], published, strictly_before=True))
    if kind == "weekday":
        before = sentence[:start]
        late = _LATE.search(before)
        if late:
            start = late.start()
            text = sentence[start:end]
        value = _weekday(groups["weekday"], published)
        return DateMention(start, end, text, kind, value, DAY)
    if kind == "last_week":
        return made(published - timedelta(days=7), WEEK)
    if kind == "last_month":
        month = published.month - 1 or 12
        year = published.year if published.month > 1 else published.year - 1
        return made(date(year, month, 1), MONTH)
    if kind == "this_month":
        return made(date(published.year, published.month, 1), MONTH)
    if kind == "year":
        return made(None)
    if kind in ("later", "later_day"):
        return made(None, offset_days=0)
    if kind == "next_day":
        return made(None, offset_days=1)
    if kind == "previous_day":
        return made(None, offset_days=-1)
    if kind == "two_days":
        n = groups["n"]
        days = int(n) if n.isdigit() else WORD_DAYS[n.lower()]
        return made(None, offset_days=days)
    if kind == "few_days":
        return made(None, offset_days=3, offset_precision=WEEK)
    if kind == "week_later":
        return made(None, offset_days=7)
    if kind == "weeks_later":
        return made(None, offset_days=21, offset_precision=MONTH)
    if kind == "next_month":
        return made(None, offset_months=1)
    if kind == "ago":
        n = groups["n"].lower()
        count = int(n) if n.isdigit() else {"a": 1, "an": 1, "one": 1, **WORD_DAYS, **_MORE}[n]
        unit = groups["unit"].lower()
        if unit == "day":
            return made(published - timedelta(days=count))
        if unit == "week":
            return made(published - timedelta(days=7 * count), WEEK)
        month = published.month - count
        year = published.year + (month - 1) // 12
        return made(date(year, (month - 1) % 12 + 1, 1), MONTH)
    if kind == "vague":
        return made(None)
    return None


WORD_DAYS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_MORE = {"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12}
