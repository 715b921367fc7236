"""A scan answer in the employee's own words, with no word of any option: the closest option by
the words of its name, description and synonyms (one to note, two to offer as a guess), and
nothing for words that say nothing about energy or talent."""

from __future__ import annotations

from pathlib import Path

import pytest

from content import load_catalogue
from dialogs.self_scan import scan_likeness

CATALOGUE = load_catalogue(Path("content"))
LIKENESS = scan_likeness(CATALOGUE)
DRIVERS, TALENTS = LIKENESS["drivers"], LIKENESS["talents"]


@pytest.mark.parametrize(
    ("typed", "closest"),
    [
        ("being able to decide how I do my work", ("autonomy",)),
        ("dat ik zelf kan bepalen hoe ik mijn dag indeel", ("autonomy",)),
        ("problems nobody has solved yet", ("challenge",)),
        ("een leuk team om me heen", ("connection",)),
        ("zekerhied, weten waar ik aan toe ben", ("security",)),
        ("werk dat ertoe doet voor de stad", ("meaning",)),
        # Two nearly as close: both are offered, the closer first.
        ("learning new skills all the time", ("growth", "balance")),
        # Nothing in common with any option: no guess at all.
        ("a decent paycheck, honestly", ()),
        ("banaan", ()),
        ("wat is het weer morgen", ()),
        ("ik krijg er energie van", ()),
    ],
)
def test_a_driver_in_own_words(typed: str, closest: tuple[str, ...]) -> None:
    assert DRIVERS.closest(typed, CATALOGUE.drivers) == closest


@pytest.mark.parametrize(
    ("typed", "closest"),
    [
        ("schrijven van nota's", ("communicating",)),
        ("overzicht houden en dingen regelen", ("organising",)),
        ("an eye for the small details", ("precision",)),
        ("waar ben ik goed in? geen idee", ()),
    ],
)
def test_a_talent_in_own_words(typed: str, closest: tuple[str, ...]) -> None:
    assert TALENTS.closest(typed, CATALOGUE.talents) == closest


def test_only_the_options_left_are_guessed() -> None:
    left = [entry for entry in CATALOGUE.drivers if entry != "autonomy"]
    assert DRIVERS.closest("being able to decide how I do my work", left) != ("autonomy",)
    assert "autonomy" not in DRIVERS.closest("being able to decide how I do my work", left)
