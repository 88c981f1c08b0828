"""Words news uses for one event or one measure, so that values told in other words meet.

"killed" / "dead" / "death toll", "injured" / "wounded" / "hurt", "hit" / "damaged" /
"flattened": outlets name the same count with different predicates, and a lemma match alone
never compares them.  The classes are small and closed on purpose: a class joins words that
count the same thing in any story; words outside every class are compared by lemma (and
derivation: "establish" / "establishment").  Nothing here is drawn from a particular story.
"""

from __future__ import annotations

# event class -> the lemmas (verbs, nouns, adjectives, participles) that name it
EVENTS: dict[str, frozenset[str]] = {
    "killed": frozenset(
        [
            "kill",
            "die",
            "dead",
            "death",
            "toll",
            "fatality",
            "fatalities",
            "killing",
            "perish",
            "slay",
            "slain",
            "murder",
            "massacre",
            "body",
            "bodies",
            "life",
            "lives",
            "deadly",
        ]
    ),
    "injured": frozenset(["injure", "injured", "injury", "injuries", "wound", "wounded", "hurt", "maim"]),
    "casualties": frozenset(["casualty", "casualties"]),  # the dead and the injured together
    "missing": frozenset(["missing", "disappear", "unaccounted"]),
    "arrested": frozenset(["arrest", "arrested", "detain", "detained", "detention", "custody"]),
    "evacuated": frozenset(["evacuate", "evacuated", "evacuation"]),
    "displaced": frozenset(["displace", "displaced", "homeless", "uproot", "shelter", "flee"]),
    "rescued": frozenset(["rescue", "rescued", "save"]),
    "damaged": frozenset(
        [
            "hit",
            "damage",
            "damaged",
            "destroy",
            "destroyed",
            "destruction",
            "flatten",
            "raze",
            "level",
            "wreck",
            "devastate",
            "affect",
            "affected",
            "collapse",
        ]
    ),
    "struck": frozenset(["strike", "struck", "hit", "rock", "jolt", "shake", "quake", "tremor", "temblor"]),
    "attacked": frozenset(
        [
            "attack",
            "assault",
            "raid",
            "bomb",
            "bombing",
            "bombard",
            "bombardment",
            "airstrike",
            "strike",
            "shell",
            "shelling",
            "explosion",
            "explode",
            "blast",
        ]
    ),
    "said": frozenset(
        [
            "say",
            "tell",
            "state",
            "announce",
            "announcement",
            "report",
            "add",
            "claim",
            "tweet",
            "write",
            "declare",
            "note",
            "explain",
            "statement",
        ]
    ),
    "acquired": frozenset(["acquire", "acquisition", "buy", "purchase", "takeover"]),
    "voted": frozenset(["vote", "ballot"]),
    "fought": frozenset(["fight", "fighting", "battle", "clash", "combat", "war"]),
    "began": frozenset(["begin", "start", "launch", "outbreak"]),
    "ended": frozenset(["end", "finish", "conclude"]),
    "opened": frozenset(["open", "opening", "reopen", "inauguration", "inaugurate"]),
    "closed": frozenset(["close", "closure", "shut"]),
    "signed": frozenset(["sign", "signing"]),
    "visited": frozenset(["visit", "trip"]),
    "met": frozenset(["meet", "meeting", "talk", "talks", "summit"]),
    "elected": frozenset(["elect", "election"]),
    "independent": frozenset(["independence", "independent", "secede", "secession"]),
    # the bond itself, as the object of "have", "establish", "cut": "ties" and "relations" are one
    "relations": frozenset(["tie", "ties", "relation", "relations", "relationship"]),
}

# Counts of these events are counts of people unless the sentence names what is counted.
PERSON_EVENTS = frozenset(
    {"killed", "injured", "casualties", "missing", "arrested", "evacuated", "displaced", "rescued"}
)
# A zero of the dead and injured together is a zero of each ("no casualties" vs "12 killed").
COVERS = {"casualties": frozenset({"killed", "injured"})}
# Reporting verbs date a statement, not the news: two outlets quote remarks from different days.
SPEECH = "said"
# Verbs that only mark when something else happened: "fighting began in July" dates the fighting.
LIGHT = frozenset({"begin", "start", "happen", "occur", "take", "break", "erupt", "come", "continue", "resume"})

PEOPLE = frozenset(
    [
        "people",
        "person",
        "persons",
        "civilian",
        "civilians",
        "individual",
        "individuals",
        "man",
        "men",
        "woman",
        "women",
        "child",
        "children",
        "resident",
        "residents",
        "inhabitant",
        "inhabitants",
    ]
)
POPULATION = frozenset(["population", "resident", "inhabitant"])
QUAKE = frozenset(["quake", "earthquake", "temblor", "tremor", "shock"])
MAGNITUDE = frozenset(["magnitude", "richter", "strength"])
# length units -> kilometres
LENGTH = {
    "km": 1.0,
    "kilometer": 1.0,
    "kilometre": 1.0,
    "kilometers": 1.0,
    "kilometres": 1.0,
    "kms": 1.0,
    "mile": 1.609344,
    "miles": 1.609344,
    "meter": 0.001,
    "metre": 0.001,
    "meters": 0.001,
    "metres": 0.001,
    "foot": 0.0003048,
    "feet": 0.0003048,
    "ft": 0.0003048,
    "yard": 0.0009144,
    "yards": 0.0009144,
}
TOTAL = frozenset({"total", "overall", "all", "altogether"})  # "in total", "overall", "in all"
LOCATIVE = frozenset({"in", "on", "at", "inside", "outside", "within", "near", "across", "throughout", "off"})
REFERENCE = frozenset({"of", "from"})  # "55 km west of X", "25 km from the border": the place measured from
COMPASS = {
    "north": 0,
    "northeast": 45,
    "north-east": 45,
    "east": 90,
    "southeast": 135,
    "south-east": 135,
    "south": 180,
    "southwest": 225,
    "south-west": 225,
    "west": 270,
    "northwest": 315,
    "north-west": 315,
}

_CLASS_OF: dict[str, frozenset[str]] = {}
for _name, _words in EVENTS.items():
    for _w in _words:
        _CLASS_OF[_w] = _CLASS_OF.get(_w, frozenset()) | {_name}


def event_classes(lemma: str) -> frozenset[str]:
    """The event classes a predicate's lemma belongs to (empty for a word in none)."""
    return _CLASS_OF.get(lemma.lower(), frozenset())
