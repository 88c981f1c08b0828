from __future__ import annotations

import pytest

from crosscheck import places


@pytest.mark.parametrize(
    ("name", "country", "level"),
    [
        ("U.K.", "GB", "country"),
        ("the United Kingdom", "GB", "country"),
        ("Britain", "GB", "country"),
        ("the U.S.", "US", "country"),
        ("France", "FR", "country"),
        ("Scotland", "GB", "region"),
        ("Texas", "US", "region"),
        ("London", "GB", "city"),  # London, Ontario is a twentieth of its size
        ("Havana", "CU", "city"),
        ("Georgia", "GE", "country"),  # a country outranks a town of the same name
    ],
)
def test_resolves_countries_under_their_usual_names_regions_and_cities(name: str, country: str, level: str) -> None:
    place = places.resolve(name)
    assert place is not None and (place.country, place.level) == (country, level)


@pytest.mark.parametrize("name", ["Korea", "Of", "Police", "the committee", "Ozy Media"])
def test_ambiguous_short_forms_common_words_and_other_names_resolve_to_nothing(name: str) -> None:
    assert places.resolve(name) is None


def test_a_country_is_backed_by_a_place_inside_it_but_not_the_other_way() -> None:
    london = [places.resolve("London")]
    assert places.backed("U.K.", [p for p in london if p])
    assert places.backed("England", [p for p in london if p])
    assert not places.backed("France", [p for p in london if p])
    uk = places.resolve("Britain")
    assert uk is not None and not places.backed("London", [uk])
    assert places.backed("the United States", [p for p in [places.resolve("USA")] if p])


def test_related_places_are_the_same_or_one_holds_the_other() -> None:
    assert places.related("London", "Britain")
    assert places.related("Houston", "Texas")
    assert not places.related("Houston", "Ohio")
    assert not places.related("Paris", "London")
    assert not places.related("Seoul", "Busan")  # two cities of one country are two places
    assert not places.related("Springfield Lake", "London")  # unknown names relate to nothing


def test_a_city_stands_for_its_country_only_when_its_name_is_clear() -> None:
    # Hong Kong's, British Columbia's and Texas's Victoria: no country is implied.
    assert places.resolve("Victoria") is None
    # A town under the size threshold ("Hyde", England) implies nothing either.
    assert places.resolve("Hyde") is None
    assert not places.backed("U.S.", [p for p in map(places.resolve, ["Kensington", "Hyde Park"]) if p])


@pytest.mark.parametrize(
    ("people", "country"),
    [
        ("Russian", "RU"),
        ("Russians", "RU"),
        ("the British", "GB"),
        ("South Korean", "KR"),
        ("Filipinos", "PH"),
        ("Scottish", "GB"),  # a UK nation
        ("Chinese", "CN"),  # shared with Hong Kong and Macau: China has many times their people
        ("American", "US"),  # shared with US territories
    ],
)
def test_a_nationality_names_its_country(people: str, country: str) -> None:
    name = places.country_of_people(people)
    place = places.resolve(name) if name is not None else None
    assert place is not None and place.country == country


@pytest.mark.parametrize("people", ["Korean", "Democrats", "Muslim", "the committee"])
def test_groups_and_unclear_nationalities_name_no_country(people: str) -> None:
    assert places.country_of_people(people) is None


def test_reading_nationalities_loads_no_city() -> None:
    # Each parse worker reads nationalities; GeoNames' city list (66 MB) is the detectors' to load.
    import subprocess
    import sys

    probe = (
        "from crosscheck import places; places.country_of_people('Russian'); "
        "print(places._gazetteer.cache_info().currsize)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
