"""A scan answer in the employee's own words, with no word of any option: the closest option by
the words of its name, description and synonyms (one to note, two to offer as a guess), and
nothing for words that say nothing about energy or talent. What is not clearly one option is
kept in the employee's own words by the scan (tests/test_typing_employees.py)."""

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
        ("als iemand het ineens zelf kan, daar word ik blij van", ()),  # "blij" is no "blijven"
        ("rustig blijven bij boze burgers", ()),  # "blijven" is no "Blijven leren"
        ("wat is het weer morgen", ()),
        ("ik krijg er energie van", ()),
    ],
)
def test_a_driver_in_own_words(typed: str, closest: tuple[str, ...]) -> None:
    assert DRIVERS.closest(typed, CATALOGUE.drivers).ids == closest


@pytest.mark.parametrize(
    ("typed", "closest"),
    [
        ("schrijven van nota's", ("communicating",)),
        ("overzicht houden en dingen regelen", ("organising",)),
        ("an eye for the small details", ("precision",)),
        ("waar ben ik goed in? geen idee", ()),
        # "keeping" is in "keeping an overview", but says nothing of what she is good at.
        ("Keeping calm under pressure.", ()),
    ],
)
def test_a_talent_in_own_words(typed: str, closest: tuple[str, ...]) -> None:
    assert TALENTS.closest(typed, CATALOGUE.talents).ids == closest


def test_only_the_options_left_are_guessed() -> None:
    left = [entry for entry in CATALOGUE.drivers if entry != "autonomy"]
    assert DRIVERS.closest("being able to decide how I do my work", left).ids != ("autonomy",)
    assert "autonomy" not in DRIVERS.closest("being able to decide how I do my work", left).ids


def test_clearly_closest_is_noted_and_a_shared_word_is_only_a_guess() -> None:
    everything = list(CATALOGUE.drivers)
    decide = DRIVERS.closest("being able to decide how I do my work", everything)
    assert decide.clear and decide.ids == ("autonomy",)
    # "team" is as much Verbinding's word as Leidinggeven's: with Verbinding already chosen,
    # Leidinggeven is a guess to confirm, not an answer.
    left = [entry for entry in everything if entry != "connection"]
    team = DRIVERS.closest("doing stuff together with the team", left)
    assert not team.clear and team.ids == ("leadership",)


def test_a_word_counts_once_however_many_forms_an_option_has() -> None:
    # Analysing's description says "connections"; that is no reason to outweigh Connecting.
    left = [entry for entry in CATALOGUE.talents if entry not in ("persuading", "executing")]
    assert TALENTS.closest("connecting with people", left).ids == ("connecting",)
