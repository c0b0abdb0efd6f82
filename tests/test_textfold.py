"""One fold for every name: search, actor matching and place lookup agree on apostrophes."""

from __future__ import annotations

import pandas as pd
import pytest

from events.filters import apply
from events.sides import normalise_actor, side_of
from events.view import ViewState
from geo.normalise import name_key, normalise
from textfold import APOSTROPHES, ASCII_APOSTROPHES, fold_text

# Ayn, right and left quotes, the modifier apostrophe, the ASCII one, the backtick.
MARKS = ["\u02bf", "\u2019", "\u2018", "\u02bc", "'", "`"]


@pytest.mark.parametrize("mark", MARKS, ids=[f"U+{ord(m):04X}" for m in MARKS])
def test_every_apostrophe_folds_alike_for_search_actors_and_places(mark):
    assert fold_text(f"Kata{mark}ib") == "kataib"
    # Actor matching: the same group, on the same side.
    assert normalise_actor(f"Kata{mark}ib Hezbollah") == normalise_actor("Kataib Hezbollah")
    assert side_of(f"Asa{mark}ib Ahl al-Haq") == "iran"
    # Place lookup: the same key.
    assert name_key(f"Ba{mark}qubah") == name_key("Baqubah") == "baquba"
    assert normalise(f"near Shu{mark}aybah").key == normalise("near Shuaybah").key


def test_search_finds_every_spelling_whichever_apostrophe_is_typed():
    notes = [f"Rockets claimed by Kata{mark}ib Hezbollah." for mark in MARKS]
    events = pd.DataFrame(
        {
            "event_date": pd.to_datetime(["2020-03-11"] * (len(MARKS) + 1)),
            "location": ["Camp Taji"] * (len(MARKS) + 1),
            "actor1": ["Unidentified armed group"] * (len(MARKS) + 1),
            "actor2": [None] * (len(MARKS) + 1),
            "admin1": ["Baghdad"] * (len(MARKS) + 1),
            "notes": [*notes, "Katyusha rockets."],
        }
    ).astype({"location": "str", "actor1": "str", "admin1": "str", "notes": "str"})
    for typed in ["kataib", *(f"kata{mark}ib" for mark in MARKS)]:
        found = apply(ViewState(text=typed), events)
        assert found.index.tolist() == list(range(len(MARKS))), typed


def test_the_fold_drops_case_accents_and_letters_nfkd_keeps_whole():
    assert fold_text("Camp TÅJI") == "camp taji"
    assert fold_text("Straße Łódź Ørsted") == "strasse lodz orsted"
    # The acute accent used as an apostrophe is dropped, not turned into a space.
    assert fold_text("Ba\u00b4quba") == "baquba"
    assert fold_text("Ｋａｔａ＇ｉｂ") == "kataib"  # full-width letters and apostrophe
    assert fold_text("حِزْبُ الله") == "حزب الله"  # Arabic vowel marks


def test_the_ascii_shortcut_matches_the_full_fold():
    assert ASCII_APOSTROPHES == "'`"
    assert set(ASCII_APOSTROPHES) <= set(APOSTROPHES)
    for text in ["Kata'ib `Hezbollah`", "AL-QAIM", "K-1 Air Base"]:
        assert fold_text(text) == fold_text(text + "é")[:-1]
