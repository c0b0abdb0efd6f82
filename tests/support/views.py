"""Views and vocabularies that the view's property tests and the hostile-URL tests share."""

from __future__ import annotations

import unicodedata
from datetime import date

from events.filters import MAX_TEXT_LENGTH
from events.links import MAX_ZOOM, MIN_ZOOM
from events.view import ViewState, Vocabulary

# Values chosen to be awkward: commas, apostrophe variants, names that differ
# only by case, accents, non-Latin script, characters special in URLs.
VOCAB = Vocabulary(
    actors=(
        "Kata'ib Hezbollah",
        "Kata’ib Hezbollah",
        "Military Forces of Iraq, Popular Mobilization",
        "Unidentified armed group",
        "United States",
        "unknown",
        "Unknown",
        "حزب الله",
        "A&B=C?#D",
    ),
    event_types=("Battles", "Explosions/Remote violence", "Riots"),
    sub_event_types=("Air/drone strike", "Armed clash"),
    countries=("Iraq", "Syria", "Côte d'Ivoire"),
    attributions=("alleged", "claimed", "confirmed", "unknown"),
    sides=("coalition", "iran", "unidentified", "other"),
    event_ids=frozenset({"2020-03-11-camp-taji", "k1", "K1-second", "ev,with,commas"}),
    date_min=date(2019, 12, 27),
    date_max=date(2021, 6, 28),
)


def searchable(text: str) -> bool:
    return (
        bool(text)
        and text == text.strip()
        and not any(unicodedata.category(c) == "Cc" for c in text)
    )


def assert_valid_view(view: ViewState, vocab: Vocabulary) -> None:
    assert type(view) is ViewState
    for name in ("actors", "event_types", "sub_event_types", "countries", "attributions", "sides"):
        chosen = getattr(view, name)
        assert isinstance(chosen, tuple)
        assert len(set(chosen)) == len(chosen)
        assert set(chosen) <= set(getattr(vocab, name))
    for day in (view.date_from, view.date_to):
        assert day is None or type(day) is date
    if view.date_from is not None and view.date_to is not None:
        assert view.date_from <= view.date_to
    assert view.text == "" or searchable(view.text)
    assert len(view.text) <= MAX_TEXT_LENGTH
    assert view.selected is None or view.selected in vocab.event_ids
    assert view.zoom is None or (type(view.zoom) is int and MIN_ZOOM <= view.zoom <= MAX_ZOOM)
    if view.center is not None:
        lat, lon = view.center
        assert -90 <= lat <= 90 and -180 <= lon <= 180
        assert round(lat, 4) == lat and round(lon, 4) == lon


FIELD_OF_KEY = {
    "from": "date_from",
    "to": "date_to",
    "actor": "actors",
    "type": "event_types",
    "sub": "sub_event_types",
    "country": "countries",
    "attr": "attributions",
    "side": "sides",
    "q": "text",
    "event": "selected",
    "center": "center",
    "zoom": "zoom",
    "dates": "date_overlap",
    "play": "play_at",
    "step": "play_step",
    "trail": "play_trail",
    "chain": "chain",
    "chains": "chains_view",
    "suggested": "suggested",
    "colour_by": "colour_by",
}


def given_values(raw) -> list:
    items = raw if isinstance(raw, list) else [raw]
    return [v for v in items if v is not None and not (isinstance(v, str) and not v.strip())]


# A yes/no parameter may say "no" outright: the view then keeps its default.
_NO_WORDS = frozenset({"0", "false", "no", "off"})


def names_the_default(key: str, raw) -> bool:
    """Whether a link's value for a yes/no `key` is an explicit "no" (the default view)."""
    if not isinstance(getattr(ViewState(), FIELD_OF_KEY[key]), bool):
        return False
    values = given_values(raw)
    last = values[-1] if values else None
    return isinstance(last, str) and last.strip().casefold() in _NO_WORDS
